import type { SeriesKey } from './hierarchy.ts';
import type { DemandSeries, ExternalSignal, ForecastCalendar } from './types.ts';

/** A loaded data set: history, optional held-out truth, prices and calendar over history + horizon. */
export interface ForecastDataset {
  keys: SeriesKey[];
  /** ISO dates of history followed by the horizon. */
  dates: string[];
  history: DemandSeries[];
  actual?: Float64Array[];
  /** Unit price per day (history + horizon); NaN where unknown. */
  price: Float64Array[];
  /** 1 on promotion days (history + horizon), when the source has them. */
  promo?: Uint8Array[];
  /** 1 on SNAP (food stamp) days for the series' region, when known. */
  snap?: Uint8Array[];
  calendar: ForecastCalendar;
  horizon: number;
  /** Period of the series; weekly series use a 52-period season and no weekday profile. */
  freq?: 'day' | 'week';
  /** Season length in periods: 7 (daily, default) or 52 (weekly). */
  season?: number;
}

/** Dollar sales over the last 28 days of history (the M5 weighting; 4 periods for weekly data). */
export function dollarSales(ds: ForecastDataset, days = ds.freq === 'week' ? 4 : 28): Float64Array {
  return Float64Array.from(ds.history, (s, i) => {
    let v = 0;
    for (let t = Math.max(0, s.y.length - days); t < s.y.length; t++) {
      const p = ds.price[i][t];
      // Without a known price, units stand in for dollars (a long CSV need not carry prices).
      v += s.y[t] * (Number.isFinite(p) ? p : 1);
    }
    return v;
  });
}

/** Relative price: today's price over the series' median known price (1 when unknown). */
function relativePrices(price: Float64Array[]): Float64Array[] {
  return price.map((p) => {
    const known = Array.from(p)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const med = known.length ? known[Math.floor(known.length / 2)] : 1;
    return p.map((v) => (Number.isFinite(v) && med > 0 ? v / med : 1));
  });
}

/** The data set's calendar, price, promotion and SNAP columns as global-model regressors. */
export function datasetSignals(ds: ForecastDataset): ExternalSignal[] {
  const signals: ExternalSignal[] = [];
  const rel = relativePrices(ds.price);
  signals.push({ name: 'relative_price', mode: 'regressor', value: (s, t) => rel[s][t] });
  const { promo, snap } = ds;
  if (promo) signals.push({ name: 'promo', mode: 'regressor', value: (s, t) => promo[s][t] });
  if (snap) signals.push({ name: 'snap', mode: 'regressor', value: (s, t) => snap[s][t] });
  return signals;
}

/** Day of week 0..6 (0 = Sunday) for ISO dates, computed in UTC. */
export function weekdays(dates: readonly string[]): Uint8Array {
  return Uint8Array.from(dates, (d) => new Date(`${d}T00:00:00Z`).getUTCDay());
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
