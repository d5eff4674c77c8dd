import type { DualMigration } from '../migrate.ts';

/** Offline evaluation runs of the recommenders: the report as JSON text, with when and on what input. */
const evalRuns: DualMigration = async ({ db }, t) => {
  await db.schema
    .createTable('recommend_eval_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ran_at', t.bigint, (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('recommend_eval_runs_ran_at')
    .on('recommend_eval_runs')
    .column('ran_at')
    .execute();
};

export const recommendEvalMigrations: Record<string, DualMigration> = {
  '0351_recommend_eval_runs': evalRuns,
};
