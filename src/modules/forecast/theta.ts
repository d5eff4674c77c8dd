import { mean, nelderMead } from './stats.ts';
import type { PointForecast } from './types.ts';

/** True when the lag-m autocorrelation is significant at 90% (the test used by the Theta benchmarks). */
export function isSeasonal(y: ArrayLike<number>, m: number): boolean {
  const n = y.length;
  if (n < 3 * m) return false;
  const mu = mean(y);
  let denom = 0;
  for (let t = 0; t < n; t++) denom += (y[t] - mu) ** 2;
  if (denom === 0) return false;
  const acf = (lag: number) => {
    let s = 0;
    for (let t = lag; t < n; t++) s += (y[t] - mu) * (y[t - lag] - mu);
    return s / denom;
  };
  let sumSq = 0;
  for (let k = 1; k < m; k++) sumSq += acf(k) ** 2;
  return Math.abs(acf(m)) > 1.645 * Math.sqrt((1 + 2 * sumSq) / n);
}

/** Seasonal indices by phase (phase 0 = the first observation), additive when zeros forbid ratios. */
export function seasonalIndices(
  y: ArrayLike<number>,
  m: number,
): { idx: Float64Array; multiplicative: boolean } {
  let positive = true;
  for (let t = 0; t < y.length; t++) if (y[t] <= 0) positive = false;
  const overall = mean(y);
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let t = 0; t < y.length; t++) {
    sums[t % m] += y[t];
    counts[t % m]++;
  }
  const idx = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const phaseMean = counts[j] ? sums[j] / counts[j] : overall;
    idx[j] = positive ? phaseMean / overall : phaseMean - overall;
  }
  return { idx, multiplicative: positive };
}

function sesFit(x: Float64Array): { alpha: number; level: number; sigma: number } {
  const sse = (alpha: number) => {
    let l = x[0];
    let s = 0;
    for (let t = 1; t < x.length; t++) {
      const e = x[t] - l;
      s += e * e;
      l += alpha * e;
    }
    return { s, l };
  };
  const { x: best } = nelderMead(
    (p) => (p[0] <= 0.01 || p[0] >= 0.99 ? Number.POSITIVE_INFINITY : sse(p[0]).s),
    [0.2],
    { step: 0.1, maxIter: 40 },
  );
  const alpha = best[0];
  const r = sse(alpha);
  return { alpha, level: r.l, sigma: Math.sqrt(r.s / Math.max(1, x.length - 1)) };
}

/** Standard Theta (Assimakopoulos & Nikolopoulos 2000) as SES with drift b/2 (Hyndman & Billah 2003). */
export function theta(y: Float64Array, h: number, opts: { m?: number; window?: number } = {}): PointForecast {
  const m = opts.m ?? 7;
  const window = opts.window ?? 730;
  const src = y.length > window ? y.subarray(y.length - window) : y;
  const n = src.length;
  const seasonal = isSeasonal(src, m);
  const { idx, multiplicative } = seasonal
    ? seasonalIndices(src, m)
    : { idx: new Float64Array(m), multiplicative: false };
  const adjust = (v: number, t: number, inverse: boolean) => {
    if (!seasonal) return v;
    const s = idx[t % m];
    if (multiplicative) return inverse ? v * s : v / s;
    return inverse ? v + s : v - s;
  };
  const x = new Float64Array(n);
  for (let t = 0; t < n; t++) x[t] = adjust(src[t], t, false);
  // OLS slope of the deseasonalised series (the theta=0 line).
  const tMean = (n - 1) / 2;
  const xMean = mean(x);
  let num = 0;
  let den = 0;
  for (let t = 0; t < n; t++) {
    num += (t - tMean) * (x[t] - xMean);
    den += (t - tMean) ** 2;
  }
  const b = den > 0 ? num / den : 0;
  const fit = sesFit(x);
  const out = new Float64Array(h);
  const sd = new Float64Array(h);
  const drift = (1 - (1 - fit.alpha) ** n) / fit.alpha;
  for (let i = 0; i < h; i++) {
    out[i] = adjust(fit.level + 0.5 * b * (i + drift), n + i, true);
    sd[i] = fit.sigma * Math.sqrt(1 + i * fit.alpha * fit.alpha);
  }
  return { model: 'Theta', mean: out, sd };
}
