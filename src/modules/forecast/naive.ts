import { mean } from './stats.ts';
import type { PointForecast } from './types.ts';

/** Seasonal naive: repeat the last full season; sd from the in-sample seasonal differences. */
export function seasonalNaive(y: Float64Array, h: number, m = 7): PointForecast {
  const n = y.length;
  const out = new Float64Array(h);
  if (n < m) {
    out.fill(mean(y));
    return { model: 'snaive', mean: out, sd: new Float64Array(h).fill(0) };
  }
  for (let i = 0; i < h; i++) out[i] = y[n - m + (i % m)];
  let ss = 0;
  for (let t = m; t < n; t++) ss += (y[t] - y[t - m]) ** 2;
  const sigma = Math.sqrt(ss / Math.max(1, n - m));
  // Error variance grows with the number of seasons crossed (random walk on the season).
  const sd = new Float64Array(h);
  for (let i = 0; i < h; i++) sd[i] = sigma * Math.sqrt(Math.floor(i / m) + 1);
  return { model: 'snaive', mean: out, sd };
}

/** Naive: last value carried forward. */
export function naive(y: Float64Array, h: number): PointForecast {
  const last = y.length ? y[y.length - 1] : 0;
  let ss = 0;
  for (let t = 1; t < y.length; t++) ss += (y[t] - y[t - 1]) ** 2;
  const sigma = Math.sqrt(ss / Math.max(1, y.length - 1));
  const sd = new Float64Array(h);
  for (let i = 0; i < h; i++) sd[i] = sigma * Math.sqrt(i + 1);
  return { model: 'naive', mean: new Float64Array(h).fill(last), sd };
}
