import { aggregate, type Hierarchy, type SeriesKey } from './hierarchy.ts';
import type { NodeForecast } from './pipeline.ts';
import type { ForecastHistoryRow, ForecastRow, ForecastRun, ReplenishmentRow } from './ports.ts';
import { type PlanPolicy, planLine, type StockState } from './replenishment-plan.ts';
import type { DemandSeries } from './types.ts';

/** Location of every node at or below the location level (aggregates above it have none). */
function nodeLocations(hierarchy: Hierarchy, keys: readonly SeriesKey[]): (string | null)[] {
  const loc: (string | null)[] = hierarchy.ids.map(() => null);
  keys.forEach((k, i) => {
    for (let n = hierarchy.leafNode[i]; n > 0 && hierarchy.level[n] !== 'region'; n = hierarchy.parent[n])
      loc[n] = k.location;
  });
  return loc;
}

/** One stored row per node × period, generated lazily; `dates` are the ISO first days of the run's periods. */
export function* forecastRows(
  run: ForecastRun,
  hierarchy: Hierarchy,
  keys: readonly SeriesKey[],
  nodes: readonly NodeForecast[],
  dates: readonly string[],
): Generator<ForecastRow> {
  const locations = nodeLocations(hierarchy, keys);
  const products: (string | null)[] = hierarchy.ids.map(() => null);
  keys.forEach((k, i) => {
    products[hierarchy.leafNode[i]] = k.product;
  });
  for (let n = 0; n < nodes.length; n++) {
    const f = nodes[n];
    for (let t = 0; t < dates.length; t++) {
      yield {
        runId: run.id,
        node: f.id,
        level: hierarchy.level[n],
        product: products[n],
        location: locations[n],
        date: dates[t],
        mean: f.mean[t],
        quantiles: f.quantiles.map((q) => q[t]),
      };
    }
  }
}

/** Periods of demand history saved with a run for every node: eight weeks of days. */
export const HISTORY_PERIODS = 56;

/**
 * The last `periods` of every node's recorded demand, as the run saw it: leaves are the run's
 * product × location series, recorded and imputed, aggregates their bottom-up sums; `stockout` counts
 * the censored leaf series per period. One row per node, generated lazily.
 */
export function* historyRows(
  run: ForecastRun,
  hierarchy: Hierarchy,
  keys: readonly SeriesKey[],
  series: readonly DemandSeries[],
  /** The series after stockout imputation, as the models saw them. */
  imputed: readonly Float64Array[],
  dates: readonly string[],
  periods = HISTORY_PERIODS,
): Generator<ForecastHistoryRow> {
  const p = Math.min(periods, dates.length);
  const from = dates.length - p;
  const window = dates.slice(from);
  const units = aggregate(
    hierarchy,
    series.map((s) => s.y.slice(from)),
  );
  const seen = aggregate(
    hierarchy,
    imputed.map((y) => y.slice(from)),
  );
  const stockout = aggregate(
    hierarchy,
    series.map((s) => (s.stockout ? Float64Array.from(s.stockout.subarray(from)) : new Float64Array(p))),
  );
  const locations = nodeLocations(hierarchy, keys);
  const products: (string | null)[] = hierarchy.ids.map(() => null);
  keys.forEach((k, i) => {
    products[hierarchy.leafNode[i]] = k.product;
  });
  for (let n = 0; n < hierarchy.ids.length; n++) {
    yield {
      runId: run.id,
      node: hierarchy.ids[n],
      level: hierarchy.level[n],
      product: products[n],
      location: locations[n],
      dates: window,
      units: Array.from(units[n]),
      imputed: Array.from(seen[n]),
      stockout: Array.from(stockout[n]),
    };
  }
}

/**
 * One plan line per product × location from its coherent forecast; `stockOf` answers what the
 * location holds (undefined: a place that holds no stock, skipped). Policy times are in periods.
 */
export function replenishmentRows(
  run: ForecastRun,
  hierarchy: Hierarchy,
  keys: readonly SeriesKey[],
  nodes: readonly NodeForecast[],
  stockOf: (product: string, location: string) => StockState | undefined,
  policy: PlanPolicy,
  /** Per-series daily SD of the base forecasts (bottom-up leaves keep their base spread). */
  sds?: readonly ArrayLike<number>[],
): ReplenishmentRow[] {
  const lines: ReplenishmentRow[] = [];
  keys.forEach((k, i) => {
    const stock = stockOf(k.product, k.location);
    if (!stock) return;
    const f = nodes[hierarchy.leafNode[i]];
    lines.push({ runId: run.id, ...planLine(stock, sds ? { ...f, sd: sds[i] } : f, policy) });
  });
  return lines;
}
