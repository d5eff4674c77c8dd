import type BetterSqlite3 from 'better-sqlite3';
import {
  type AppendOptions,
  type AppendResult,
  isStorageBusy,
  type LoggedEvent,
  PanierError,
  type PanierEvent,
} from '../../kernel/index.ts';
import type { SqlDatabase } from './database.ts';
import { PgEventLog } from './event-log-pg.ts';
import { type PendingAppend, SqlEventLogReads } from './event-log-reads.ts';
import { EVENT_COLUMNS, eventValues } from './event-rows.ts';
import { logged, SqliteWriterThread, type WriterTestHooks } from './event-writer.ts';

/**
 * SQLite with group commit: appends that arrive while the previous group is being written (or in the
 * same synchronous run on the writer thread, the same event-loop turn inline) share one transaction,
 * and so one WAL fsync; each promise resolves only after that commit. On a file the writes run in a worker thread on their own connection (event-writer.ts);
 * on `:memory:` (or `writer: 'inline'`) they run synchronously on the main connection.
 */
export class SqliteEventLog extends SqlEventLogReads {
  private readonly insertTx: BetterSqlite3.Transaction<(groups: readonly PendingAppend[]) => AppendResult[]>;
  private queue: PendingAppend[] = [];
  private readonly thread: SqliteWriterThread | null;

  private readonly sqlite: NonNullable<SqlDatabase['sqlite']>;

  constructor(database: SqlDatabase, options: WriterTestHooks = {}) {
    super(database);
    const sqlite = database.sqlite!;
    this.sqlite = sqlite;
    const file = database.sqliteFile;
    const { lazyWaitMs, ...hooks } = options;
    this.thread =
      file && file.writer === 'thread'
        ? new SqliteWriterThread({ path: file.path, sync: file.sync, ...hooks }, () => this.keys.schedule(), {
            lazyWaitMs,
          })
        : null;
    if (this.thread) {
      const thread = this.thread;
      database.onClose(() => thread.close());
    }
    const insert = sqlite.prepare(
      `INSERT OR IGNORE INTO events (${EVENT_COLUMNS.join(',')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(',')})`,
    );
    this.insertTx = sqlite.transaction((groups: readonly PendingAppend[]) =>
      groups.map(({ events }) => {
        const appended: LoggedEvent[] = [];
        const duplicates: string[] = [];
        for (const e of events) {
          const r = insert.run(...eventValues(e));
          if (r.changes === 1) appended.push(logged(e, Number(r.lastInsertRowid)));
          else duplicates.push(e.messageId);
        }
        return { appended, duplicates };
      }),
    );
  }

  /** Resolves once every append made so far is committed (or rejected). */
  override async flush(): Promise<void> {
    if (this.thread) await this.thread.flush();
    while (this.queue.length > 0) await new Promise((r) => setImmediate(r));
  }

  /** True when appends are written by the worker thread. */
  get threaded(): boolean {
    return this.thread !== null;
  }

  /** Lazy appends wait for company on the writer thread; the inline writer (`:memory:`) commits them at once. */
  append(events: readonly PanierEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) return Promise.resolve({ appended: [], duplicates: [] });
    return new Promise((resolve, reject) => {
      if (this.thread) {
        this.thread.append({ events, resolve, reject, lazy: options.lazy });
        return;
      }
      if (this.queue.length === 0) setImmediate(() => this.commitQueued());
      this.queue.push({ events, resolve, reject });
    });
  }

  private commitQueued(): void {
    // Never join a transaction another caller holds open on the one connection: our commit would be theirs.
    if (this.sqlite.inTransaction) {
      setImmediate(() => this.commitQueued());
      return;
    }
    const groups = this.queue;
    this.queue = [];
    try {
      const results = this.insertTx.immediate(groups);
      for (const [i, g] of groups.entries()) g.resolve(results[i]!);
      this.keys.schedule();
    } catch (e) {
      const err = isStorageBusy(e)
        ? new PanierError(
            'storage_unavailable',
            `the event log cannot be written now: ${(e as Error).message}`,
          )
        : e;
      for (const g of groups) g.reject(err);
    }
  }
}

export type SqlEventLog = SqlEventLogReads;

export function createSqlEventLog(database: SqlDatabase, options: WriterTestHooks = {}): SqlEventLog {
  return database.dialect === 'sqlite'
    ? new SqliteEventLog(database, options)
    : new PgEventLog(database, { lazyWaitMs: options.lazyWaitMs });
}
