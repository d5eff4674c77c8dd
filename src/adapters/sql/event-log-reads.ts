import type { Kysely } from 'kysely';
import type {
  AppendOptions,
  AppendResult,
  EventFilter,
  EventLog,
  LoggedEvent,
  PanierEvent,
} from '../../kernel/index.ts';
import type { SqlDatabase } from './database.ts';
import { EventKeyIndex, type EventKeyTables, keysForFilter } from './event-keys.ts';
import { applyEventFilter, type EventRow, type EventTables, rowToEvent } from './event-rows.ts';

/** Reads shared by both dialects, through the query builder (not on the ingest hot path). */
export abstract class SqlEventLogReads implements EventLog {
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

/** One append call waiting in a dialect's group-commit queue. */
export interface PendingAppend {
  events: readonly PanierEvent[];
  lazy?: boolean;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}
