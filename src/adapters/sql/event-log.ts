import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import {
  type AppendOptions,
  type AppendResult,
  type EventFilter,
  type EventLog,
  isStorageBusy,
  type LoggedEvent,
  PanierError,
  type PanierEvent,
} from '../../kernel/index.ts';
import type { SqlDatabase } from './database.ts';
import { EventKeyIndex, type EventKeyTables, keysForFilter } from './event-keys.ts';
import {
  applyEventFilter,
  EVENT_COLUMNS,
  type EventRow,
  type EventTables,
  eventValues,
  rowToEvent,
} from './event-rows.ts';
import { logged, SqliteWriterThread, type WriterOptions, type WriterTestHooks } from './event-writer.ts';
import { LazyCommits } from './lazy-commits.ts';

/** Reads shared by both dialects, through the query builder (not on the ingest hot path). */
abstract class SqlEventLogReads implements EventLog {
  protected readonly db: Kysely<EventTables & EventKeyTables>;
  readonly keys: EventKeyIndex;

  constructor(database: SqlDatabase) {
    this.db = database.db.withTables<EventTables & EventKeyTables>();
    this.keys = new EventKeyIndex(database);
  }

  abstract append(events: readonly PanierEvent[], options?: AppendOptions): Promise<AppendResult>;

  /** Resolves once every append made so far is committed (or rejected). */
  async flush(): Promise<void> {}

  /** Newest first: the unindexed tail (above the watermark) is scanned, the rest read through event_keys. */
  async page(filter: EventFilter, before: number | null, limit: number) {
    const keys = keysForFilter(filter);
    const watermark = keys ? await this.keys.watermark() : 0;
    let q = this.db
      .selectFrom('events')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(limit + 1);
    q = applyEventFilter(q, filter);
    if (before !== null) q = q.where('seq', '<', before);
    if (keys) q = q.where('seq', '>', watermark);
    const span = await this.seqSpan(filter);
    if (span === null) return { events: [], next: null };
    if (span) q = q.where('seq', '>=', span.lo).where('seq', '<=', span.hi);
    const rows = (await q.execute()) as EventRow[];
    if (keys && rows.length <= limit) {
      let iq = this.db
        .selectFrom('event_keys')
        .innerJoin('events', 'events.seq', 'event_keys.seq')
        .selectAll('events')
        .where('event_keys.k', 'in', keys)
        .where('event_keys.seq', '<=', watermark)
        .orderBy('event_keys.seq', 'desc')
        .limit(limit + 1 - rows.length);
      iq = applyEventFilter(iq, filter);
      if (before !== null) iq = iq.where('event_keys.seq', '<', before);
      if (span) iq = iq.where('event_keys.seq', '>=', span.lo).where('event_keys.seq', '<=', span.hi);
      rows.push(...((await iq.execute()) as EventRow[]));
    }
    const events = rows.slice(0, limit).map(rowToEvent);
    const next = rows.length > limit ? events[events.length - 1]!.seq : null;
    return { events, next };
  }

  /**
   * The seq range of a time window, read from the ts index: bounding the newest-first scan by it keeps a
   * window with few events from scanning the whole log.
   */
  private async seqSpan(filter: EventFilter): Promise<{ lo: number; hi: number } | null | undefined> {
    if (filter.from === undefined && filter.to === undefined) return undefined;
    let q = this.db
      .selectFrom('events')
      .select((eb) => [eb.fn.min('seq').as('lo'), eb.fn.max('seq').as('hi')]);
    if (filter.from !== undefined) q = q.where('ts', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('ts', '<', filter.to);
    const row = await q.executeTakeFirst();
    return row?.lo == null || row.hi == null ? null : { lo: Number(row.lo), hi: Number(row.hi) };
  }

  /**
   * True when every seq of the span is an event of the window: the window's events all lie in its
   * span by definition, so when their number equals the span's width no seq in it is missing or holds
   * an event from outside the window (one that arrived late, its time out of seq order). An index-only
   * count on ts. Then the window's events are exactly the span's, and key rows counted within the span
   * need no join to their events; otherwise (late events, or gaps left by erasure or by PostgreSQL
   * sequence values of skipped duplicates) the count checks each event's time.
   */
  private async spanHoldsOnlyWindow(filter: EventFilter, span: { lo: number; hi: number }): Promise<boolean> {
    let q = this.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n'));
    if (filter.from !== undefined) q = q.where('ts', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('ts', '<', filter.to);
    const n = Number((await q.executeTakeFirst())?.n ?? 0);
    return n === span.hi - span.lo + 1;
  }

  async count(filter: EventFilter): Promise<number> {
    const keys = keysForFilter(filter);
    const span = await this.seqSpan(filter);
    if (span === null) return 0;
    let tail = applyEventFilter(
      this.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')),
      filter,
    );
    if (span) tail = tail.where('seq', '>=', span.lo).where('seq', '<=', span.hi);
    if (!keys) return Number((await tail.executeTakeFirst())?.n ?? 0);
    const watermark = await this.keys.watermark();
    tail = tail.where('seq', '>', watermark);
    const set = Object.entries(filter).filter(([, v]) => v !== undefined);
    const onlyKey = set.length === 1;
    // The key alone plus a time window: when the window's seq span holds its events and nothing else,
    // key rows counted within the span are the answer (no join to check each event's time).
    const keyAndWindow = span !== undefined && set.filter(([k]) => k !== 'from' && k !== 'to').length === 1;
    const keyRowsSuffice = onlyKey || (keyAndWindow && (await this.spanHoldsOnlyWindow(filter, span)));
    let indexed = keyRowsSuffice
      ? this.db
          .selectFrom('event_keys')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('k', 'in', keys)
          .where('seq', '<=', watermark)
      : applyEventFilter(
          this.db
            .selectFrom('event_keys')
            .innerJoin('events', 'events.seq', 'event_keys.seq')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('event_keys.k', 'in', keys)
            .where('event_keys.seq', '<=', watermark),
          filter,
        );
    if (span) indexed = indexed.where('event_keys.seq', '>=', span.lo).where('event_keys.seq', '<=', span.hi);
    // An indexed span has no tail; asked anyway, SQLite would walk the window's ts index (~110 ms for 30 days).
    const noTail = span !== undefined && span.hi <= watermark;
    const [a, b] = await Promise.all([
      noTail ? undefined : tail.executeTakeFirst(),
      indexed.executeTakeFirst(),
    ]);
    return Number(a?.n ?? 0) + Number(b?.n ?? 0);
  }

  /** Erasure: deletes every event of these shopper ids, and their index rows. */
  async deleteByIdentity(ids: {
    userIds: readonly string[];
    anonymousIds: readonly string[];
  }): Promise<number> {
    let deleted = 0;
    for (const [column, list] of [
      ['user_id', ids.userIds],
      ['anonymous_id', ids.anonymousIds],
    ] as const) {
      for (let i = 0; i < list.length; i += 500) {
        const r = await this.db
          .deleteFrom('events')
          .where(column, 'in', list.slice(i, i + 500))
          .executeTakeFirst();
        deleted += Number(r.numDeletedRows);
      }
    }
    await this.keys.deleteIdentityKeys(ids);
    return deleted;
  }

  async scan(afterSeq: number, limit: number): Promise<LoggedEvent[]> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(rowToEvent);
  }

  async lastSeq(): Promise<number> {
    const row = await this.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('seq').as('m'))
      .executeTakeFirst();
    return Number(row?.m ?? 0);
  }
}

interface PendingAppend {
  events: readonly PanierEvent[];
  lazy?: boolean;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

/**
 * SQLite with group commit: appends that arrive while the previous group is being written (or in the
 * same event-loop turn) share one transaction, and so one WAL fsync; each promise resolves only after
 * that commit. On a file the writes run in a worker thread on their own connection (event-writer.ts);
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

const PG_ROWS_PER_STATEMENT = 5000;
const PG_INSERT = `INSERT INTO events (${EVENT_COLUMNS.join(',')})
  SELECT ${EVENT_COLUMNS.map((c, j) => (c === 'ts' || c === 'received_at' ? `(r->>${j})::bigint` : `r->>${j}`)).join(',')}
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, n) ORDER BY n
  ON CONFLICT (message_id) DO NOTHING RETURNING seq, message_id`;

/**
 * PostgreSQL with group commit: one group in flight at a time (so seqs follow the order of the append
 * calls, as on SQLite); the appends that arrive meanwhile form the next group, written in one transaction
 * with one `INSERT … SELECT FROM jsonb_array_elements($1)` per 5,000 rows (one JSON parameter instead
 * of a parameter per value, parsed once as jsonb: as `json`, every `->>` rescanned the row's text and
 * inserts ran at half the speed), committed before the promises resolve.
 */
export class PgEventLog extends SqlEventLogReads {
  private queue: PendingAppend[] = [];
  private busy: Promise<void> | null = null;
  private readonly lazy: LazyCommits;

  constructor(
    private readonly database: SqlDatabase,
    options: WriterOptions = {},
  ) {
    super(database);
    this.lazy = new LazyCommits(() => this.kick(), options.lazyWaitMs);
    // A lazy append still waiting when the database closes is committed before the pool ends.
    database.onClose(() => this.flush());
  }

  append(events: readonly PanierEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) return Promise.resolve({ appended: [], duplicates: [] });
    return new Promise((resolve, reject) => {
      this.queue.push({ events, resolve, reject, lazy: options.lazy });
      this.kick();
    });
  }

  override async flush(): Promise<void> {
    if (this.queue.length > 0) this.lazy.hurry();
    while (this.busy) await this.busy;
  }

  private kick(): void {
    this.busy ??= new Promise<void>((r) => setImmediate(r)).then(() => this.drain());
  }

  private async drain(): Promise<void> {
    try {
      // Lazy appends left alone wait (LazyCommits) for an eager one or the end of their wait.
      while (this.queue.length > 0 && this.lazy.ready(this.queue)) {
        const groups = this.queue;
        this.queue = [];
        try {
          const results = await this.write(groups);
          for (const [i, g] of groups.entries()) g.resolve(results[i]!);
          this.keys.schedule();
        } catch (e) {
          for (const g of groups) g.reject(e);
        }
      }
    } finally {
      this.busy = null;
    }
  }

  private async write(groups: readonly PendingAppend[]): Promise<AppendResult[]> {
    const all = groups.flatMap((g) => g.events);
    const client = await this.database.pool!.connect();
    try {
      await client.query('BEGIN');
      const seqByMessage = new Map<string, number>();
      for (let i = 0; i < all.length; i += PG_ROWS_PER_STATEMENT) {
        const chunk = all.slice(i, i + PG_ROWS_PER_STATEMENT);
        // One JSON parameter (an array of row arrays): JSON.stringify is native, where pg would escape
        // every element of eleven text arrays in JavaScript.
        const res = await client.query<{ seq: number; message_id: string }>(PG_INSERT, [
          JSON.stringify(chunk.map(eventValues)),
        ]);
        for (const r of res.rows) seqByMessage.set(r.message_id, Number(r.seq));
      }
      await client.query('COMMIT');
      return groups.map((g) => splitAppended(g.events, seqByMessage));
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }
}

function splitAppended(events: readonly PanierEvent[], seqByMessage: Map<string, number>): AppendResult {
  const appended: LoggedEvent[] = [];
  const duplicates: string[] = [];
  for (const e of events) {
    const seq = seqByMessage.get(e.messageId);
    if (seq !== undefined) {
      appended.push(logged(e, seq));
      seqByMessage.delete(e.messageId);
    } else duplicates.push(e.messageId);
  }
  appended.sort((a, b) => a.seq - b.seq);
  return { appended, duplicates };
}

export type SqlEventLog = SqlEventLogReads;

export function createSqlEventLog(database: SqlDatabase, options: WriterTestHooks = {}): SqlEventLog {
  return database.dialect === 'sqlite'
    ? new SqliteEventLog(database, options)
    : new PgEventLog(database, { lazyWaitMs: options.lazyWaitMs });
}
