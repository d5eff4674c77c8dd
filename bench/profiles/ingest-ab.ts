// Ingest with profiles live vs without, measured as ingest-ratio.ts does (POST /v1/batch, 100 events per
// batch, 16 keep-alive connections, durable SQLite, the raw-socket client, a warmed population with a
// fitted model and four segments), but with both servers up for the whole run and bursts alternating
// between them (without, with, with, without, …). This machine's speed drifts over seconds: one session's
// 7-round runs of ingest-ratio.ts, a few seconds per server, ranged over 42–132% per round. Adjacent
// bursts are meant to see nearly the same machine, so the ratio of each pair is taken, not of runs a
// minute apart.
// Between bursts the harness waits until the server it just drove is idle (projection caught up, lazy
// appends and background indexing done): neither server works during the other's burst.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { drive, encodeRequests } from '../ingest/client.ts';
import {
  type BenchServer,
  batchBodies,
  LOAD,
  PER_BATCH,
  processTicks,
  startIngestServer,
} from './ratio-harness.ts';
import { PAYLOAD } from './workload.ts';

const BATCHES = Number(process.env.BENCH_AB_BATCHES ?? 2000);
const PAIRS = Number(process.env.BENCH_AB_PAIRS ?? 20);
const { concurrency: CONCURRENCY, warm: WARM, shoppers: SHOPPERS, sync: SYNC } = LOAD;
const EVENTS = BATCHES * PER_BATCH;
const TICK_S = 0.01; // USER_HZ is 100 on Linux
// BENCH_AB_TREES=<treeA>,<treeB>: both servers run with profiles, "without" from checkout A and "with"
// from checkout B (two worktrees): the ratio is then B's throughput to A's, code against code.
const TREES = process.env.BENCH_AB_TREES?.split(',');

type Mode = 'with' | 'without';
interface State {
  handled: number;
  handledCpuUs: number;
  lastHandledAt: number;
  threadCpu?: { main: number; others: number[] };
}

function ask(server: BenchServer, cmd: 'mark' | 'state'): Promise<State> {
  return new Promise((resolve) => {
    server.child.once('message', (m) => resolve(m as State));
    server.child.send({ cmd });
  });
}

/** Waits until the process used at most 2 clock ticks in 300 ms (30 s at most); returns the ms waited. */
async function settle(server: BenchServer): Promise<number> {
  const t0 = Date.now();
  let prev = processTicks(server.child.pid!);
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    const now = processTicks(server.child.pid!);
    if (now - prev <= 2 || Date.now() - t0 > 30_000) return Date.now() - t0;
    prev = now;
  }
}

async function burst(server: BenchServer, idle: BenchServer, mode: Mode, runId: string, batches = BATCHES) {
  const requests = encodeRequests(server.port, server.key, batchBodies(runId, batches, SHOPPERS));
  const before = await ask(server, 'mark');
  const idleTicks = processTicks(idle.child.pid!);
  const startedAt = Date.now();
  const { seconds, failures, latencyMs } = await drive(server.port, requests, CONCURRENCY);
  const cpu = (await ask(server, 'mark')).threadCpu!;
  const idleCpuS = (processTicks(idle.child.pid!) - idleTicks) * TICK_S;
  const settledMs = await settle(server);
  const after = await ask(server, 'state');
  const events = batches * PER_BATCH;
  // With profiles, a burst is done when its last event's features are current, not at its last reply.
  const current =
    (mode === 'with' || TREES) && after.lastHandledAt > 0
      ? Math.max(seconds, (after.lastHandledAt - startedAt) / 1000)
      : seconds;
  const handled = after.handled - before.handled;
  return {
    perSec: events / current,
    failures,
    latencyMs,
    mainUs: (1e6 * cpu.main) / events,
    busy: cpu.main / seconds,
    othersUs: (1e6 * cpu.others.reduce((s, x) => s + x, 0)) / events,
    handlerUs: handled > 0 ? (after.handledCpuUs - before.handledCpuUs) / handled : 0,
    settledMs,
    idleCpuS,
  };
}
type Burst = Awaited<ReturnType<typeof burst>>;

const dir = mkdtempSync(join(tmpdir(), 'panier-ab-'));
const serve = (mode: Mode) =>
  startIngestServer(
    [
      `sqlite://${join(dir, `${mode}.db`)}`,
      SYNC,
      TREES ? 'with' : mode,
      String(WARM),
      String(SHOPPERS),
      join(dir, `${mode}.json`),
    ],
    TREES?.[mode === 'without' ? 0 : 1],
  );
console.log(
  `# ingest with profiles live vs without, alternating bursts — ${PAIRS} pairs of ${EVENTS} events per burst (POST /v1/batch × ${PER_BATCH}, ${CONCURRENCY} connections, SQLite synchronous=${SYNC}); profiles warmed with ${WARM.toLocaleString()} events over ${SHOPPERS.toLocaleString()} shoppers; ${PAYLOAD} payloads (BENCH_PAYLOAD)`,
);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, node ${process.version}`);
if (TREES)
  console.log(`code against code: "without" is ${TREES[0]}, "with" is ${TREES[1]}, both with profiles`);
console.log('');
const servers = { without: await serve('without'), with: await serve('with') };
const id = Date.now().toString(36);
for (const mode of ['without', 'with'] as const) {
  const other = servers[mode === 'with' ? 'without' : 'with'];
  await burst(servers[mode], other, mode, `${id}${mode}w`, 100); // warm-up
}
const pairs: Array<{ without: Burst; with: Burst; first: Mode }> = [];
for (let p = 0; p < PAIRS; p++) {
  // The order alternates, so a machine getting faster or slower within a pair favours neither.
  const order: Mode[] = p % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
  const got: Partial<Record<Mode, Burst>> = {};
  for (const mode of order) {
    const other = servers[mode === 'with' ? 'without' : 'with'];
    got[mode] = await burst(servers[mode], other, mode, `${id}${mode[1]}${p}`);
  }
  const a = got.without!;
  const b = got.with!;
  pairs.push({ without: a, with: b, first: order[0]! });
  console.log(
    `pair ${p + 1} (${order.join(' then ')}): without ${Math.round(a.perSec)} ev/s, with ${Math.round(b.perSec)} ev/s (${((100 * b.perSec) / a.perSec).toFixed(0)}%); main thread ${a.mainUs.toFixed(1)}/${b.mainUs.toFixed(1)} µs/event (${Math.round(100 * a.busy)}/${Math.round(100 * b.busy)}% busy), other threads ${a.othersUs.toFixed(1)}/${b.othersUs.toFixed(1)} µs/event; profiles handler ${b.handlerUs.toFixed(2)} µs/event; request→reply p50 ${a.latencyMs.p50.toFixed(1)}/${b.latencyMs.p50.toFixed(1)} ms, p99 ${a.latencyMs.p99.toFixed(1)}/${b.latencyMs.p99.toFixed(1)} ms; failures ${a.failures}/${b.failures}; settled after ${a.settledMs}/${b.settledMs} ms; idle server's CPU during the burst ${a.idleCpuS.toFixed(2)}/${b.idleCpuS.toFixed(2)} s`,
  );
}
for (const s of Object.values(servers)) {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}
rmSync(dir, { recursive: true, force: true });

const sorted = (xs: number[]) => xs.slice().sort((x, y) => x - y);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
const ratios = pairs.map((p) => p.with.perSec / p.without.perSec);
const r = sorted(ratios);
const half = Math.floor(pairs.length / 2);
const halves =
  half > 0
    ? `; first half of the run ${pct(median(ratios.slice(0, half)))}, second half ${pct(median(ratios.slice(half)))}`
    : '';
const m = (f: (b: Burst) => number, mode: Mode) => median(pairs.map((p) => f(p[mode])));
const geomean = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
// The burst right after the same server's is faster (on 2026-12-07, by about 8%), and that server runs
// first in every other pair: the pairs' median leans whichever way more pairs of one order fall, while
// the geometric mean over both orders (alternating, so balanced with an even number of pairs) cancels it.
const byOrder = (first: Mode) => geomean(ratios.filter((_, i) => pairs[i]!.first === first));
const mainRatios = pairs.map((p) => p.without.mainUs / p.with.mainUs);
const orders =
  pairs.length >= 2
    ? `; geometric mean **${pct(geomean(ratios))}** (pairs whose first burst was without ${pct(byOrder('without'))}, with ${pct(byOrder('with'))}); main-thread CPU per event without ÷ with, geometric mean ${pct(geomean(mainRatios))} (the server with took more in ${mainRatios.filter((x) => x < 1).length} of ${pairs.length} pairs)`
    : '';
console.log(
  `\nmedian of the pairs: **${pct(median(ratios))}** kept with profiles live (target ≥ 70%; pairs ${pct(r[0]!)}–${pct(r[r.length - 1]!)}, middle half ${pct(r[Math.floor(r.length / 4)]!)}–${pct(r[Math.floor((3 * r.length) / 4)]!)}${halves}); medians ${Math.round(m((b) => b.perSec, 'without'))} ev/s without, ${Math.round(m((b) => b.perSec, 'with'))} ev/s with; main thread ${m((b) => b.mainUs, 'without').toFixed(1)} / ${m((b) => b.mainUs, 'with').toFixed(1)} µs/event, other threads ${m((b) => b.othersUs, 'without').toFixed(1)} / ${m((b) => b.othersUs, 'with').toFixed(1)} µs/event, handler ${m((b) => b.handlerUs, 'with').toFixed(2)} µs/event${orders}`,
);
