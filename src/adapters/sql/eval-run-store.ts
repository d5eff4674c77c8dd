import type { Kysely } from 'kysely';
import { PanierError } from '../../kernel/index.ts';
import type { EvalReport, EvalRun, EvalRunStore, EvalRunSummary } from '../../modules/recommend/index.ts';
import type { SqlDatabase } from './database.ts';

type RunRow = { id: string; ran_at: number; format: string; input: string; report: string };
type EvalTables = { recommend_eval_runs: RunRow };

const summary = (r: Omit<RunRow, 'report'>): EvalRunSummary => ({
  id: r.id,
  ranAt: Number(r.ran_at),
  format: r.format,
  input: r.input,
});

function toRun(r: RunRow): EvalRun {
  try {
    return { ...summary(r), report: JSON.parse(r.report) as EvalReport };
  } catch {
    throw new PanierError('internal', `evaluation run ${r.id} has an unreadable report`);
  }
}

/** Recommendation evaluation runs in SQLite or PostgreSQL, newest first; the report is JSON text. */
export function createSqlEvalRunStore(database: SqlDatabase): EvalRunStore {
  const db: Kysely<EvalTables> = database.db.withTables<EvalTables>();
  const newest = () => db.selectFrom('recommend_eval_runs').orderBy('ran_at', 'desc').orderBy('id', 'desc');
  return {
    async save(run, keep) {
      await db
        .insertInto('recommend_eval_runs')
        .values({
          id: run.id,
          ran_at: run.ranAt,
          format: run.format,
          input: run.input,
          report: JSON.stringify(run.report),
        })
        .execute();
      const old = await newest().select('id').offset(keep).limit(1_000_000).execute();
      const ids = old.map((r) => r.id);
      if (ids.length > 0) await db.deleteFrom('recommend_eval_runs').where('id', 'in', ids).execute();
      return ids;
    },
    async get(id) {
      const row = await (id ? newest().where('id', '=', id) : newest())
        .selectAll()
        .limit(1)
        .executeTakeFirst();
      return row ? toRun(row) : null;
    },
    async recent(limit) {
      const rows = await newest().select(['id', 'ran_at', 'format', 'input']).limit(limit).execute();
      return rows.map(summary);
    },
  };
}
