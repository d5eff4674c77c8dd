import { type ForecastOptions, forecastSeries } from './auto.ts';
import { autoEts } from './ets.ts';
import { fitGlobal, type GlobalModel, type GlobalOptions, type GlobalPanel } from './global.ts';
import { buildHierarchy, type Hierarchy, type SeriesKey } from './hierarchy.ts';
import { withQuantiles } from './quantiles.ts';
import { type ReconcileMethod, recenterQuantiles, reconcile } from './reconcile.ts';
import { imputeStockouts, observedMask } from './stockout.ts';
import type { DemandSeries, ExternalSignal, ForecastCalendar, QuantileForecast } from './types.ts';

export interface PipelineInput {
  keys: readonly SeriesKey[];
  series: readonly DemandSeries[];
  /** Covers history + horizon. */
  calendar: ForecastCalendar;
  signals?: ExternalSignal[];
}

export interface PipelineOptions extends ForecastOptions {
  reconcile?: ReconcileMethod;
  global?: Omit<GlobalOptions, 'horizon'>;
  onProgress?: (done: number, total: number) => void;
}

export interface NodeForecast {
  id: string;
  mean: Float64Array;
  levels: readonly number[];
  quantiles: Float64Array[];
}

export interface PipelineResult {
  hierarchy: Hierarchy;
  /** Base (unreconciled) bottom forecasts, in input order. */
  bottom: QuantileForecast[];
  /** Coherent forecasts for every hierarchy node. */
  nodes: NodeForecast[];
  timings: Record<string, number>;
  global?: GlobalModel;
}

export function buildPanel(input: PipelineInput): GlobalPanel {
  return {
    y: input.series.map((s) => imputeStockouts(s)),
    observed: input.series.map((s) => (s.stockout ? observedMask(s) : undefined)),
    calendar: input.calendar,
    signals: input.signals,
  };
}

const needsGlobal = (o: ForecastOptions) =>
  o.method === undefined || o.method === 'ensemble' || o.method === 'global';

/** Whole flow for one set of series: impute → global fit → per-series forecasts → hierarchy → reconcile. */
export function runPipeline(input: PipelineInput, opts: PipelineOptions): PipelineResult {
  const timings: Record<string, number> = {};
  const clock = (name: string, start: number) => {
    timings[name] = (timings[name] ?? 0) + (Date.now() - start) / 1000;
  };
  let t0 = Date.now();
  const panel = { ...buildPanel(input), season: opts.season };
  const global = needsGlobal(opts) ? fitGlobal(panel, { horizon: opts.horizon, ...opts.global }) : undefined;
  clock('global_fit', t0);
  t0 = Date.now();
  const bottom: QuantileForecast[] = [];
  for (let s = 0; s < panel.y.length; s++) {
    bottom.push(forecastSeries(panel, s, opts, global));
    if (opts.onProgress && (s % 50 === 0 || s === panel.y.length - 1)) opts.onProgress(s + 1, panel.y.length);
  }
  clock('local_models', t0);
  t0 = Date.now();
  const hierarchy = buildHierarchy(input.keys);
  const nodes = reconcileForecasts(
    hierarchy,
    panel.y,
    bottom,
    opts.reconcile ?? 'bottom_up',
    opts.horizon,
    opts.season,
  );
  clock('reconcile', t0);
  return { hierarchy, bottom, nodes, timings, global };
}

/** Base ETS forecasts for aggregate nodes, then reconciliation; leaves keep their own base forecast. */
export function reconcileForecasts(
  hierarchy: Hierarchy,
  histories: readonly ArrayLike<number>[],
  bottom: readonly QuantileForecast[],
  method: ReconcileMethod,
  h: number,
  season = 7,
): NodeForecast[] {
  const aggHistory = aggregateInternal(hierarchy, histories);
  const isLeaf = new Map<number, number>();
  hierarchy.leafNode.forEach((n, i) => {
    isLeaf.set(n, i);
  });
  const base = hierarchy.ids.map((_, n) => {
    const leaf = isLeaf.get(n);
    if (leaf !== undefined) return bottom[leaf];
    return withQuantiles(autoEts(aggHistory[n] as Float64Array, h, { window: 728, m: season }));
  });
  const variance = Float64Array.from(base, (b) => b.sd[0] ** 2);
  const coherent = reconcile(
    hierarchy,
    base.map((b) => b.mean),
    method,
    variance,
  );
  return base.map((b, n) => ({
    id: hierarchy.ids[n],
    mean: coherent[n],
    levels: b.levels,
    quantiles: recenterQuantiles(b.quantiles, b.mean, coherent[n]),
  }));
}

/** Histories of internal nodes only: leaves are not copied, which matters at 30,000 × 2,000 days. */
function aggregateInternal(
  hier: Hierarchy,
  histories: readonly ArrayLike<number>[],
): (Float64Array | undefined)[] {
  const n = histories[0]?.length ?? 0;
  const out: (Float64Array | undefined)[] = hier.ids.map((_, i) =>
    hier.children[i].length ? new Float64Array(n) : undefined,
  );
  const add = (target: Float64Array, src: ArrayLike<number>) => {
    for (let t = 0; t < n; t++) target[t] += src[t];
  };
  histories.forEach((row, i) => {
    add(out[hier.parent[hier.leafNode[i]]] as Float64Array, row);
  });
  for (let i = hier.ids.length - 1; i > 0; i--) {
    const own = out[i];
    if (own) add(out[hier.parent[i]] as Float64Array, own);
  }
  return out;
}
