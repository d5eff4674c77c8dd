import { PanierError } from '../../kernel/index.ts';
import type { Method } from './auto.ts';
import { datasetSignals, dollarSales, type ForecastDataset } from './dataset.ts';
import { autoEts } from './ets.ts';
import { type EvalData, type MethodOutput, type MethodScore, scoreMethod } from './evaluation.ts';
import { fitGbdtGlobal, predictGbdtGlobal } from './gbdt-global.ts';
import { seasonalNaive } from './naive.ts';
import { buildPanel, runPipeline } from './pipeline.ts';
import { withQuantiles } from './quantiles.ts';
import type { ReconcileMethod } from './reconcile.ts';

/** A method as the evaluation runs it: a name and a function from data set to bottom forecasts. */
export interface EvalMethod {
  name: string;
  /** `onSeries(done, total)` reports progress through the series, where the method can. */
  run(ds: ForecastDataset, onSeries?: (done: number, total: number) => void): MethodOutput;
}

function trimLeadingZeros(y: Float64Array): Float64Array {
  let s = 0;
  while (s < y.length - 14 && y[s] === 0) s++;
  return y.subarray(s);
}

/** sNaive, bottom-up: the M5 benchmark, computed by the same tool. */
export const SNAIVE: EvalMethod = {
  name: 'sNaive (bottom-up)',
  run: (ds) => {
    const f = ds.history.map((s) => withQuantiles(seasonalNaive(s.y, ds.horizon, ds.season ?? 7)));
    return { mean: f.map((x) => x.mean), quantiles: f.map((x) => x.quantiles), aggregateSpread: 'snaive' };
  },
};

/** ES_bu: automatic ETS per bottom series on its whole history since first sale, summed. */
export const ES_BU: EvalMethod = {
  name: 'ES_bu (auto ETS, bottom-up)',
  run: (ds) => {
    const f = ds.history.map((s) => {
      const p = autoEts(trimLeadingZeros(s.y), ds.horizon, {
        window: Number.POSITIVE_INFINITY,
        m: ds.season ?? 7,
      });
      return withQuantiles({ ...p, mean: p.mean.map((v) => Math.max(0, v)) });
    });
    return { mean: f.map((x) => x.mean), quantiles: f.map((x) => x.quantiles), aggregateSpread: 'ets' };
  },
};

/** A panier pipeline configuration as an evaluation method (coherent bottom after reconciliation). */
export function pipelineMethod(name: string, method: Method, reconcile: ReconcileMethod): EvalMethod {
  return {
    name,
    run: (ds, onSeries) => {
      const res = runPipeline(
        { keys: ds.keys, series: ds.history, calendar: ds.calendar, signals: datasetSignals(ds) },
        { horizon: ds.horizon, method, reconcile, season: ds.season, onProgress: onSeries },
      );
      const leaves = Array.from(res.hierarchy.leafNode, (n) => res.nodes[n]);
      return {
        mean: leaves.map((l) => l.mean),
        quantiles: leaves.map((l) => l.quantiles),
        aggregateSpread: 'ets',
      };
    },
  };
}

export const DEFAULT_EVAL_METHODS: EvalMethod[] = [
  SNAIVE,
  ES_BU,
  pipelineMethod('panier auto (local, by demand class)', 'auto', 'bottom_up'),
  pipelineMethod('panier global (ridge)', 'global', 'bottom_up'),
  pipelineMethod('panier ensemble (bottom-up)', 'ensemble', 'bottom_up'),
  pipelineMethod('panier ensemble (WLS var)', 'ensemble', 'wls_var'),
  pipelineMethod('panier ensemble (WLS struct)', 'ensemble', 'wls_struct'),
];

/** The global model's features fitted with boosted trees, alone (slow; measured in docs/forecasting.md). */
export const GBDT_GLOBAL: EvalMethod = {
  name: 'panier global (GBDT)',
  run: (ds) => {
    const panel = buildPanel({
      keys: ds.keys,
      series: ds.history,
      calendar: ds.calendar,
      signals: datasetSignals(ds),
    });
    const model = fitGbdtGlobal(panel, { horizon: ds.horizon });
    const f = ds.history.map((_, s) => withQuantiles(predictGbdtGlobal(model, panel, s, ds.horizon)));
    return { mean: f.map((x) => x.mean), quantiles: f.map((x) => x.quantiles), aggregateSpread: 'ets' };
  },
};

/** Everything the CLI can select by index: the defaults, then the slow extras. */
export const ALL_EVAL_METHODS: EvalMethod[] = [...DEFAULT_EVAL_METHODS, GBDT_GLOBAL];

export function evaluate(
  ds: ForecastDataset,
  methods: EvalMethod[] = DEFAULT_EVAL_METHODS,
  onMethod?: (name: string, i: number) => void,
  onSeries?: (name: string, done: number, total: number) => void,
): MethodScore[] {
  if (!ds.actual)
    throw new PanierError('invalid_argument', 'the data set has no held-out truth to score against');
  const data: EvalData = {
    keys: ds.keys,
    train: ds.history.map((s) => s.y),
    actual: ds.actual,
    dollarSales: dollarSales(ds),
    season: ds.season,
  };
  return methods.map((m, i) => {
    onMethod?.(m.name, i);
    const t0 = Date.now();
    const out = m.run(ds, onSeries && ((done, total) => onSeries(m.name, done, total)));
    const seconds = (Date.now() - t0) / 1000;
    return scoreMethod(data, out, m.name, seconds);
  });
}
