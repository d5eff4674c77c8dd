import { type Kysely, sql } from 'kysely';
import type {
  ForecastHistoryRow,
  ForecastRow,
  ForecastRun,
  ForecastStore,
  HistoryQuery,
  ReplenishmentRow,
} from '../../modules/forecast/index.ts';
import type { SqlDatabase } from './database.ts';

/** Quantile columns of forecast_values, in QUANTILE_LEVELS order (0.005 … 0.995). */
const Q_COLUMNS = ['q005', 'q025', 'q165', 'q250', 'q500', 'q750', 'q835', 'q975', 'q995'] as const;
type QColumn = (typeof Q_COLUMNS)[number];

type RunRow = {
  id: string;
  created_at: number;
  model: string;
  data_version: string;
  horizon: number;
  start_date: string;
};
type ValueRow = {
  run_id: string;
  node: string;
  level: string;
  product: string | null;
  location: string | null;
  day: string;
  mean: number;
} & Record<QColumn, number>;
type PlanRow = {
  run_id: string;
  product: string;
  location: string;
  safety_stock: number;
  reorder_point: number;
  order_up_to: number;
  position: number;
  suggested_order: number;
  stockout_risk: number;
  days_of_cover: number | null;
};
type HistoryRow = {
  run_id: string;
  node: string;
  level: string;
  product: string | null;
  location: string | null;
  start_date: string;
  step: number;
  units: string;
  imputed: string;
  stockout: string;
};
type ForecastTables = {
  forecast_runs: RunRow;
  forecast_values: ValueRow;
  forecast_replenishment: PlanRow;
  forecast_history: HistoryRow;
};

/** Rows per INSERT: 16 parameters a value row keeps a statement under SQLite's 32,766 limit. */
const VALUE_CHUNK = 1000;
const PLAN_CHUNK = 2000;
const HISTORY_CHUNK = 1000;
const DAY_MS = 86_400_000;
/** Same threshold as the memory store and the route's `atRisk` filter. */
const AT_RISK = 0.2;

const toRun = (r: RunRow): ForecastRun => ({
  id: r.id,
  createdAt: Number(r.created_at),
  model: r.model,
  dataVersion: r.data_version,
  horizon: Number(r.horizon),
  startDate: r.start_date,
});

function valueRow(r: ForecastRow): ValueRow {
  const row: ValueRow = {
    run_id: r.runId,
    node: r.node,
    level: r.level,
    product: r.product,
    location: r.location,
    day: r.date,
    mean: r.mean,
    q005: 0,
    q025: 0,
    q165: 0,
    q250: 0,
    q500: 0,
    q750: 0,
    q835: 0,
    q975: 0,
    q995: 0,
  };
  Q_COLUMNS.forEach((c, i) => {
    row[c] = r.quantiles[i] ?? r.mean;
  });
  return row;
}

const toForecast = (r: ValueRow): ForecastRow => ({
  runId: r.run_id,
  node: r.node,
  level: r.level,
  product: r.product,
  location: r.location,
  date: r.day,
  mean: Number(r.mean),
  quantiles: Q_COLUMNS.map((c) => Number(r[c])),
});

const planRow = (l: ReplenishmentRow): PlanRow => ({
  run_id: l.runId,
  product: l.product,
  location: l.location,
  safety_stock: l.safetyStock,
  reorder_point: l.reorderPoint,
  order_up_to: l.orderUpTo,
  position: l.position,
  suggested_order: l.order,
  stockout_risk: l.stockoutRisk,
  // SQL has no infinity in every dialect: "lasts the whole horizon" is stored as NULL.
  days_of_cover: Number.isFinite(l.daysOfCover) ? l.daysOfCover : null,
});

const toPlan = (r: PlanRow): ReplenishmentRow => ({
  runId: r.run_id,
  product: r.product,
  location: r.location,
  safetyStock: Number(r.safety_stock),
  reorderPoint: Number(r.reorder_point),
  orderUpTo: Number(r.order_up_to),
  position: Number(r.position),
  order: Number(r.suggested_order),
  stockoutRisk: Number(r.stockout_risk),
  daysOfCover: r.days_of_cover === null ? Number.POSITIVE_INFINITY : Number(r.days_of_cover),
});

function historyRow(h: ForecastHistoryRow): HistoryRow {
  const first = h.dates[0] ?? '1970-01-01';
  const second = h.dates[1];
  return {
    run_id: h.runId,
    node: h.node,
    level: h.level,
    product: h.product,
    location: h.location,
    start_date: first,
    step: second ? Math.round((Date.parse(second) - Date.parse(first)) / DAY_MS) : 1,
    units: JSON.stringify(h.units),
    imputed: JSON.stringify(h.imputed),
    stockout: JSON.stringify(h.stockout),
  };
}

function toHistory(r: HistoryRow): ForecastHistoryRow {
  const units = JSON.parse(r.units) as number[];
  const start = Date.parse(r.start_date);
  const step = Number(r.step) * DAY_MS;
  return {
    runId: r.run_id,
    node: r.node,
    level: r.level,
    product: r.product,
    location: r.location,
    dates: units.map((_, i) => new Date(start + i * step).toISOString().slice(0, 10)),
    units,
    imputed: JSON.parse(r.imputed) as number[],
    stockout: JSON.parse(r.stockout) as number[],
  };
}

/**
 * Where the query's nodes sit in the primary key (run_id, node, …): node ids start with their level
 * (`total`, `region:R`, `location:L`, `category:L/C`, `department:L/D`, `product:L/P`), so a level,
 * with its location, is one node or a key range. Without it SQLite (no statistics) walks the whole
 * run in key order to avoid a sort: 1.7 s for `level=total` on the default demo's 5 M rows. Ranges
 * only on SQLite, whose text order is bytewise; a PostgreSQL collation may order ':' and '/' apart.
 */
function nodeBounds(q: HistoryQuery, bytewise: boolean): { eq?: string; lo?: string; hi?: string } {
  if (q.node) return { eq: q.node };
  if (q.level === 'total') return { eq: 'total' };
  if (q.level === 'location' && q.location) return { eq: `location:${q.location}` };
  if (q.level === 'product' && q.location && q.product) return { eq: `product:${q.location}/${q.product}` };
  // A product's own index is narrower than any level range.
  if (!q.level || q.product || !bytewise) return {};
  const under = q.location && q.level !== 'region' && q.level !== 'location' ? `${q.location}/` : '';
  const prefix = `${q.level}:${under}`;
  return { lo: prefix, hi: `${prefix}\uffff` };
}

type NodeBounds = ReturnType<typeof nodeBounds>;
type Condition = ['node' | 'product' | 'location' | 'level', '=' | '>=' | '<', string];

/** The WHERE conditions of a node/product/location/level query, shared by forecasts and history. */
function nodeConditions(q: HistoryQuery, b: NodeBounds): Condition[] {
  const out: Condition[] = [];
  if (b.eq) out.push(['node', '=', b.eq]);
  if (b.lo !== undefined && b.hi !== undefined) out.push(['node', '>=', b.lo], ['node', '<', b.hi]);
  if (q.product) out.push(['product', '=', q.product]);
  if (q.location) out.push(['location', '=', q.location]);
  if (q.level) out.push(['level', '=', q.level]);
  return out;
}

function* chunks<T>(rows: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

type BetterSqlite = NonNullable<SqlDatabase['sqlite']>;

/** SQLite hot path: prepared statements in one driver transaction, ~20× faster than batched builder inserts. */
function sqliteSaver(sqlite: BetterSqlite) {
  const cols = <T extends object>(row: T) => Object.keys(row);
  const insert = (table: string, names: string[]) =>
    sqlite.prepare(
      `insert into ${table} (${names.join(', ')}) values (${names.map((n) => `@${n}`).join(', ')})`,
    );
  let values: ReturnType<typeof insert> | undefined;
  let plans: ReturnType<typeof insert> | undefined;
  let runs: ReturnType<typeof insert> | undefined;
  let histories: ReturnType<typeof insert> | undefined;
  return sqlite.transaction(
    (
      run: RunRow,
      rows: Iterable<ForecastRow>,
      lines: readonly ReplenishmentRow[],
      history: Iterable<ForecastHistoryRow>,
    ) => {
      for (const r of rows) {
        const v = valueRow(r);
        values ??= insert('forecast_values', cols(v));
        values.run(v);
      }
      for (const l of lines) {
        const p = planRow(l);
        plans ??= insert('forecast_replenishment', cols(p));
        plans.run(p);
      }
      for (const h of history) {
        const r = historyRow(h);
        histories ??= insert('forecast_history', cols(r));
        histories.run(r);
      }
      runs ??= insert('forecast_runs', cols(run));
      runs.run(run);
    },
  );
}

const runRow = (run: ForecastRun): RunRow => ({
  id: run.id,
  created_at: run.createdAt,
  model: run.model,
  data_version: run.dataVersion,
  horizon: run.horizon,
  start_date: run.startDate,
});

/** Forecast runs, their values (one column per quantile) and replenishment lines in SQLite or PostgreSQL. */
export function createSqlForecastStore(database: SqlDatabase): ForecastStore {
  const db: Kysely<ForecastTables> = database.db.withTables<ForecastTables>();
  const saveSqlite = database.sqlite ? sqliteSaver(database.sqlite) : undefined;
  const bytewise = database.dialect === 'sqlite';
  return {
    async saveRun(run, rows, lines, history = []) {
      if (saveSqlite) {
        saveSqlite(runRow(run), rows, lines, history);
        return;
      }
      // One transaction: a run is visible with all its rows or not at all.
      await db.transaction().execute(async (tx) => {
        for (const chunk of chunks(rows, VALUE_CHUNK))
          await tx.insertInto('forecast_values').values(chunk.map(valueRow)).execute();
        for (const chunk of chunks(lines, PLAN_CHUNK))
          await tx.insertInto('forecast_replenishment').values(chunk.map(planRow)).execute();
        for (const chunk of chunks(history, HISTORY_CHUNK))
          await tx.insertInto('forecast_history').values(chunk.map(historyRow)).execute();
        await tx.insertInto('forecast_runs').values(runRow(run)).execute();
      });
    },
    async latestRun() {
      const row = await db
        .selectFrom('forecast_runs')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toRun(row) : null;
    },
    async forecasts(q) {
      if (!q.runId) return [];
      let query = db.selectFrom('forecast_values').selectAll().where('run_id', '=', q.runId);
      const b = nodeBounds(q, bytewise);
      for (const [column, op, value] of nodeConditions(q, b)) query = query.where(column, op, value);
      // A product's few rows come through its index and are sorted, rather than the run in key order.
      const viaProduct = q.product && !b.eq;
      const rows = await (viaProduct
        ? query.orderBy(sql`level || ''`).orderBy(sql`node || ''`).orderBy('day')
        : query.orderBy('level').orderBy('node').orderBy('day')
      )
        .limit(q.limit)
        .execute();
      return rows.map(toForecast);
    },
    async history(q) {
      if (!q.runId) return [];
      let query = db.selectFrom('forecast_history').selectAll().where('run_id', '=', q.runId);
      const b = nodeBounds(q, bytewise);
      for (const [column, op, value] of nodeConditions(q, b)) query = query.where(column, op, value);
      const viaProduct = q.product && !b.eq;
      const rows = await (viaProduct
        ? query.orderBy(sql`level || ''`).orderBy(sql`node || ''`)
        : query.orderBy('level').orderBy('node')
      )
        .limit(q.limit)
        .execute();
      return rows.map(toHistory);
    },
    async pruneRuns(keep) {
      const old = await db
        .selectFrom('forecast_runs')
        .select('id')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .offset(keep)
        .limit(1_000_000)
        .execute();
      const ids = old.map((r) => r.id);
      // One transaction per run: a run goes with all its rows or not at all.
      for (const id of ids) {
        await db.transaction().execute(async (tx) => {
          await tx.deleteFrom('forecast_values').where('run_id', '=', id).execute();
          await tx.deleteFrom('forecast_replenishment').where('run_id', '=', id).execute();
          await tx.deleteFrom('forecast_history').where('run_id', '=', id).execute();
          await tx.deleteFrom('forecast_runs').where('id', '=', id).execute();
        });
      }
      return ids;
    },
    async replenishment(q) {
      let query = db
        .selectFrom('forecast_replenishment')
        .selectAll()
        .where('run_id', '=', q.runId)
        .where('location', '=', q.location);
      if (q.atRiskOnly) query = query.where('stockout_risk', '>=', AT_RISK);
      const rows = await query.orderBy('stockout_risk', 'desc').orderBy('product').execute();
      return rows.map(toPlan);
    },
  };
}
