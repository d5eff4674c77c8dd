import type { AppendOptions, AppendResult, LoggedEvent, PanierEvent } from '../../kernel/index.ts';
import type { SqlDatabase } from './database.ts';
import { type PendingAppend, SqlEventLogReads } from './event-log-reads.ts';
import { EVENT_COLUMNS, eventValues } from './event-rows.ts';
import { logged } from './event-writer.ts';
import { type LazyCommitOptions, LazyCommits } from './lazy-commits.ts';

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
    options: LazyCommitOptions = {},
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

  /**
   * Starts a group once the appends made in the same synchronous run are queued (a microtask), as the
   * SQLite writer does: waiting for the end of the event-loop turn left the connection idle while every
   * request that had arrived meanwhile was parsed.
   */
  private kick(): void {
    this.busy ??= Promise.resolve().then(() => this.drain());
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
