import { Worker } from 'node:worker_threads';
import type { CallKind, CanonicalType, LoggedEvent } from '../../kernel/index.ts';

type Row = [
  seq: number,
  messageId: string,
  kind: CallKind,
  type: CanonicalType,
  name: string | null,
  userId: string | null,
  anonymousId: string | null,
  timestamp: number,
  receivedAt: number,
  storeId: string | null,
  source: string,
  payload: Record<string, unknown>,
];

type Reply = { id: number; text?: string; error?: string };

const WORKER = new URL('./log-reader-worker.mjs', import.meta.url);

/**
 * Scans of the SQLite event log read by a worker thread on its own read-only connection, one page ahead
 * of the caller: a replay from the start (profiles at a restart) then only parses JSON on the main
 * thread while the worker steps SQLite for the next page. Each page arrives as one JSON text (one string
 * copy across threads) and is parsed in one call; the events are the ones `SqlEventLog.scan` returns.
 * For full scans only: it reads the file as committed (WAL), so it is used while nothing else needs a
 * read of its own writes.
 */
export class SqliteLogReader {
  private readonly worker: Worker;
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: unknown) => void }>();
  private ahead: { after: number; limit: number; reply: Promise<Reply> } | null = null;
  private failed: unknown = null;
  closed = false;

  constructor(path: string) {
    this.worker = new Worker(WORKER, { workerData: { path } });
    this.worker.on('message', (r: Reply) => {
      const w = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      w?.resolve(r);
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', () => this.fail(new Error('log reader thread exited')));
  }

  /** The events after `afterSeq`, oldest first, at most `limit`; asks for the following page meanwhile. */
  async scan(afterSeq: number, limit: number): Promise<LoggedEvent[]> {
    const a = this.ahead;
    const reply = a && a.after === afterSeq && a.limit === limit ? a.reply : this.request(afterSeq, limit);
    this.ahead = null;
    const r = await reply;
    if (r.error !== undefined) throw new Error(`log reader: ${r.error}`);
    const rows = JSON.parse(r.text ?? '[]') as Row[];
    const events: LoggedEvent[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const x = rows[i]!;
      events[i] = {
        seq: x[0],
        messageId: x[1],
        kind: x[2],
        type: x[3],
        name: x[4],
        userId: x[5],
        anonymousId: x[6],
        timestamp: x[7],
        receivedAt: x[8],
        storeId: x[9],
        source: x[10],
        payload: x[11],
      };
    }
    if (events.length === limit) {
      const after = events[events.length - 1]!.seq;
      this.ahead = { after, limit, reply: this.request(after, limit) };
      this.ahead.reply.catch(() => {}); // read (and thrown) by the next scan, if any
    }
    return events;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ahead = null;
    this.worker.postMessage({ type: 'close' });
    await new Promise<void>((resolve) => {
      if (this.failed) resolve();
      else this.worker.once('exit', () => resolve());
    });
  }

  private request(after: number, limit: number): Promise<Reply> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    return new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'read', id, after, limit });
    });
  }

  private fail(e: unknown): void {
    this.failed ??= e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }
}
