import { autoEts } from './ets.ts';
import type { SeriesKey } from './hierarchy.ts';
import { groupBy, M5_LEVELS, sumRows } from './m5-levels.ts';
import { rmsse, spl, weightedScore } from './metrics.ts';
import { seasonalNaive } from './naive.ts';
import { withQuantiles } from './quantiles.ts';
import { QUANTILE_LEVELS } from './types.ts';

/** Train/test split of bottom series with what weights need (dollar sales of the last 28 train days). */
export interface EvalData {
  keys: readonly SeriesKey[];
  train: readonly Float64Array[];
  actual: readonly Float64Array[];
  /** Per bottom series: dollar sales over the last 28 training days (M5 weights). */
  dollarSales: Float64Array;
  /** Season length in periods (7 daily, 52 weekly). */
  season?: number;
}

/** Bottom-level output of one method: coherent means (bottom-up summing makes every level coherent). */
export interface MethodOutput {
  mean: readonly Float64Array[];
  quantiles: readonly Float64Array[][];
  /** Model used to give aggregate series their spread (quantiles at levels 1–11). */
  aggregateSpread: 'ets' | 'snaive';
}

export interface LevelScore {
  level: number;
  name: string;
  series: number;
  wrmsse: number;
  wspl: number;
}

export interface MethodScore {
  method: string;
  seconds: number;
  levels: LevelScore[];
  wrmsse: number;
  wspl: number;
  /** Unweighted mean RMSSE over product × location series. */
  meanRmsseL12: number;
}

function spreadQuantiles(
  history: Float64Array,
  mean: Float64Array,
  model: 'ets' | 'snaive',
  m = 7,
): Float64Array[] {
  const h = mean.length;
  const base = model === 'ets' ? autoEts(history, h, { window: 728, m }) : seasonalNaive(history, h, m);
  return withQuantiles({ model: base.model, mean, sd: base.sd }).quantiles;
}

/** Score one method at the 12 M5 levels (for custom hierarchies, levels collapse where keys repeat). */
export function scoreMethod(data: EvalData, out: MethodOutput, method: string, seconds: number): MethodScore {
  const h = data.actual[0].length;
  const n = data.train[0].length;
  const levels: LevelScore[] = M5_LEVELS.map((lv) => {
    const groups = groupBy(data.keys, lv.key);
    const r = new Float64Array(groups.length);
    const p = new Float64Array(groups.length);
    const w = new Float64Array(groups.length);
    groups.forEach((g, i) => {
      const train = g.length === 1 ? data.train[g[0]] : sumRows(data.train, g, n);
      const actual = g.length === 1 ? data.actual[g[0]] : sumRows(data.actual, g, h);
      const mean = g.length === 1 ? out.mean[g[0]] : sumRows(out.mean, g, h);
      const q =
        g.length === 1 && lv.id === 12
          ? out.quantiles[g[0]]
          : spreadQuantiles(train, mean, out.aggregateSpread, data.season);
      r[i] = rmsse(train, actual, mean);
      p[i] = spl(train, actual, q, QUANTILE_LEVELS);
      for (const j of g) w[i] += data.dollarSales[j];
    });
    return {
      level: lv.id,
      name: lv.name,
      series: groups.length,
      wrmsse: weightedScore(r, w),
      wspl: weightedScore(p, w),
    };
  });
  let sum = 0;
  let count = 0;
  data.keys.forEach((_, i) => {
    const v = rmsse(data.train[i], data.actual[i], out.mean[i]);
    if (Number.isFinite(v)) {
      sum += v;
      count++;
    }
  });
  const avg = (f: (l: LevelScore) => number) => levels.reduce((s, l) => s + f(l), 0) / levels.length;
  return {
    method,
    seconds,
    levels,
    wrmsse: avg((l) => l.wrmsse),
    wspl: avg((l) => l.wspl),
    meanRmsseL12: count ? sum / count : Number.NaN,
  };
}
