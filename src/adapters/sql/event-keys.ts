import type { Kysely } from 'kysely';
import type { EventFilter } from '../../kernel/index.ts';
import type { SqlDatabase } from './database.ts';

/**
 * A deferred secondary index of the log: one `(k, seq)` row per shopper id and type of each event,
 * maintained off the ingest path in large transactions, so appends keep only append-friendly indexes.
 * Rows above the watermark are not indexed yet; readers scan that tail directly.
 */
export type EventKeyTables = {
  event_keys: { k: string; seq: number };
  panier_meta: { key: string; value: string };
};

const WATERMARK_KEY = 'event_keys_watermark';
const CHUNK = 5000;
/** Background chunks stay small and spaced so serving and rebuilds keep the event loop (~20 ms each). */
const BACKGROUND_CHUNK = 500;
const BACKGROUND_PAUSE_MS = 5;
/** How long ingest must pause before background indexing resumes. */
const QUIET_MS = 200;

export const userKey = (id: string) => `u:${id}`;
export const anonKey = (id: string) => `a:${id}`;
export const typeKey = (type: string) => `t:${type}`;

type KeyedRow = { seq: number; user_id: string | null; anonymous_id: string | null; type: string };

function keysOf(r: KeyedRow): string[] {
  const keys = [typeKey(r.type)];
  if (r.user_id !== null) keys.push(userKey(r.user_id));
  if (r.anonymous_id !== null) keys.push(anonKey(r.anonymous_id));
  return keys;
}

/** The most selective key set for a filter, or null when the filter has none (then the log is scanned). */
export function keysForFilter(f: EventFilter): string[] | null {
  if (f.userId !== undefined) return [userKey(f.userId)];
  if (f.anonymousId !== undefined) return [anonKey(f.anonymousId)];
  if (f.types && f.types.length > 0) return f.types.map(typeKey);
  return null;
}

export class EventKeyIndex {
  private readonly db: Kysely<EventKeyTables>;
  private cached: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastAppend = 0;
  private running: Promise<number> | null = null;
  private held: Promise<unknown> | null = null;

  constructor(private readonly database: SqlDatabase) {
    this.db = database.db.withTables<EventKeyTables>();
  }

  async watermark(): Promise<number> {
    if (this.cached !== null) return this.cached;
    const row = await this.db
      .selectFrom('panier_meta')
      .select('value')
      .where('key', '=', WATERMARK_KEY)
      .executeTakeFirst();
    this.cached = row ? Number(row.value) : 0;
    return this.cached;
  }

  /** Indexes the next rows above the watermark in one transaction; returns how many events it covered. */
  indexNext(maxRows = CHUNK): Promise<number> {
    this.running ??= this.indexChunk(maxRows).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Keeps indexing in the background, a chunk at a time, while the log is ahead of the watermark; it
   * yields to ingest: while appends keep arriving it waits for a quiet moment (readers scan the tail).
   */
  schedule(delayMs = QUIET_MS): void {
    this.lastAppend = Date.now();
    if (this.timer) return;
    this.timer = setTimeout(() => this.tick(), delayMs);
    this.timer.unref();
  }

  /**
   * Defers background indexing until `until` settles (the app holds it while the projections rebuild at
   * start, so the two do not share the CPU); readers scan the unindexed tail meanwhile.
   */
  hold(until: Promise<unknown>): void {
    this.held = until;
    const release = () => {
      if (this.held !== until) return;
      this.held = null;
      this.schedule(0);
    };
    until.then(release, release);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.held) return; // resumed by the hold's release
    const quietFor = Date.now() - this.lastAppend;
    if (quietFor < QUIET_MS) {
      this.timer = setTimeout(() => this.tick(), QUIET_MS - quietFor);
      this.timer.unref();
      return;
    }
    const done = await this.indexNext(BACKGROUND_CHUNK).catch(() => 0);
    if (done > 0) {
      this.timer = setTimeout(() => this.tick(), BACKGROUND_PAUSE_MS);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Drops every key row of these shopper ids (erasure). */
  async deleteIdentityKeys(ids: {
    userIds: readonly string[];
    anonymousIds: readonly string[];
  }): Promise<void> {
    const keys = [...ids.userIds.map(userKey), ...ids.anonymousIds.map(anonKey)];
    for (let i = 0; i < keys.length; i += 500)
      await this.db
        .deleteFrom('event_keys')
        .where('k', 'in', keys.slice(i, i + 500))
        .execute();
  }

  private async indexChunk(maxRows: number): Promise<number> {
    const from = await this.watermark();
    if (this.database.sqlite) return this.indexSqlite(from, maxRows);
    return this.indexPostgres(from, maxRows);
  }

  /** SQLite: synchronous, so no other statement can interleave with this transaction on the one connection. */
  private indexSqlite(from: number, maxRows: number): number {
    const sqlite = this.database.sqlite!;
    if (sqlite.inTransaction) return 0;
    const rows = sqlite
      .prepare('SELECT seq, user_id, anonymous_id, type FROM events WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(from, maxRows) as KeyedRow[];
    if (rows.length === 0) return 0;
    const insert = sqlite.prepare('INSERT OR IGNORE INTO event_keys (k, seq) VALUES (?, ?)');
    const mark = sqlite.prepare(
      'INSERT INTO panier_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    const last = rows[rows.length - 1]!.seq;
    sqlite
      .transaction(() => {
        for (const r of rows) for (const k of keysOf(r)) insert.run(k, r.seq);
        mark.run(WATERMARK_KEY, String(last));
      })
      .immediate(); // takes the write lock first, waiting for the log's writer thread if it holds it
    this.cached = last;
    return rows.length;
  }

  private async indexPostgres(from: number, maxRows: number): Promise<number> {
    const last = await this.db.transaction().execute(async (tx) => {
      const rows = (await tx
        .withTables<{ events: KeyedRow }>()
        .selectFrom('events')
        .select(['seq', 'user_id', 'anonymous_id', 'type'])
        .where('seq', '>', from)
        .orderBy('seq')
        .limit(maxRows)
        .execute()) as KeyedRow[];
      if (rows.length === 0) return null;
      const values = rows.flatMap((r) => keysOf(r).map((k) => ({ k, seq: r.seq })));
      for (let i = 0; i < values.length; i += 10_000)
        await tx
          .insertInto('event_keys')
          .values(values.slice(i, i + 10_000))
          .onConflict((oc) => oc.doNothing())
          .execute();
      const to = rows[rows.length - 1]!.seq;
      await tx
        .insertInto('panier_meta')
        .values({ key: WATERMARK_KEY, value: String(to) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(to) }))
        .execute();
      return { to, n: rows.length };
    });
    if (!last) return 0;
    this.cached = last.to;
    return last.n;
  }
}
