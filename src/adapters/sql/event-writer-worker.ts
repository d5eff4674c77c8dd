// The SQLite writer thread: its own connection to the log's file, one transaction (and, with
// synchronous=FULL, one fsync) per group of packed events; replies with the seq of each event (0 when
// its messageId was already stored). See event-writer.ts for the protocol.
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { PACKED_COLUMNS, PACKED_TEXT_COLUMNS } from './event-pack.ts';
import type { WriterReply, WriterRequest, WriterSetup } from './event-writer.ts';

const setup = workerData as WriterSetup;
const db = new BetterSqlite3(setup.path);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${setup.sync === 'normal' ? 'NORMAL' : 'FULL'}`);
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -65536');

const placeholders = PACKED_COLUMNS.map((_, i) => (i < PACKED_TEXT_COLUMNS ? 'CAST(? AS TEXT)' : '?'));
const insert = db.prepare<unknown[]>(
  `INSERT OR IGNORE INTO events (${PACKED_COLUMNS.join(',')}) VALUES (${placeholders.join(',')})`,
);

const write = db.transaction((bytes: Buffer, meta: Float64Array, count: number, seqs: Float64Array) => {
  const args: unknown[] = new Array(PACKED_COLUMNS.length);
  for (let i = 0, m = 0; i < count; i++) {
    for (let j = 0; j < PACKED_TEXT_COLUMNS; j++, m += 2) {
      const len = meta[m + 1]!;
      args[j] = len < 0 ? null : bytes.subarray(meta[m]!, meta[m]! + len);
    }
    args[PACKED_TEXT_COLUMNS] = meta[m++];
    args[PACKED_TEXT_COLUMNS + 1] = meta[m++];
    const r = insert.run(args);
    seqs[i] = r.changes === 1 ? Number(r.lastInsertRowid) : 0;
  }
});

const port = parentPort!;
let received = 0;
port.on('message', (msg: WriterRequest) => {
  if (msg.type === 'close') {
    db.close();
    port.postMessage({ type: 'closed' } satisfies WriterReply);
    port.close();
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
