// The SQLite writer thread: its own connection to the log's file, one transaction (and, with
// synchronous=FULL, one fsync) per group of packed events; replies with the seq of each event (0 when
// its messageId was already stored). See event-writer.ts for the protocol.
// It starts a second thread, the checkpointer, which copies the WAL into the database file (PASSIVE
// checkpoints run concurrently with the writer's commits) so that no commit waits for a checkpoint.
import { statSync } from 'node:fs';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { PACKED_COLUMNS, PACKED_STRIDE, PACKED_TEXT_COLUMNS } from './event-pack.ts';
import type { WriterReply, WriterRequest, WriterSetup } from './event-writer.ts';

const setup = workerData as WriterSetup & { role?: 'checkpointer' };
/** How long one attempt waits for another connection's write lock (SQLite's busy handler). */
const BUSY_TIMEOUT_MS = setup.busyTimeoutMs ?? 5000;
/** Attempts of a group whose transaction found the database locked (each rolled back entirely). */
const BUSY_ATTEMPTS = 3;

const port = parentPort!;
// The busy timeout is set at open, before any statement: the main connection (key index, catalog, profiles)
// may hold the write lock at any moment, and every statement here must wait for it rather than fail.
const db = new BetterSqlite3(setup.path, { timeout: BUSY_TIMEOUT_MS });
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${setup.sync === 'normal' ? 'NORMAL' : 'FULL'}`);
db.pragma('cache_size = -65536');

/** WAL size past which the checkpointer is asked to run (SQLite's own default is 1,000 pages). */
const CHECKPOINT_AT_BYTES = 4 * 1024 * 1024;
/** The writer's own automatic checkpoint, a backstop should the checkpointer fall behind or fail. */
const BACKSTOP_PAGES = 16_384;

if (setup.role === 'checkpointer') {
  db.pragma('wal_autocheckpoint = 0');
  port.on('message', (msg: 'run' | 'close') => {
    if (msg === 'close') {
      db.close();
      port.close();
      return;
    }
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // busy or failing: the writer's backstop checkpoint still bounds the WAL
    }
    port.postMessage('done');
  });
} else startWriter();

function startWriter(): void {
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const walPath = `${setup.path}-wal`;
  let checkpointer: Worker | null = new Worker(new URL('./event-writer-boot.mjs', import.meta.url), {
    workerData: { path: setup.path, sync: setup.sync, role: 'checkpointer' },
  });
  let checkpointing = false;
  checkpointer.on('message', () => {
    checkpointing = false;
  });
  checkpointer.on('error', () => {
    checkpointer = null; // from now on SQLite's automatic checkpoint does the work
    db.pragma('wal_autocheckpoint = 1000');
  });
  const maybeCheckpoint = () => {
    if (checkpointing || !checkpointer) return;
    let size = 0;
    try {
      size = statSync(walPath).size;
    } catch {
      return;
    }
    if (size < CHECKPOINT_AT_BYTES) return;
    checkpointing = true;
    checkpointer.postMessage('run');
  };

  const ROWS = 10; // rows per INSERT: one statement step per 10 rows measured ~15 % cheaper than one per row
  const row = `(${PACKED_COLUMNS.map((_, i) => (i < PACKED_TEXT_COLUMNS ? 'CAST(? AS TEXT)' : '?')).join(',')})`;
  const insertSql = (rows: number) =>
    `INSERT OR IGNORE INTO events (${PACKED_COLUMNS.join(',')}) VALUES ${Array(rows).fill(row).join(',')}`;
  const insertOne = db.prepare<unknown[]>(insertSql(1));
  const insertMany = db.prepare<unknown[]>(insertSql(ROWS));
  const maxSeq = db.prepare<[]>('SELECT coalesce(max(seq), 0) FROM events').pluck();
  const insertedSince = db.prepare<[number]>('SELECT seq, message_id FROM events WHERE seq > ? ORDER BY seq');

  const WIDTH = PACKED_COLUMNS.length;

  /** Binds event `i` at position `at` of `args`. */
  function bind(args: unknown[], at: number, bytes: Buffer, meta: Float64Array, i: number): void {
    let m = i * PACKED_STRIDE;
    for (let j = 0; j < PACKED_TEXT_COLUMNS; j++, m += 2) {
      const len = meta[m + 1]!;
      args[at + j] = len < 0 ? null : bytes.subarray(meta[m]!, meta[m]! + len);
    }
    args[at + PACKED_TEXT_COLUMNS] = meta[m];
    args[at + PACKED_TEXT_COLUMNS + 1] = meta[m + 1];
  }

  /**
   * Rows of one statement get consecutive seqs after the table's largest one (this thread is the only
   * writer of `events` while its transaction is open); when some were ignored as duplicates, the new rows
   * are read back to tell which. Run with `.immediate` (BEGIN IMMEDIATE): the transaction reads before it
   * writes, and a deferred one would hold a read snapshot when it asks for the write lock, which SQLite
   * then refuses at once with SQLITE_BUSY (its busy handler is not called for that upgrade) whenever the
   * main connection is writing.
   */
  const tx = db.transaction((bytes: Buffer, meta: Float64Array, count: number, seqs: Float64Array) => {
    let last = Number(maxSeq.get());
    const many: unknown[] = new Array(WIDTH * ROWS);
    const one: unknown[] = new Array(WIDTH);
    let i = 0;
    for (; i + ROWS <= count; i += ROWS) {
      for (let k = 0; k < ROWS; k++) bind(many, k * WIDTH, bytes, meta, i + k);
      const r = insertMany.run(many);
      if (r.changes === ROWS && Number(r.lastInsertRowid) === last + ROWS) {
        for (let k = 0; k < ROWS; k++) seqs[i + k] = last + k + 1;
        last += ROWS;
      } else if (r.changes === 0) for (let k = 0; k < ROWS; k++) seqs[i + k] = 0;
      else last = readBack(bytes, meta, i, ROWS, last, seqs);
    }
    for (; i < count; i++) {
      bind(one, 0, bytes, meta, i);
      const r = insertOne.run(one);
      seqs[i] = r.changes === 1 ? Number(r.lastInsertRowid) : 0;
      if (r.changes === 1) last = seqs[i]!;
    }
  });

  /** A locked database is retried (the failed attempt was rolled back whole, seqs are derived again). */
  function write(bytes: Buffer, meta: Float64Array, count: number, seqs: Float64Array): void {
    for (let attempt = 1; ; attempt++) {
      try {
        tx.immediate(bytes, meta, count, seqs);
        return;
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        const busy = typeof code === 'string' && code.startsWith('SQLITE_BUSY');
        if (!busy || attempt >= BUSY_ATTEMPTS || db.inTransaction) throw e;
      }
    }
  }

  /** Which of events `from…from+n` were stored (first occurrence of each messageId), by reading them back. */
  function readBack(
    bytes: Buffer,
    meta: Float64Array,
    from: number,
    n: number,
    after: number,
    seqs: Float64Array,
  ): number {
    const stored = new Map<string, number>();
    let last = after;
    for (const r of insertedSince.all(after) as Array<{ seq: number; message_id: string }>) {
      stored.set(r.message_id, r.seq);
      last = Math.max(last, r.seq);
    }
    for (let k = 0; k < n; k++) {
      const m = (from + k) * PACKED_STRIDE;
      const id = bytes.toString('utf8', meta[m]!, meta[m]! + meta[m + 1]!);
      const seq = stored.get(id);
      seqs[from + k] = seq ?? 0;
      if (seq !== undefined) stored.delete(id);
    }
    return last;
  }

  let received = 0;
  port.on('message', (msg: WriterRequest) => {
    if (msg.type === 'close') {
      const done = () => {
        db.close();
        port.postMessage({ type: 'closed' } satisfies WriterReply);
        port.close();
      };
      if (!checkpointer) done();
      else {
        checkpointer.once('exit', done);
        checkpointer.postMessage('close');
      }
      return;
    }
    const seqs = new Float64Array(msg.count);
    try {
      if (setup.failAfter !== undefined && ++received > setup.failAfter) process.exit(70); // tests: a crash
      write(
        Buffer.from(msg.bytes.buffer, msg.bytes.byteOffset, msg.bytes.byteLength),
        msg.meta,
        msg.count,
        seqs,
      );
      const reply: WriterReply = { type: 'done', id: msg.id, seqs, bytes: msg.bytes, meta: msg.meta };
      port.postMessage(reply, [seqs.buffer, msg.bytes.buffer, msg.meta.buffer]);
      maybeCheckpoint();
    } catch (e) {
      const err = e as { message?: string; code?: string };
      const reply: WriterReply = {
        type: 'failed',
        id: msg.id,
        message: String(err.message ?? e),
        sqliteCode: err.code,
        bytes: msg.bytes,
        meta: msg.meta,
      };
      port.postMessage(reply, [msg.bytes.buffer, msg.meta.buffer]);
    }
  });
  port.postMessage({ type: 'ready' } satisfies WriterReply);
}
