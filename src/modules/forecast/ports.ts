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

/** Storage port the adapters implement (SQL tables in migrations/forecast.ts; memory below). */
export interface ForecastStore {
  /** `rows` may be a generator: a run of 100,000 series × 28 days is not held in memory at once. */
  saveRun(run: ForecastRun, rows: Iterable<ForecastRow>, lines: readonly ReplenishmentRow[]): Promise<void>;
  latestRun(): Promise<ForecastRun | null>;
  forecasts(q: ForecastQuery): Promise<ForecastRow[]>;
  replenishment(q: { runId: string; location: string; atRiskOnly?: boolean }): Promise<ReplenishmentRow[]>;
  /** Deletes all but the `keep` newest runs with their rows; returns the ids deleted. */
  pruneRuns(keep: number): Promise<string[]>;
}

/** In-memory store for the embedded preset and tests. */
export function memoryForecastStore(): ForecastStore {
  const runs: ForecastRun[] = [];
  const rows = new Map<string, readonly ForecastRow[]>();
  const lines = new Map<string, readonly ReplenishmentRow[]>();
  return {
    async saveRun(run, r, l) {
      runs.push(run);
      rows.set(run.id, [...r]);
      lines.set(run.id, l);
    },
    async latestRun() {
      return runs.reduce<ForecastRun | null>(
        (best, r) => (!best || r.createdAt > best.createdAt ? r : best),
        null,
      );
    },
    async forecasts(q) {
      const all = q.runId ? (rows.get(q.runId) ?? []) : [];
      return all
        .filter(
          (r) =>
            (!q.product || r.product === q.product) &&
            (!q.location || r.location === q.location) &&
            (!q.level || r.level === q.level),
        )
        .slice(0, q.limit);
    },
    async pruneRuns(keep) {
      runs.sort((a, b) => b.createdAt - a.createdAt);
      const gone = runs.splice(keep).map((r) => r.id);
      for (const id of gone) {
        rows.delete(id);
        lines.delete(id);
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
