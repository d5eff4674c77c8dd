import { Worker } from 'node:worker_threads';
import { type LoggedEvent, PanierError, type PanierEvent } from '../../kernel/index.ts';
import { PackBuilder, type PackSpare } from './event-pack.ts';
import { type LazyCommitOptions, LazyCommits } from './lazy-commits.ts';

/** What the writer thread is started with. */
export interface WriterSetup {
  path: string;
  sync: 'full' | 'normal';
  /** Tests only: each thread dies (as a crash would) on receiving more than this many groups. */
  failAfter?: number;
  /** Tests only: how long one attempt waits for another connection's write lock (default 5 s). */
  busyTimeoutMs?: number;
}

/** Test hooks of the writer thread, passed through `createSqlEventLog`. */
export type WriterTestHooks = Pick<WriterSetup, 'failAfter' | 'busyTimeoutMs'> & LazyCommitOptions;

export type WriterRequest =
  | {
      type: 'write';
      id: number;
      count: number;
      bytes: Uint8Array<ArrayBuffer>;
      meta: Float64Array<ArrayBuffer>;
    }
  | { type: 'close' };

export type WriterReply =
  | { type: 'ready' }
  | { type: 'closed' }
  | {
      type: 'done';
      id: number;
      seqs: Float64Array<ArrayBuffer>;
      bytes: Uint8Array<ArrayBuffer>;
      meta: Float64Array<ArrayBuffer>;
    }
  | {
      type: 'failed';
      id: number;
      message: string;
      sqliteCode?: string;
      bytes: Uint8Array<ArrayBuffer>;
      meta: Float64Array<ArrayBuffer>;
    };

export interface AppendGroup {
  events: readonly PanierEvent[];
  /** May wait for an eager group to share its commit (`AppendOptions.lazy`). */
  lazy?: boolean;
  resolve: (r: { appended: LoggedEvent[]; duplicates: string[] }) => void;
  reject: (e: unknown) => void;
}

const BOOT = new URL('./event-writer-boot.mjs', import.meta.url);

/**
 * Appends written by a worker thread on its own SQLite connection (WAL: the main connection reads what it
 * commits). Group commit across requests: while one group is being written, the appends that arrive are
 * queued and then go together as the next group, in one transaction and one fsync. At most one group is in
 * flight, so seqs follow the order of the append calls. Lazy groups alone do not start a commit until
 * their wait is over: they ride with the next eager group. A writer that dies or fails rejects every append
 * it had not confirmed (none is acknowledged without its commit); the next append starts a new thread.
 */
export class SqliteWriterThread {
  private worker: Worker | null = null;
  private queue: AppendGroup[] = [];
  private inFlight: { id: number; groups: AppendGroup[] } | null = null;
  private nextId = 1;
  private scheduled = false;
  private spare: PackSpare = {};
  /** The queued groups, packed as they were appended (in queue order). */
  private readonly packed = new PackBuilder();
  private closing: Promise<void> | null = null;
  private drained: Array<() => void> = [];
  private readonly lazy: LazyCommits;

  constructor(
    private readonly setup: WriterSetup,
    private readonly onCommitted: () => void = () => {},
    options: LazyCommitOptions = {},
  ) {
    this.lazy = new LazyCommits(() => this.send(), options.lazyWaitMs);
  }

  append(group: AppendGroup): void {
    if (this.closing) {
      group.reject(new PanierError('storage_unavailable', 'the event log is closing'));
      return;
    }
    try {
      this.packed.add(group.events);
    } catch (e) {
      group.reject(e);
      return;
    }
    this.queue.push(group);
    if (!this.scheduled && !this.inFlight) {
      this.scheduled = true;
      // Appends made in the same synchronous run go in one group. Not at the end of the event-loop
      // turn: the writer would idle while every request that arrived meanwhile is parsed, and with a
      // projection running after each commit all connections then fell into one group (a convoy).
      queueMicrotask(() => {
        this.scheduled = false;
        this.send();
      });
    }
  }

  /** Resolves once every append made so far is committed or rejected. */
  flush(): Promise<void> {
    if (this.queue.length === 0 && !this.inFlight && !this.scheduled) return Promise.resolve();
    const drained = new Promise<void>((r) => this.drained.push(r));
    if (this.queue.length > 0) this.lazy.hurry(); // appends made later need not skip their wait
    return drained;
  }

  /** Waits for queued and in-flight groups, then stops the thread. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.flush();
      const w = this.worker;
      this.worker = null;
      if (!w) return;
      await new Promise<void>((resolve) => {
        w.once('exit', () => resolve());
        w.postMessage({ type: 'close' } satisfies WriterRequest);
      });
    })();
    return this.closing;
  }

  private start(): Worker {
    const w = new Worker(BOOT, { workerData: this.setup });
    w.on('message', (msg: WriterReply) => this.onReply(msg));
    w.on('error', (err) => this.onDeath(w, err));
    w.on('exit', (code) => this.onDeath(w, new Error(`the writer thread exited (code ${code})`)));
    return w;
  }

  private send(): void {
    if (this.inFlight || this.queue.length === 0) {
      this.checkDrained();
      return;
    }
    if (!this.lazy.ready(this.queue)) return;
    const groups = this.queue;
    this.queue = [];
    const packed = this.packed.take(this.spare);
    this.spare = {};
    this.worker ??= this.start();
    this.worker.ref(); // a group in flight keeps the process alive; an idle writer does not
    const id = this.nextId++;
    this.inFlight = { id, groups };
    const msg: WriterRequest = {
      type: 'write',
      id,
      count: packed.count,
      bytes: packed.bytes,
      meta: packed.meta,
    };
    this.worker.postMessage(msg, [packed.bytes.buffer, packed.meta.buffer]);
  }

  private onReply(msg: WriterReply): void {
    if (msg.type !== 'done' && msg.type !== 'failed') return;
    const flight = this.inFlight;
    if (!flight || flight.id !== msg.id) return;
    this.inFlight = null;
    this.spare = { bytes: msg.bytes, meta: msg.meta };
    if (msg.type === 'failed') {
      const busy = msg.sqliteCode?.startsWith('SQLITE_BUSY') || msg.sqliteCode === 'SQLITE_FULL';
      const err = busy
        ? new PanierError('storage_unavailable', `the event log cannot be written now: ${msg.message}`)
        : new Error(`event log write failed: ${msg.message}`);
      for (const g of flight.groups) g.reject(err);
    } else {
      let k = 0;
      for (const g of flight.groups) {
        const appended: LoggedEvent[] = [];
        const duplicates: string[] = [];
        for (const e of g.events) {
          const seq = msg.seqs[k++]!;
          if (seq > 0) appended.push(logged(e, seq));
          else duplicates.push(e.messageId);
        }
        g.resolve({ appended, duplicates });
      }
      this.onCommitted();
    }
    this.send();
  }

  private onDeath(w: Worker, err: Error): void {
    if (this.worker !== w) return;
    this.worker = null;
    const flight = this.inFlight;
    this.inFlight = null;
    const reason = new PanierError(
      'storage_unavailable',
      `the event log writer stopped before confirming the commit: ${err.message}`,
    );
    if (flight) for (const g of flight.groups) g.reject(reason);
    // Queued groups were never sent: they go to a fresh thread.
    this.send();
  }

  private checkDrained(): void {
    if (this.queue.length > 0 || this.inFlight || this.scheduled || this.lazy.waiting) return;
    this.worker?.unref();
    for (const r of this.drained.splice(0)) r();
  }
}

/** The appended event as subscribers get it (without the serialized payload, which may pin a request body). */
export function logged(e: PanierEvent, seq: number): LoggedEvent {
  return {
    seq,
    messageId: e.messageId,
    kind: e.kind,
    type: e.type,
    name: e.name,
    userId: e.userId,
    anonymousId: e.anonymousId,
    timestamp: e.timestamp,
    receivedAt: e.receivedAt,
    storeId: e.storeId,
    source: e.source,
    payload: e.payload,
  };
}
