import { PanierError } from '../../kernel/index.ts';
import { addDays, type ForecastDataset, type SeriesKey, weekdays } from '../../modules/forecast/index.ts';
import { type CsvTable, column, parseUnits, readCsv, rowError } from './csv.ts';

interface Obs {
  line: number;
  day: string;
  units: number;
  price: number;
  promo: number;
  stockout: number;
}

interface Parsed {
  keys: Map<string, SeriesKey>;
  obs: Map<string, Obs[]>;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Parse a long CSV: one row per product × location × date. Rows of a series must be in date order. */
function parseLong(t: CsvTable): Parsed {
  const c = {
    date: column(t, 'date'),
    product: column(t, 'product'),
    location: column(t, 'location'),
    units: column(t, 'units'),
    price: column(t, 'price', false),
    promo: column(t, 'promo', false),
    stockout: column(t, 'stockout', false),
    onHand: column(t, 'on_hand', false),
    department: column(t, 'department', false),
    category: column(t, 'category', false),
    region: column(t, 'region', false),
  };
  const keys = new Map<string, SeriesKey>();
  const obs = new Map<string, Obs[]>();
  const opt = (cells: string[], i: number, fallback: string) =>
    i >= 0 && cells[i] !== '' ? cells[i] : fallback;
  for (const { line, cells } of t.rows) {
    const day = cells[c.date].trim();
    if (!ISO.test(day) || Number.isNaN(Date.parse(day)))
      throw rowError(t.file, line, `date is not YYYY-MM-DD: "${day}"`);
    const product = cells[c.product];
    const location = cells[c.location];
    if (!product || !location) throw rowError(t.file, line, 'product and location are required');
    const id = `${product}|${location}`;
    if (!keys.has(id)) {
      keys.set(id, {
        product,
        location,
        department: opt(cells, c.department, '(all)'),
        category: opt(cells, c.category, '(all)'),
        region: opt(cells, c.region, '(all)'),
      });
      obs.set(id, []);
    }
    const list = obs.get(id) as Obs[];
    const prev = list[list.length - 1];
    if (prev && prev.day >= day)
      throw rowError(
        t.file,
        line,
        `dates out of order for ${product} at ${location}: ${day} after ${prev.day}`,
      );
    const price =
      c.price >= 0 && cells[c.price] !== '' ? parseUnits(t, line, cells[c.price], 'price') : Number.NaN;
    const onHand =
      c.onHand >= 0 && cells[c.onHand] !== '' ? parseUnits(t, line, cells[c.onHand], 'on_hand') : Number.NaN;
    const flag = (i: number, what: string) =>
      i >= 0 && cells[i] !== '' ? parseUnits(t, line, cells[i], what) : 0;
    list.push({
      line,
      day,
      units: parseUnits(t, line, cells[c.units], 'units'),
      price,
      promo: flag(c.promo, 'promo') > 0 ? 1 : 0,
      stockout: flag(c.stockout, 'stockout') > 0 || onHand === 0 ? 1 : 0,
    });
  }
  if (keys.size === 0) throw rowError(t.file, 2, 'no data rows');
  return { keys, obs };
}

function dayIndex(start: string, day: string): number {
  return Math.round((Date.parse(day) - Date.parse(start)) / 86_400_000);
}

/**
 * Read a long CSV as a data set. Missing dates inside a series count as zero sales. Without `testPath`
 * the last `horizon` days are held out; with it, truth comes from that file (same layout).
 */
export type Freq = 'day' | 'week';

/**
 * Weekly when every date sits on one weekday grid (all offsets from the first date are multiples
 * of 7); a requested frequency is checked against the dates, with the offending line.
 */
function periodStep(file: string, parsed: Parsed, first: string, freq?: Freq): number {
  const all = [...parsed.obs.values()].flat();
  const offGrid = all.find((o) => dayIndex(first, o.day) % 7 !== 0);
  if (freq === 'week' && offGrid)
    throw rowError(
      file,
      offGrid.line,
      `date ${offGrid.day} is not on the weekly grid that starts ${first} (use --freq day)`,
    );
  if (freq) return freq === 'week' ? 7 : 1;
  return offGrid || all.length === parsed.obs.size ? 1 : 7;
}

export function readLong(path: string, horizon: number, testPath?: string, freq?: Freq): ForecastDataset {
  const parsed = parseLong(readCsv(path));
  let first = '9999-12-31';
  let last = '0000-01-01';
  for (const list of parsed.obs.values()) {
    if (list[0].day < first) first = list[0].day;
    if (list[list.length - 1].day > last) last = list[list.length - 1].day;
  }
  const step = periodStep(path, parsed, first, freq);
  const total = dayIndex(first, last) / step + 1 + (testPath ? horizon : 0);
  const n = total - horizon;
  if (n < 14)
    throw new PanierError(
      'invalid_argument',
      `${path}: only ${n} periods of history before a ${horizon}-period horizon`,
    );
  const ids = [...parsed.keys.keys()];
  const full = ids.map(() => ({
    y: new Float64Array(total),
    price: new Float64Array(total).fill(Number.NaN),
    promo: new Uint8Array(total),
    stockout: new Uint8Array(total),
  }));
  ids.forEach((id, s) => {
    for (const o of parsed.obs.get(id) as Obs[]) {
      const t = dayIndex(first, o.day) / step;
      full[s].y[t] = o.units;
      full[s].price[t] = o.price;
      full[s].promo[t] = o.promo;
      full[s].stockout[t] = o.stockout;
    }
  });
  if (testPath) mergeTest(testPath, parsed, ids, full, first, n, step);
  const dates = Array.from({ length: total }, (_, i) => addDays(first, i * step));
  return {
    keys: ids.map((id) => parsed.keys.get(id) as SeriesKey),
    dates,
    history: ids.map((id, s) => ({ id, y: full[s].y.slice(0, n), stockout: full[s].stockout.slice(0, n) })),
    actual: full.map((f) => f.y.slice(n)),
    price: full.map((f) => forwardFill(f.price)),
    promo: full.map((f) => f.promo),
    calendar: { dow: weekdays(dates) },
    horizon,
    freq: step === 7 ? 'week' : 'day',
    season: step === 7 ? 52 : 7,
  };
}

function mergeTest(
  testPath: string,
  train: Parsed,
  ids: string[],
  full: { y: Float64Array; price: Float64Array; promo: Uint8Array }[],
  first: string,
  n: number,
  step: number,
): void {
  const test = parseLong(readCsv(testPath));
  for (const [id, list] of test.obs) {
    const s = ids.indexOf(id);
    if (s < 0 || !train.keys.has(id)) {
      throw rowError(
        testPath,
        list[0].line,
        `unknown product/location ${id.replace('|', ' at ')} (not in the history file)`,
      );
    }
    for (const o of list) {
      const offset = dayIndex(first, o.day);
      const d = offset / step;
      if (offset % step !== 0 || d < n || d >= full[s].y.length) {
        throw rowError(testPath, o.line, `date ${o.day} is outside the test period`);
      }
      full[s].y[d] = o.units;
      full[s].price[d] = o.price;
      full[s].promo[d] = o.promo;
    }
  }
}

/** Prices are carried forward over days without a row (the shelf price did not change). */
function forwardFill(p: Float64Array): Float64Array {
  let last = Number.NaN;
  return p.map((v) => {
    if (Number.isFinite(v)) last = v;
    return last;
  });
}
