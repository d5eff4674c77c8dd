import type { DualMigration } from '../migrate.ts';

/** Runs: which model and data version produced a set of forecasts (rows below reference the run). */
const runs: DualMigration = async ({ db }, t) => {
  await db.schema
    .createTable('forecast_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('data_version', 'text', (c) => c.notNull())
    .addColumn('horizon', 'integer', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forecast_runs_created').on('forecast_runs').column('created_at').execute();
};

/** One row per run × node × day; the nine M5 quantiles as columns so they can be filtered and summed. */
const values: DualMigration = async ({ db }, t) => {
  let table = db.schema
    .createTable('forecast_values')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('product', 'text')
    .addColumn('location', 'text')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('mean', t.double, (c) => c.notNull());
  for (const q of ['q005', 'q025', 'q165', 'q250', 'q500', 'q750', 'q835', 'q975', 'q995'])
    table = table.addColumn(q, t.double, (c) => c.notNull());
  await table.addPrimaryKeyConstraint('forecast_values_pk', ['run_id', 'node', 'day']).execute();
  await db.schema
    .createIndex('forecast_values_product')
    .on('forecast_values')
    .columns(['run_id', 'product', 'location'])
    .execute();
  await db.schema
    .createIndex('forecast_values_location')
    .on('forecast_values')
    .columns(['run_id', 'location', 'level'])
    .execute();
};

/** Replenishment suggestions per run × product × location. */
const replenishment: DualMigration = async ({ db }, t) => {
  await db.schema
    .createTable('forecast_replenishment')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('safety_stock', t.double, (c) => c.notNull())
    .addColumn('reorder_point', t.double, (c) => c.notNull())
    .addColumn('order_up_to', t.double, (c) => c.notNull())
    .addColumn('position', t.double, (c) => c.notNull())
    .addColumn('suggested_order', t.double, (c) => c.notNull())
    .addColumn('stockout_risk', t.double, (c) => c.notNull())
    .addColumn('days_of_cover', t.double)
    .addPrimaryKeyConstraint('forecast_replenishment_pk', ['run_id', 'location', 'product'])
    .execute();
};

/**
 * The recent demand history of every node as the run saw it, one row per run × node: the periods'
 * first day and length in days, then recorded units, imputed units and stockout-censored series counts
 * as JSON arrays.
 */
const history: DualMigration = async ({ db }) => {
  await db.schema
    .createTable('forecast_history')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('product', 'text')
    .addColumn('location', 'text')
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('units', 'text', (c) => c.notNull())
    .addColumn('imputed', 'text', (c) => c.notNull())
    .addColumn('stockout', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('forecast_history_pk', ['run_id', 'node'])
    .execute();
  await db.schema
    .createIndex('forecast_history_product')
    .on('forecast_history')
    .columns(['run_id', 'product', 'location'])
    .execute();
  await db.schema
    .createIndex('forecast_history_location')
    .on('forecast_history')
    .columns(['run_id', 'location', 'level'])
    .execute();
};

export const forecastMigrations: Record<string, DualMigration> = {
  '0501_forecast_runs': runs,
  '0502_forecast_values': values,
  '0503_forecast_replenishment': replenishment,
  '0504_forecast_history': history,
};
