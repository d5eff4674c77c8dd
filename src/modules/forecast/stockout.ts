import type { DemandSeries } from './types.ts';

/**
 * Replace stocked-out days by an estimate of the demand that could not be observed: the mean of the
 * same weekday over the nearest unflagged weeks (up to 8 back, then forward), else the unflagged mean.
 * Learning the recorded zeros would teach every model that demand vanished whenever the shelf was empty.
 */
export function imputeStockouts(series: DemandSeries, m = 7): Float64Array {
  const { y, stockout } = series;
  if (!stockout) return y;
  let flagged = 0;
  let okSum = 0;
  for (let t = 0; t < y.length; t++) {
    if (stockout[t]) flagged++;
    else okSum += y[t];
  }
  if (flagged === 0) return y;
  const okMean = y.length > flagged ? okSum / (y.length - flagged) : 0;
  const out = Float64Array.from(y);
  for (let t = 0; t < y.length; t++) {
    if (!stockout[t]) continue;
    let s = 0;
    let c = 0;
    for (let k = 1; k <= 8 && c < 4; k++) {
      const u = t - k * m;
      if (u >= 0 && !stockout[u]) {
        s += y[u];
        c++;
      }
    }
    for (let k = 1; k <= 8 && c < 2; k++) {
      const u = t + k * m;
      if (u < y.length && !stockout[u]) {
        s += y[u];
        c++;
      }
    }
    out[t] = c > 0 ? s / c : okMean;
  }
  return out;
}

/** Observed-day mask: 1 where the recorded value is a real demand observation. */
export function observedMask(series: DemandSeries): Uint8Array {
  const mask = new Uint8Array(series.y.length).fill(1);
  if (series.stockout) for (let t = 0; t < mask.length; t++) if (series.stockout[t]) mask[t] = 0;
  return mask;
}
