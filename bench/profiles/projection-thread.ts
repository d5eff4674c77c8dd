// EXPERIMENT (not how panier is wired today): the live profile projection on a thread of its own. It
// reads committed events from the SQLite log on its own read-only connection when the main thread says
// how far the log got (or, with BENCH_PROFILES_THREAD=bytes, gets them packed as for the log writer; with
// =compact, one JSON text of slim records per delivery), applies them to a ProfileService warmed as in ingest-server.ts, and sends the
// Segment Entered/Exited events it emits back to the main thread to append. It measures what ingest
// would keep on this machine if profiles left the ingest thread (bench/profiles/ingest-ratio.ts with
// BENCH_PROFILES_THREAD=1); the HTTP profile API, consent and identity lookups are not wired to it.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { PACKED_STRIDE, PACKED_TEXT_COLUMNS } from '../../src/adapters/sql/event-pack.ts';
import type { AppendResult, LoggedEvent, PanierEvent } from '../../src/kernel/index.ts';
import { MemoryProfilesStore, ProfileService } from '../../src/modules/profiles/index.ts';
import { warmEngine } from './workload.ts';

const port = parentPort!;
const { path, warm, shoppers } = workerData as { path: string; warm: number; shoppers: number };
const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
const page = db
  .prepare(
    'SELECT seq, message_id, kind, type, name, user_id, anonymous_id, ts, received_at, store_id, source, payload ' +
      'FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
  )
  .raw();

let nextId = 0;
const appends = new Map<number, (r: AppendResult) => void>();
const notReplayed = () => Promise.reject(new Error('the experiment serves no reads'));
const profiles = new ProfileService({
  log: {
    scan: async () => [], // nothing to replay: the warm population is synthetic, as in ingest-server.ts
    append: (events: readonly PanierEvent[]) =>
      new Promise<AppendResult>((resolve) => {
        appends.set(++nextId, resolve);
        port.postMessage({ type: 'append', id: nextId, events });
      }),
    page: notReplayed,
    lastSeq: async () => 0,
  },
  eraser: { deleteByIdentity: notReplayed },
  store: new MemoryProfilesStore(),
});
await profiles.start();
warmEngine(profiles.engine, warm, shoppers);
// BENCH_PROJECTION_NICE=n: this thread alone at nice n (Linux: setpriority on its thread id), so the
// ingest's main and writer threads get a core first and the projection takes what is left.
if (process.env.BENCH_PROJECTION_NICE) {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  setPriority(tid, Number(process.env.BENCH_PROJECTION_NICE));
}

type Row = [
  number,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  number,
  number,
  string | null,
  string,
  string,
];
let after = 0;
let upTo = 0;
let handled = 0;
let busyMs = 0;
let lastAt = 0;
const lags: number[] = [];
/** Applies decoded events and counts them; `t0`: when their decoding began (it counts as busy). */
function apply(events: LoggedEvent[], t0: number): void {
  profiles.handle(events);
  const now = Date.now();
  for (const e of events) lags.push(now - e.receivedAt);
  busyMs += performance.now() - t0;
  handled += events.length;
  lastAt = now;
}
function drain(): void {
  while (after < upTo) {
    const rows = page.all(after, 2000) as Row[];
    if (rows.length === 0) break;
    const t0 = performance.now();
    const events: LoggedEvent[] = rows.map((r) => ({
      seq: r[0],
      messageId: r[1],
      kind: r[2] as LoggedEvent['kind'],
      type: r[3] as LoggedEvent['type'],
      name: r[4],
      userId: r[5],
      anonymousId: r[6],
      timestamp: r[7],
      receivedAt: r[8],
      storeId: r[9],
      source: r[10],
      payload: JSON.parse(r[11]) as LoggedEvent['payload'],
    }));
    apply(events, t0);
    after = rows[rows.length - 1]![0];
  }
}
/** Events packed as for the log writer (event-pack.ts): text columns as byte ranges, then ts, received_at. */
function unpack(bytes: Uint8Array, meta: Float64Array, seqs: Float64Array): LoggedEvent[] {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const events: LoggedEvent[] = [];
  for (let i = 0; i < seqs.length; i++) {
    const base = i * PACKED_STRIDE;
    const text = (column: number): string | null => {
      const off = meta[base + 2 * column]!;
      const len = meta[base + 2 * column + 1]!;
      return len < 0 ? null : b.toString('utf8', off, off + len);
    };
    events.push({
      seq: seqs[i]!,
      messageId: text(0)!,
      kind: text(1) as LoggedEvent['kind'],
      type: text(2) as LoggedEvent['type'],
      name: text(3),
      userId: text(4),
      anonymousId: text(5),
      storeId: text(6),
      source: text(7)!,
      payload: JSON.parse(text(8)!) as LoggedEvent['payload'],
      timestamp: meta[base + 2 * PACKED_TEXT_COLUMNS]!,
      receivedAt: meta[base + 2 * PACKED_TEXT_COLUMNS + 1]!,
    });
  }
  return events;
}

function applyPacked(bytes: Uint8Array, meta: Float64Array, seqs: Float64Array): void {
  const t0 = performance.now();
  apply(unpack(bytes, meta, seqs), t0);
}

type Message = { type: string; upTo?: number; id?: number; result?: AppendResult; text?: string } & Partial<{
  bytes: Uint8Array;
  meta: Float64Array;
  seqs: Float64Array;
}>;
/** Slim events (ingest-server.ts `slimRecord`): one JSON.parse of what the projection reads. */
function applyCompact(text: string): void {
  const t0 = performance.now();
  apply(JSON.parse(text) as LoggedEvent[], t0);
}

port.on('message', (m: Message) => {
  if (m.type === 'events') applyPacked(m.bytes!, m.meta!, m.seqs!);
  else if (m.type === 'compact') applyCompact(m.text!);
  else if (m.type === 'committed') {
    upTo = Math.max(upTo, m.upTo!);
    drain();
  } else if (m.type === 'appended') {
    appends.get(m.id!)?.(m.result!);
    appends.delete(m.id!);
  } else if (m.type === 'stats') {
    lags.sort((a, b) => a - b);
    const q = (p: number) => lags[Math.min(lags.length - 1, Math.floor(p * lags.length))] ?? 0;
    port.postMessage({
      type: 'stats',
      handled,
      usPerEvent: (busyMs * 1000) / Math.max(1, handled),
      lagP99: q(0.99),
      lagMax: q(1),
      lastHandledAt: lastAt,
    });
  }
});
port.postMessage({ type: 'ready' });
