import { mean, nelderMead } from './stats.ts';
import type { PointForecast } from './types.ts';

/** Additive-error ETS components searched by autoEts: trend none/additive/damped, season none/additive. */
export type EtsTrend = 'N' | 'A' | 'Ad';
export type EtsSeason = 'N' | 'A';
export interface EtsSpec {
  trend: EtsTrend;
  season: EtsSeason;
}
export interface EtsFit extends EtsSpec {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  sigma2: number;
  aicc: number;
  /** Final states: level, slope, and the last m seasonal terms (oldest first). */
  level: number;
  slope: number;
  seasonal: Float64Array;
  m: number;
}

interface Params {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** Initial states from the first seasons (classical decomposition), as in Hyndman et al. (2008). */
function initialStates(y: Float64Array, spec: EtsSpec, m: number) {
  const seasons = Math.min(4, Math.floor(y.length / m));
  const seasonal = new Float64Array(m);
  let level = mean(y, 0, Math.min(y.length, m));
  if (spec.season === 'A' && seasons >= 2) {
    level = mean(y, 0, seasons * m);
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < seasons; k++) s += y[k * m + j];
      seasonal[j] = s / seasons - level;
    }
  }
  let slope = 0;
  if (spec.trend !== 'N' && y.length >= 2 * m) slope = (mean(y, m, 2 * m) - mean(y, 0, m)) / m;
  return { level, slope, seasonal };
}

/** Run the filter; returns SSE and leaves the final states in `out`. */
function filter(y: Float64Array, spec: EtsSpec, p: Params, m: number, out?: EtsFit): number {
  const init = initialStates(y, spec, m);
  let l = init.level;
  let b = init.slope;
  const s = init.seasonal;
  const useB = spec.trend !== 'N';
  const useS = spec.season === 'A';
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const j = t % m;
    const season = useS ? s[j] : 0;
    const trendPart = useB ? phi * b : 0;
    const e = y[t] - (l + trendPart + season);
    sse += e * e;
    l = l + trendPart + p.alpha * e;
    if (useB) b = phi * b + p.beta * e;
    if (useS) s[j] = season + p.gamma * e;
  }
  if (out) {
    out.level = l;
    out.slope = useB ? b : 0;
    // Rotate so seasonal[0] belongs to the first horizon step.
    for (let j = 0; j < m; j++) out.seasonal[j] = useS ? s[(y.length + j) % m] : 0;
  }
  return sse;
}

function toParams(spec: EtsSpec, x: number[]): Params | null {
  let i = 0;
  const alpha = x[i++];
  const beta = spec.trend !== 'N' ? x[i++] : 0;
  const gamma = spec.season === 'A' ? x[i++] : 0;
  const phi = spec.trend === 'Ad' ? x[i++] : 1;
  const ok =
    alpha > 1e-4 &&
    alpha < 0.9999 &&
    (spec.trend === 'N' || (beta > 1e-5 && beta < alpha)) &&
    (spec.season === 'N' || (gamma > 1e-5 && gamma < 1 - alpha)) &&
    (spec.trend !== 'Ad' || (phi >= 0.8 && phi <= 0.98));
  return ok ? { alpha, beta, gamma, phi } : null;
}

/** Fit one ETS(A,trend,season) by least squares on the smoothing parameters; score with AICc. */
export function fitEts(y: Float64Array, spec: EtsSpec, m = 7): EtsFit {
  const start = [0.1];
  if (spec.trend !== 'N') start.push(0.01);
  if (spec.season === 'A') start.push(0.05);
  if (spec.trend === 'Ad') start.push(0.9);
  const objective = (x: number[]) => {
    const p = toParams(spec, x);
    return p ? filter(y, spec, p, m) : Number.POSITIVE_INFINITY;
  };
  const { x } = nelderMead(objective, start, { step: 0.05, maxIter: 25 * start.length, tol: 1e-4 });
  const p = toParams(spec, x) ?? { alpha: 0.1, beta: 0.01, gamma: 0.05, phi: 0.9 };
  const fit: EtsFit = {
    ...spec,
    ...p,
    sigma2: 0,
    aicc: 0,
    level: 0,
    slope: 0,
    seasonal: new Float64Array(m),
    m,
  };
  const sse = filter(y, spec, p, m, fit);
  const n = y.length;
  // Parameters: smoothing params + initial states + sigma.
  const k = start.length + 1 + (spec.trend !== 'N' ? 1 : 0) + (spec.season === 'A' ? m - 1 : 0) + 1;
  fit.sigma2 = sse / Math.max(1, n - k + 1);
  const aic = n * Math.log(Math.max(sse, 1e-12) / n) + 2 * k;
  fit.aicc = n - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (n - k - 1) : Number.POSITIVE_INFINITY;
  return fit;
}

/** Forecast h steps with the analytic variance of additive-error ETS (class 1 models). */
export function forecastEts(fit: EtsFit, h: number): PointForecast {
  const meanOut = new Float64Array(h);
  const sd = new Float64Array(h);
  const phi = fit.trend === 'Ad' ? fit.phi : 1;
  let phiSum = 0;
  let varSum = 0;
  for (let i = 0; i < h; i++) {
    phiSum += phi ** (i + 1);
    meanOut[i] = fit.level + (fit.trend === 'N' ? 0 : phiSum * fit.slope) + fit.seasonal[i % fit.m];
    if (i > 0) {
      const cj =
        fit.alpha +
        (fit.trend === 'N' ? 0 : fit.beta * (phiSum - phi ** (i + 1))) +
        (i % fit.m === 0 ? fit.gamma : 0);
      varSum += cj * cj;
    }
    sd[i] = Math.sqrt(fit.sigma2 * (1 + varSum));
  }
  return { model: `ETS(A,${fit.trend},${fit.season})`, mean: meanOut, sd };
}

export const ETS_SPECS: readonly EtsSpec[] = [
  { trend: 'N', season: 'N' },
  { trend: 'A', season: 'N' },
  { trend: 'Ad', season: 'N' },
  { trend: 'N', season: 'A' },
  { trend: 'A', season: 'A' },
  { trend: 'Ad', season: 'A' },
];

/** Automatic ETS: fit every candidate on the last `window` points and keep the lowest AICc. */
export function autoEts(
  y: Float64Array,
  h: number,
  opts: { m?: number; window?: number; specs?: readonly EtsSpec[] } = {},
): PointForecast {
  const m = opts.m ?? 7;
  const window = opts.window ?? 730;
  const x = y.length > window ? y.subarray(y.length - window) : y;
  const specs = (opts.specs ?? ETS_SPECS).filter((s) => s.season === 'N' || x.length >= 3 * m);
  let best: EtsFit | null = null;
  for (const spec of specs) {
    const fit = fitEts(x, spec, m);
    if (!best || fit.aicc < best.aicc) best = fit;
  }
  if (!best) return { model: 'ETS(empty)', mean: new Float64Array(h), sd: new Float64Array(h) };
  return forecastEts(best, h);
}

/** Simple exponential smoothing with fixed alpha (used by the intermittent family). */
export function sesLevel(y: ArrayLike<number>, alpha: number): number {
  if (y.length === 0) return 0;
  let l = y[0];
  for (let t = 1; t < y.length; t++) l += alpha * (y[t] - l);
  return l;
}
