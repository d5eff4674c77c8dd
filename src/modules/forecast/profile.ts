/**
 * Day-of-week profile: multiplicative index per weekday, mean 1. Flat intermittent forecasts are
 * multiplied by it because, summed over many items, flat forecasts lose the weekly shape that
 * dominates the aggregate levels (the M5 lesson on Croston/TSB vs ES_bu).
 */
export function weekdayProfile(
  y: ArrayLike<number>,
  dow: ArrayLike<number>,
  opts: { window?: number; prior?: Float64Array; priorWeight?: number } = {},
): Float64Array {
  const window = opts.window ?? 364;
  const from = Math.max(0, y.length - window);
  const sums = new Float64Array(7);
  const counts = new Float64Array(7);
  let total = 0;
  for (let t = from; t < y.length; t++) {
    sums[dow[t]] += y[t];
    counts[dow[t]]++;
    total += y[t];
  }
  const days = y.length - from;
  const overall = days > 0 ? total / days : 0;
  const prior = opts.prior ?? new Float64Array(7).fill(1);
  // Shrink toward the prior: a weekday index from 20 units of sales is mostly noise.
  const w = total / (total + (opts.priorWeight ?? 200));
  const out = new Float64Array(7);
  for (let j = 0; j < 7; j++) {
    const own = overall > 0 && counts[j] > 0 ? sums[j] / counts[j] / overall : 1;
    out[j] = w * own + (1 - w) * prior[j];
  }
  let norm = 0;
  for (let j = 0; j < 7; j++) norm += out[j];
  for (let j = 0; j < 7; j++) out[j] *= 7 / norm;
  return out;
}
