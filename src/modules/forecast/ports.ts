import type { PlanLine } from './replenishment-plan.ts';

/** One forecasting run: what produced the numbers (model and data version) and when. */
export interface ForecastRun {
  id: string;
  createdAt: number;
  /** Method and settings, e.g. "ensemble(global 1/3)+bottom_up". */
  model: string;
  /** Identifies the data the run saw (e.g. last event sequence or import hash). */
  dataVersion: string;
  horizon: number;
  /** ISO date of the first forecast day. */
  startDate: string;
}

/** One node × day of a run. Bottom nodes carry product and location; aggregates carry only what applies. */
export interface ForecastRow {
  runId: string;
  node: string;
  level: string;
  product: string | null;
  location: string | null;
  date: string;
  mean: number;
  /** In QUANTILE_LEVELS order. */
  quantiles: number[];
}

/**
 * The recent demand history of one node as the run saw it: recorded unit sales per period (refunds
 * netted, never below zero) for the last periods before `startDate` of the run, summed bottom-up for
 * aggregates, the same after stockout imputation, and how many of the node's product × location
 * series were stockout-censored each period.
 */
export interface ForecastHistoryRow {
  runId: string;
  node: string;
  level: string;
  product: string | null;
  location: string | null;
  /** ISO first day of each period, oldest first. */
  dates: string[];
  units: number[];
  /** The same with stockout-censored days imputed: what the models learned from. */
  imputed: number[];
  stockout: number[];
}

export interface ReplenishmentRow extends PlanLine {
  runId: string;
}

export interface ForecastQuery {
  runId?: string;
  product?: string;
  location?: string;
  level?: string;
  limit: number;
}

export interface HistoryQuery extends ForecastQuery {
  /** One node id (e.g. `product:store-01/P0000017`); with it the other filters still apply. */
  node?: string;
}

/** Storage port the adapters implement (SQL tables in migrations/forecast.ts; memory below). */
export interface ForecastStore {
  /** `rows` may be a generator: a run of 100,000 series × 28 days is not held in memory at once. */
  saveRun(
    run: ForecastRun,
    rows: Iterable<ForecastRow>,
    lines: readonly ReplenishmentRow[],
    history?: Iterable<ForecastHistoryRow>,
  ): Promise<void>;
  latestRun(): Promise<ForecastRun | null>;
  forecasts(q: ForecastQuery): Promise<ForecastRow[]>;
  replenishment(q: { runId: string; location: string; atRiskOnly?: boolean }): Promise<ReplenishmentRow[]>;
  /** Demand history saved with the run (nodes ordered by level then id); `limit` counts nodes. */
  history(q: HistoryQuery): Promise<ForecastHistoryRow[]>;
  /** Deletes all but the `keep` newest runs with their rows; returns the ids deleted. */
  pruneRuns(keep: number): Promise<string[]>;
}

/** In-memory store for the embedded preset and tests. */
export function memoryForecastStore(): ForecastStore {
  const runs: ForecastRun[] = [];
  const rows = new Map<string, readonly ForecastRow[]>();
  const lines = new Map<string, readonly ReplenishmentRow[]>();
  const histories = new Map<string, readonly ForecastHistoryRow[]>();
  const matches = (q: HistoryQuery) => (r: ForecastRow | ForecastHistoryRow) =>
    (!q.product || r.product === q.product) &&
    (!q.location || r.location === q.location) &&
    (!q.level || r.level === q.level) &&
    (!q.node || r.node === q.node);
  return {
    async saveRun(run, r, l, h = []) {
      runs.push(run);
      rows.set(run.id, [...r]);
      lines.set(run.id, l);
      histories.set(run.id, [...h]);
    },
    async latestRun() {
      return runs.reduce<ForecastRun | null>(
        (best, r) => (!best || r.createdAt > best.createdAt ? r : best),
        null,
      );
    },
    async forecasts(q) {
      const all = q.runId ? (rows.get(q.runId) ?? []) : [];
      return all.filter(matches(q)).slice(0, q.limit);
    },
    async history(q) {
      const all = q.runId ? (histories.get(q.runId) ?? []) : [];
      return all
        .filter(matches(q))
        .toSorted((a, b) => a.level.localeCompare(b.level) || (a.node < b.node ? -1 : 1))
        .slice(0, q.limit);
    },
    async pruneRuns(keep) {
      runs.sort((a, b) => b.createdAt - a.createdAt);
      const gone = runs.splice(keep).map((r) => r.id);
      for (const id of gone) {
        rows.delete(id);
        lines.delete(id);
        histories.delete(id);
      }
      return gone;
    },
    async replenishment(q) {
      return (lines.get(q.runId) ?? [])
        .filter((l) => l.location === q.location && (!q.atRiskOnly || l.stockoutRisk >= 0.2))
        .toSorted((a, b) => b.stockoutRisk - a.stockoutRisk);
    },
  };
}
