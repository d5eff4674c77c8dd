/**
 * The forecast endpoints are being built alongside the console; this reads the likely shapes
 * (`history` and `forecast` arrays of dated points with a mean and quantiles) and returns null when
 * the answer looks different, so the page shows it raw instead of guessing.
 */
type Row = Record<string, unknown>;
export interface ForecastSeries {
  x: number[];
  history: (number | null)[];
  mean: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
  lowerLabel: string;
  upperLabel: string;
}

const pick = (r: Row, names: string[]): number | null => {
  for (const n of names) if (typeof r[n] === 'number') return r[n] as number;
  const q = r.quantiles;
  if (q && typeof q === 'object')
    for (const n of names) if (typeof (q as Row)[n] === 'number') return (q as Row)[n] as number;
  return null;
};
const dateOf = (r: Row) =>
  typeof r.date === 'string' ? Date.parse(r.date) / 1000 : typeof r.t === 'number' ? r.t / 1000 : null;

export function readForecast(body: unknown): ForecastSeries | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Row;
  const hist = Array.isArray(b.history) ? (b.history as Row[]) : [];
  const fc = Array.isArray(b.forecast)
    ? (b.forecast as Row[])
    : Array.isArray(b.points)
      ? (b.points as Row[])
      : null;
  if (!fc) return null;
  const points = new Map<
    number,
    { h: number | null; m: number | null; lo: number | null; hi: number | null }
  >();
  for (const r of hist) {
    const x = dateOf(r);
    if (x !== null)
      points.set(x, { h: pick(r, ['value', 'units', 'qty', 'y']), m: null, lo: null, hi: null });
  }
  for (const r of fc) {
    const x = dateOf(r);
    if (x === null) continue;
    const prev = points.get(x) ?? { h: null, m: null, lo: null, hi: null };
    points.set(x, {
      ...prev,
      m: pick(r, ['mean', 'p50', 'median', 'value', 'y']),
      lo: pick(r, ['p10', 'lo', 'lower', 'q10', 'p05']),
      hi: pick(r, ['p90', 'hi', 'upper', 'q90', 'p95']),
    });
  }
  if (points.size === 0) return null;
  const xs = [...points.keys()].sort((a, b) => a - b);
  return {
    x: xs,
    history: xs.map((x) => points.get(x)!.h),
    mean: xs.map((x) => points.get(x)!.m),
    lower: xs.map((x) => points.get(x)!.lo),
    upper: xs.map((x) => points.get(x)!.hi),
    lowerLabel: 'lower quantile',
    upperLabel: 'upper quantile',
  };
}
