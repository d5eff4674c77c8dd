import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import type { SqlDatabase } from './database.ts';

/** One SQL text run once per parameter list. */
export interface StatementRun {
  sql: string;
  params: readonly (readonly unknown[])[];
}

/** Runs statements as one transaction; resolves to the rows each entry changed. */
export type RunAtomically = (runs: readonly StatementRun[]) => Promise<number[]>;

const PREPARED_LIMIT = 64;

/**
 * SQLite: while holding Kysely's connection lock (so no Kysely transaction is open), the whole
 * transaction runs synchronously on the driver with cached prepared statements. Nothing else can
 * interleave: an async transaction left open across awaits would swallow the event log's synchronous
 * appends into itself, and a rollback would lose acknowledged events.
 * PostgreSQL: a Kysely transaction on its own pooled connection.
 */
export function atomicRunner(database: SqlDatabase): RunAtomically {
  const sqlite = database.sqlite;
  if (!sqlite) {
    return (runs) =>
      database.db.transaction().execute(async (trx) => {
        const changed: number[] = [];
        for (const run of runs) {
          let n = 0;
          for (const params of run.params) {
            const r = await trx.executeQuery(CompiledQuery.raw(run.sql, [...params]));
            n += Number(r.numAffectedRows ?? 0);
          }
          changed.push(n);
        }
        return changed;
      });
  }
  const prepared = new Map<string, BetterSqlite3.Statement<unknown[]>>();
  const statement = (text: string) => {
    let st = prepared.get(text);
    if (!st) {
      if (prepared.size >= PREPARED_LIMIT) prepared.clear();
      st = sqlite.prepare<unknown[]>(text);
      prepared.set(text, st);
    }
    return st;
  };
  const runAll = sqlite.transaction((runs: readonly StatementRun[]) =>
    runs.map((run) => {
      const st = statement(run.sql);
      let n = 0;
      for (const params of run.params) n += st.run(...params).changes;
      return n;
    }),
  );
  // BEGIN IMMEDIATE: the write lock is taken (or waited for) first, so a run that reads before it writes
  // cannot fail with SQLITE_BUSY when the event log's writer thread commits in between.
  return (runs) => database.db.connection().execute(async () => runAll.immediate(runs));
}
