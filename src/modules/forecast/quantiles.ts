import { probit } from './stats.ts';
import { type PointForecast, QUANTILE_LEVELS, type QuantileForecast } from './types.ts';

/**
 * Quantiles of a count with mean mu and variance v: negative binomial when over-dispersed, Poisson
 * otherwise, normal beyond mu = 150 where the discrete walk gets long and the normal is accurate.
 */
export function countQuantiles(
  mu: number,
  v: number,
  levels: readonly number[],
  out: Float64Array[],
  i: number,
): void {
  if (!(mu > 0)) {
    for (let q = 0; q < levels.length; q++) out[q][i] = 0;
    return;
  }
  const vv = Math.max(v, mu);
  if (mu > 150) {
    const sd = Math.sqrt(vv);
    for (let q = 0; q < levels.length; q++) out[q][i] = Math.max(0, mu + sd * probit(levels[q]));
    return;
  }
  const poisson = vv <= mu * 1.0001;
  const r = poisson ? 0 : (mu * mu) / (vv - mu);
  const p = poisson ? 0 : r / (r + mu);
  let pmf = poisson ? Math.exp(-mu) : Math.exp(r * Math.log(p));
  let cdf = pmf;
  let k = 0;
  let q = 0;
  const cap = mu + 60 * Math.sqrt(vv) + 50;
  while (q < levels.length) {
    if (cdf >= levels[q] - 1e-12 || k > cap) {
      out[q][i] = k;
      q++;
      continue;
    }
    pmf *= poisson ? mu / (k + 1) : ((k + r) / (k + 1)) * (1 - p);
    cdf += pmf;
    k++;
  }
}

/** Attach M5 quantiles to a point forecast (variance = sd², floored at the Poisson variance). */
export function withQuantiles(
  point: PointForecast,
  levels: readonly number[] = QUANTILE_LEVELS,
): QuantileForecast {
  const h = point.mean.length;
  const quantiles = levels.map(() => new Float64Array(h));
  for (let i = 0; i < h; i++) countQuantiles(point.mean[i], point.sd[i] ** 2, levels, quantiles, i);
  return { ...point, levels, quantiles };
}

/** Gaussian quantiles for non-count quantities (e.g. reconciled aggregates), clipped at zero. */
export function normalQuantiles(
  point: PointForecast,
  levels: readonly number[] = QUANTILE_LEVELS,
): QuantileForecast {
  const h = point.mean.length;
  const quantiles = levels.map((u) => {
    const z = probit(u);
    const row = new Float64Array(h);
    for (let i = 0; i < h; i++) row[i] = Math.max(0, point.mean[i] + z * point.sd[i]);
    return row;
  });
  return { ...point, levels, quantiles };
}
