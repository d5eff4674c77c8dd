import type uPlot from 'uplot';

/** `GET /v1/forecasts` rows (docs/forecasting.md): one per node and date, mean plus quantiles. */
export interface ForecastRow {
  node: string;
  level: string;
  product: string | null;
  location: string | null;
  date: string;
  mean: number;
  quantiles: number[];
}
export interface ForecastAnswer {
  run: { id: string; createdAt?: number | string; horizon?: number; model?: unknown };
  quantileLevels: number[];
  forecasts: ForecastRow[];
}
/** `GET /v1/forecasts/history` rows: one node's recorded daily sales before the run's first forecast day. */
export interface HistoryRow {
  node: string;
  level: string;
  dates: string[];
  units: number[];
  /** The same with stockout-censored days imputed: what the models learned from. */
  imputed: number[];
  /** Product × location series of the node whose sales were stockout-censored that day. */
  stockout: number[];
}
export interface HistoryAnswer {
  run: { id: string };
  history: HistoryRow[];
}
export interface PlanLine {
  product: string;
  location: string;
  safetyStock: number;
  reorderPoint: number;
  orderUpTo: number;
  position: number;
  order: number;
  stockoutRisk: number;
  daysOfCover: number | null;
}

export const HIERARCHY_LEVELS = ['total', 'region', 'location', 'category', 'department', 'product'] as const;

export function nodesOf(rows: ForecastRow[]): string[] {
  return [...new Set(rows.map((r) => r.node))];
}

const nearest = (levels: number[], q: number) =>
  levels.reduce((best, l, i) => (Math.abs(l - q) < Math.abs(levels[best]! - q) ? i : best), 0);

/**
 * Chart columns for one node: its history (recorded sales, then with stockouts imputed, days before
 * the forecast), then the mean,
 * the 16.5–83.5 % band and the 2.5–97.5 % band; each series is null where the other part is drawn.
 */
export function chartData(
  rows: ForecastRow[],
  node: string,
  levels: number[],
  history?: HistoryRow,
): uPlot.AlignedData {
  const mine = rows.filter((r) => r.node === node).sort((a, b) => a.date.localeCompare(b.date));
  const first = mine[0]?.date;
  const past = (history?.dates ?? [])
    .map((date, i) => ({ date, units: history!.units[i]!, imputed: history!.imputed[i]! }))
    .filter((h) => first === undefined || h.date < first);
  const [lo95, lo67, hi67, hi95] = [0.025, 0.165, 0.835, 0.975].map((q) => nearest(levels, q));
  const gap = past.map(() => null);
  const col = (i: number) => [...gap, ...mine.map((r) => r.quantiles[i] ?? null)];
  return [
    [...past, ...mine].map((r) => Date.parse(r.date) / 1000),
    [...past.map((h) => h.units), ...mine.map(() => null)],
    [...past.map((h) => h.imputed), ...mine.map(() => null)],
    [...gap, ...mine.map((r) => r.mean)],
    col(lo67!),
    col(hi67!),
    col(lo95!),
    col(hi95!),
  ];
}
