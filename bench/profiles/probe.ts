// Development probe (not a benchmark): per-event CPU of the live engine with segments and a fitted
// model, and heap statistics. P shopper ids, E warm events, M measured events.
// node --expose-gc --import tsx bench/profiles/probe.ts   (env P, E, M; B measured events per handler
// call, default 1000, 100 as the HTTP benchmark's batches; ONLY=<segment> keeps one of the four segments;
// FRESH=1 copies each batch through JSON first; SNAP=1 writes a heap snapshot)
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';
import { createRng, type LoggedEvent } from '../../src/kernel/index.ts';
import { MemoryProfileLog, MemoryProfilesStore, ProfileService } from '../../src/modules/profiles/index.ts';
import { END, makeEvent, RULES } from './workload.ts';

const P = Number(process.env.P ?? 100_000);
const E = Number(process.env.E ?? 1_000_000);
const M = Number(process.env.M ?? 200_000);
const B = Number(process.env.B ?? 1000);
const log = new MemoryProfileLog();
const service = new ProfileService({
  log,
  eraser: log,
  store: new MemoryProfilesStore(),
  clock: { now: () => END },
});
await service.start();
let seq = 0;
const feed = (rng: ReturnType<typeof createRng>, from: number, n: number, total: number, apply: boolean) => {
  const c0 = process.cpuUsage();
  for (let i = from; i < from + n; i += 1000) {
    const batch: LoggedEvent[] = [];
    for (let j = i; j < Math.min(from + n, i + 1000); j++)
      batch.push({ ...makeEvent(rng, j, P, total), seq: ++seq });
    if (apply) service.handle(batch);
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
};
const warm = feed(createRng(11), 0, E, E + M, true);
if (!process.env.NOSEG)
  for (const [id, rule] of Object.entries(RULES).filter(([k]) => !process.env.ONLY || k === process.env.ONLY))
    service.engine.segments.put({ id, name: id, rule, createdAt: 0, updatedAt: 0 });
service.engine.refresh(END, { refit: true });
// A ring of pre-generated events, fed M times: generation and its garbage stay out of the measure. RING:
// its size (default 20,000); RING=M feeds each event once, so lists grow and move as in the server.
const RING = Number(process.env.RING ?? 20_000);
const rng = createRng(12);
const ring: LoggedEvent[] = [];
for (let j = 0; j < RING; j++) ring.push({ ...makeEvent(rng, E + j, P, E + RING), seq: 0 });
const session = new Session();
if (process.env.PROF) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
// FRESH=1: each batch is a new copy through JSON, as events arrive from HTTP (fresh strings and objects;
// only the handler's own CPU is counted).
let handleUs = 0;
let wallUs = 0;
for (let i = 0; i < M; i += B) {
  let batch = ring.slice(i % RING, (i % RING) + B);
  if (process.env.FRESH) batch = JSON.parse(JSON.stringify(batch)) as LoggedEvent[];
  for (const e of batch) e.seq = ++seq;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  service.handle(batch);
  wallUs += (performance.now() - t0) * 1000;
  const c = process.cpuUsage(c0);
  handleUs += c.user + c.system;
}
const mc = { user: handleUs, system: 0 };
if (process.env.PROF) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(process.env.PROF, JSON.stringify(profile));
}
const measured = (mc.user + mc.system) / M;
console.log(
  `warm ${warm.toFixed(2)} µs/event (with generation); then with 4 segments and a fitted model, pre-generated events: ${measured.toFixed(2)} µs CPU/event (process, every thread), ${(wallUs / M).toFixed(2)} µs/event wall; profiles ${service.engine.table.size}`,
);
(globalThis as { gc?: () => void }).gc?.();
const h = v8.getHeapStatistics();
const mu = process.memoryUsage();
console.log(
  `heap used ${(h.used_heap_size / 1e6).toFixed(0)} MB, array buffers ${(mu.arrayBuffers / 1e6).toFixed(0)} MB, rss ${(mu.rss / 1e6).toFixed(0)} MB`,
);
if (process.env.SNAP) console.log(v8.writeHeapSnapshot('/tmp/profiles/p.heapsnapshot'));
