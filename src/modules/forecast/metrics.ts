/** M5 accuracy (RMSSE/WRMSSE) and uncertainty (SPL/WSPL) metrics, as the M5 guide defines them. */

function firstSale(train: ArrayLike<number>): number {
  let s = 0;
  while (s < train.length && train[s] === 0) s++;
  return s;
}

/** Mean squared one-step naive difference from the first sale on (RMSSE denominator). */
export function rmsseScale(train: ArrayLike<number>): number {
  const s = firstSale(train);
  let sum = 0;
  for (let t = s + 1; t < train.length; t++) sum += (train[t] - train[t - 1]) ** 2;
  return train.length - s - 1 > 0 ? sum / (train.length - s - 1) : 0;
}

/** Mean absolute one-step naive difference from the first sale on (SPL denominator). */
export function splScale(train: ArrayLike<number>): number {
  const s = firstSale(train);
  let sum = 0;
  for (let t = s + 1; t < train.length; t++) sum += Math.abs(train[t] - train[t - 1]);
  return train.length - s - 1 > 0 ? sum / (train.length - s - 1) : 0;
}

export function rmsse(
  train: ArrayLike<number>,
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
): number {
  const scale = rmsseScale(train);
  let mse = 0;
  for (let i = 0; i < actual.length; i++) mse += (actual[i] - forecast[i]) ** 2;
  mse /= actual.length;
  return scale > 0 ? Math.sqrt(mse / scale) : Number.NaN;
}

export function pinball(actual: number, q: number, u: number): number {
  return actual >= q ? u * (actual - q) : (1 - u) * (q - actual);
}

/** Scaled pinball loss averaged over the quantile levels (M5 WSPL's per-series term). */
export function spl(
  train: ArrayLike<number>,
  actual: ArrayLike<number>,
  quantiles: readonly ArrayLike<number>[],
  levels: readonly number[],
): number {
  const scale = splScale(train);
  if (!(scale > 0)) return Number.NaN;
  let total = 0;
  for (let q = 0; q < levels.length; q++) {
    let s = 0;
    for (let i = 0; i < actual.length; i++) s += pinball(actual[i], quantiles[q][i], levels[q]);
    total += s / actual.length / scale;
  }
  return total / levels.length;
}

/** Dollar-sales weights over the last `days` days of training, normalised to sum to 1. */
export function dollarWeights(
  units: readonly ArrayLike<number>[],
  prices: readonly ArrayLike<number>[],
  days = 28,
): Float64Array {
  const w = new Float64Array(units.length);
  let total = 0;
  units.forEach((u, i) => {
    let s = 0;
    for (let t = Math.max(0, u.length - days); t < u.length; t++)
      s += u[t] * (Number.isFinite(prices[i][t]) ? prices[i][t] : 0);
    w[i] = s;
    total += s;
  });
  if (total > 0) for (let i = 0; i < w.length; i++) w[i] /= total;
  return w;
}

/** Weighted mean of per-series scores, skipping series whose score is undefined (no sales yet). */
export function weightedScore(scores: ArrayLike<number>, weights: ArrayLike<number>): number {
  let s = 0;
  let w = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) continue;
    s += scores[i] * weights[i];
    w += weights[i];
  }
  return w > 0 ? s / w : Number.NaN;
}
