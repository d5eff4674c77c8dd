// Ingest with profiles live vs without, through panier's real HTTP ingest path (POST /v1/batch, 100
// events per batch, 16 keep-alive connections, durable SQLite, the raw-socket client of bench/ingest),
// each server in its own process as in bench/ingest. With profiles, the server holds a warmed
// population (BENCH_WARM events over BENCH_SHOPPERS shoppers, a fitted model and four segments) and
// applies every ingested event to it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { drive, encodeRequests } from '../ingest/client.ts';
import { batchBodies, LOAD, PER_BATCH, startIngestServer } from './ratio-harness.ts';
import { PAYLOAD } from './workload.ts';

// 300,000 events per run: at 1,000 batches a run lasted 1–3 s and its rounds ranged over 33–88%.
const BATCHES = Number(process.env.BENCH_BATCHES ?? 3000);
const ROUNDS = Number(process.env.BENCH_RATIO_ROUNDS ?? 3);
const { concurrency: CONCURRENCY, warm: WARM, shoppers: SHOPPERS, sync: SYNC } = LOAD;

const bodies = (runId: string) => batchBodies(runId, BATCHES, SHOPPERS);

interface Stats {
  handled: number;
  segmentEvents: number;
  cpuUsPerEvent: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
  ackP50: number;
  ackP99: number;
  commitP50: number;
  commitP99: number;
  commitMax: number;
  consumerP99: number;
  consumerMax: number;
  longestHandleMs: number;
  lastHandledAt: number;
  /** CPU seconds in the measured window: main thread, other threads (writer, checkpointer, GC helpers). */
  threadCpu: { main: number; others: number[] } | null;
  /** Main-thread collection pauses inside the window, by kind (count and total ms). */
  gc?: { minor: number; minorMs: number; major: number; majorMs: number; other: number; otherMs: number };
}

async function run(mode: 'with' | 'without' | 'thread', runId: string) {
  const dir = mkdtempSync(join(tmpdir(), 'panier-ratio-'));
  const statsFile = join(dir, 'stats.json');
  const { child, port, key } = await startIngestServer([
    `sqlite://${join(dir, 'bench.db')}`,
    SYNC,
    mode,
    String(WARM),
    String(SHOPPERS),
    statsFile,
  ]);
  // The load generator of bench/ingest (pre-encoded requests on raw sockets): Node's http.request costs
  // the shared cores several µs per event, which the server would not get.
  await drive(port, encodeRequests(port, key, bodies(`${runId}w`).slice(0, 100)), CONCURRENCY); // warm-up
  const requests = encodeRequests(port, key, bodies(runId));
  child.kill('SIGUSR2'); // the server notes its threads' CPU at the window's start and end
  const c0 = process.cpuUsage();
  const startedAt = Date.now();
  const { seconds, failures, latencyMs } = await drive(port, requests, CONCURRENCY);
  const c = process.cpuUsage(c0);
  child.kill('SIGUSR2');
  const clientUs = (c.user + c.system) / (BATCHES * PER_BATCH);
  // Let the consumer drain before stopping, so the lag covers every event.
  await new Promise((r) => setTimeout(r, 1500));
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as Stats;
  rmSync(dir, { recursive: true, force: true });
  // With profiles, ingest is done when the last event's features are current, not at its HTTP reply: a
  // projection that fell behind would otherwise look free.
  const current =
    stats.lastHandledAt > 0 ? Math.max(seconds, (stats.lastHandledAt - startedAt) / 1000) : seconds;
  return {
    perSec: (BATCHES * PER_BATCH) / current,
    httpPerSec: (BATCHES * PER_BATCH) / seconds,
    failures,
    stats,
    clientUs,
    seconds,
    latencyMs,
  };
}

/** Where the window's CPU went: the main thread per event and how busy it was, the other threads per event. */
function cpuSplit(r: { stats: Stats; seconds: number }): string {
  const t = r.stats.threadCpu;
  if (!t) return 'thread CPU n/a';
  const events = BATCHES * PER_BATCH;
  const others = t.others.reduce((s, x) => s + x, 0);
  const top = t.others.slice(0, 3).map((x) => ((1e6 * x) / events).toFixed(1));
  const g = r.stats.gc;
  const gc = g
    ? `, GC pauses ${g.minor} minor ${g.minorMs.toFixed(0)} ms / ${g.major} major ${g.majorMs.toFixed(0)} ms / ${g.other} other ${g.otherMs.toFixed(0)} ms`
    : '';
  return `main thread ${((1e6 * t.main) / events).toFixed(1)} µs/event (${Math.round((100 * t.main) / r.seconds)}% busy), other threads ${((1e6 * others) / events).toFixed(1)} µs/event (busiest ${top.join(' / ')})${gc}`;
}

console.log(
  `# ingest with profiles live vs without — ${BATCHES * PER_BATCH} events per run (POST /v1/batch × ${PER_BATCH}, ${CONCURRENCY} connections, SQLite synchronous=${SYNC}); profiles warmed with ${WARM.toLocaleString()} events over ${SHOPPERS.toLocaleString()} shoppers; ${PAYLOAD} payloads (BENCH_PAYLOAD)`,
);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, node ${process.version}\n`);
const without: number[] = [];
const withP: number[] = [];
let last: Stats | null = null;
/**
 * Per round, main-thread CPU per event without profiles ÷ with them: the share kept if both servers were
 * bound by their main threads. The server without profiles usually waits on the durable commit instead,
 * so the throughput ratio sits above this one by however long that wait is.
 */
const cpuKept: number[] = [];
const id = Date.now().toString(36);
for (let r = 0; r < ROUNDS; r++) {
  // The order alternates, so a machine getting busier or quieter during a round favours neither.
  const second = process.env.BENCH_PROFILES_THREAD ? 'thread' : 'with';
  const first = r % 2 === 0 ? await run('without', `${id}a${r}`) : await run(second, `${id}b${r}`);
  const other = r % 2 === 0 ? await run(second, `${id}b${r}`) : await run('without', `${id}a${r}`);
  const [a, b] = r % 2 === 0 ? [first, other] : [other, first];
  without.push(a.perSec);
  withP.push(b.perSec);
  if (a.stats.threadCpu && b.stats.threadCpu) cpuKept.push(a.stats.threadCpu.main / b.stats.threadCpu.main);
  last = b.stats;
  console.log(`round ${r + 1} CPU: without: ${cpuSplit(a)}; with: ${cpuSplit(b)}`);
  console.log(
    `round ${r + 1}: without ${Math.round(a.perSec)} ev/s, with ${Math.round(b.perSec)} ev/s applied to profiles (HTTP replies at ${Math.round(b.httpPerSec)} ev/s) (${((100 * b.perSec) / a.perSec).toFixed(0)}%); failures ${a.failures}/${b.failures}; request→reply p50 ${a.latencyMs.p50.toFixed(1)}/${b.latencyMs.p50.toFixed(1)} ms, p99 ${a.latencyMs.p99.toFixed(1)}/${b.latencyMs.p99.toFixed(1)} ms; receipt→ack p50 ${a.stats.ackP50}/${b.stats.ackP50} ms, p99 ${a.stats.ackP99}/${b.stats.ackP99} ms; client CPU ${a.clientUs.toFixed(2)}/${b.clientUs.toFixed(2)} µs/event; profiles handler ${b.stats.cpuUsPerEvent.toFixed(2)} µs/event (wall time of the synchronous call) over ${b.stats.handled} events (${b.stats.segmentEvents} of them Segment Entered/Exited it appended), feature lag after receipt p50 ${b.stats.lagP50} ms, p99 ${b.stats.lagP99} ms, max ${b.stats.lagMax} ms = receipt→commit p50 ${b.stats.commitP50} / p99 ${b.stats.commitP99} / max ${b.stats.commitMax} ms + commit→features p99 ${b.stats.consumerP99} / max ${b.stats.consumerMax} ms; longest handler call ${b.stats.longestHandleMs.toFixed(1)} ms`,
  );
}
const median = (xs: number[]) => xs.slice().sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const m0 = median(without);
const m1 = median(withP);
const kept = withP.map((w, i) => w / without[i]!).sort((x, y) => x - y);
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
console.log(
  `\nmedian: ${Math.round(m0)} ev/s without, ${Math.round(m1)} ev/s with profiles live → ${((100 * m1) / m0).toFixed(0)}% kept (target ≥ 70%; rounds ${pct(kept[0]!)}–${pct(kept[kept.length - 1]!)}, middle half ${pct(kept[Math.floor(kept.length / 4)]!)}–${pct(kept[Math.floor((3 * kept.length) / 4)]!)}); main-thread CPU per event without ÷ with, median ${cpuKept.length > 0 ? pct(median(cpuKept)) : 'n/a'} (the share kept were both servers bound by their main threads); last run's feature lag after commit max ${last?.consumerMax} ms (target ≤ 1000 ms), after receipt max ${last?.lagMax} ms`,
);
