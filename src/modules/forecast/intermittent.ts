import { sesLevel } from './ets.ts';
import { mean, variance } from './stats.ts';
import type { DemandClass, PointForecast } from './types.ts';

/** Cut-offs of Syntetos, Boylan & Croston (2005). */
export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export interface DemandProfile {
  adi: number;
  cv2: number;
  demandClass: DemandClass;
  /** Index of the first non-zero observation (series "start" for scaling and fitting). */
  start: number;
}

/** Classify from the first sale on: average inter-demand interval and squared CV of sizes. */
export function classifyDemand(y: ArrayLike<number>): DemandProfile {
  let start = 0;
  while (start < y.length && y[start] <= 0) start++;
  const sizes: number[] = [];
  for (let t = start; t < y.length; t++) if (y[t] > 0) sizes.push(y[t]);
  if (sizes.length === 0)
    return { adi: Number.POSITIVE_INFINITY, cv2: 0, demandClass: 'lumpy', start: y.length };
  const adi = (y.length - start) / sizes.length;
  const m = mean(sizes);
  const cv2 = sizes.length > 1 ? variance(sizes) / (m * m) : 0;
  const demandClass: DemandClass =
    adi < ADI_CUTOFF
      ? cv2 < CV2_CUTOFF
        ? 'smooth'
        : 'erratic'
      : cv2 < CV2_CUTOFF
        ? 'intermittent'
        : 'lumpy';
  return { adi, cv2, demandClass, start };
}

function flat(model: string, level: number, h: number, y: ArrayLike<number>): PointForecast {
  // Residual scale around a flat rate: the spread of recent demand itself.
  const from = Math.max(0, y.length - 364);
  let ss = 0;
  for (let t = from; t < y.length; t++) ss += (y[t] - level) ** 2;
  const sigma = Math.sqrt(ss / Math.max(1, y.length - from));
  return { model, mean: new Float64Array(h).fill(Math.max(0, level)), sd: new Float64Array(h).fill(sigma) };
}

/** Croston (1972) and the Syntetos–Boylan approximation (SBA, 2005): SES on sizes and intervals. */
export function croston(
  y: ArrayLike<number>,
  h: number,
  opts: { alpha?: number; variant?: 'classic' | 'sba' } = {},
): PointForecast {
  const alpha = opts.alpha ?? 0.1;
  let z = 0;
  let p = 0;
  let last = -1;
  for (let t = 0; t < y.length; t++) {
    if (y[t] <= 0) continue;
    const interval = t - last;
    if (last < 0) {
      z = y[t];
      p = interval;
    } else {
      z += alpha * (y[t] - z);
      p += alpha * (interval - p);
    }
    last = t;
  }
  const bias = opts.variant === 'sba' ? 1 - alpha / 2 : 1;
  const rate = p > 0 ? (bias * z) / p : 0;
  return flat(opts.variant === 'sba' ? 'SBA' : 'Croston', rate, h, y);
}

/** TSB (Teunter, Syntetos & Babai 2011): demand probability updated every period, so it decays to zero. */
export function tsb(
  y: ArrayLike<number>,
  h: number,
  opts: { alphaD?: number; alphaP?: number } = {},
): PointForecast {
  const alphaD = opts.alphaD ?? 0.1;
  const alphaP = opts.alphaP ?? 0.1;
  let start = 0;
  while (start < y.length && y[start] <= 0) start++;
  if (start === y.length) return flat('TSB', 0, h, y);
  let z = y[start];
  let prob = 1 / Math.max(1, classifyDemand(y).adi);
  for (let t = start + 1; t < y.length; t++) {
    const occurred = y[t] > 0 ? 1 : 0;
    prob += alphaP * (occurred - prob);
    if (occurred) z += alphaD * (y[t] - z);
  }
  return flat('TSB', prob * z, h, y);
}

/** Per-period rate from SES on non-overlapping buckets of size k, aligned to the end of the series. */
function aggregatedRate(y: ArrayLike<number>, k: number, alpha: number, from: number): number {
  const buckets = Math.floor((y.length - from) / k);
  if (buckets < 1) return mean(y, from, y.length);
  const agg = new Float64Array(buckets);
  const offset = y.length - buckets * k;
  for (let b = 0; b < buckets; b++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += y[offset + b * k + i];
    agg[b] = s;
  }
  return sesLevel(agg, alpha) / k;
}

/** ADIDA (Nikolopoulos et al. 2011): aggregate at the mean inter-demand interval, forecast, spread evenly. */
export function adida(y: ArrayLike<number>, h: number, opts: { alpha?: number } = {}): PointForecast {
  const prof = classifyDemand(y);
  const k = Math.max(1, Math.round(Number.isFinite(prof.adi) ? prof.adi : 1));
  return flat('ADIDA', aggregatedRate(y, k, opts.alpha ?? 0.1, prof.start), h, y);
}

/** iMAPA (Petropoulos & Kourentzes 2015): mean of the ADIDA rates over aggregation levels 1..K. */
export function imapa(
  y: ArrayLike<number>,
  h: number,
  opts: { alpha?: number; maxK?: number } = {},
): PointForecast {
  const prof = classifyDemand(y);
  const maxK = opts.maxK ?? Math.max(1, Math.min(28, Math.round(Number.isFinite(prof.adi) ? prof.adi : 1)));
  let s = 0;
  for (let k = 1; k <= maxK; k++) s += aggregatedRate(y, k, opts.alpha ?? 0.1, prof.start);
  return flat('iMAPA', s / maxK, h, y);
}
