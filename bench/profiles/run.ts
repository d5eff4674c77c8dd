// Profiles benchmark: live feature updates per event over N events / M profiles, the full refresh,
// segment evaluation over all profiles, and profile lookup latency over HTTP. The ingest ratio (with
// profiles live vs without) is bench/profiles/ingest-ratio.ts.
import { cpus } from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AppEnv } from '../../src/adapters/http/auth.ts';
import { onError } from '../../src/adapters/http/errors.ts';
import { profilesRoutes } from '../../src/adapters/http/routes/profiles.ts';
import { workerFitter } from '../../src/adapters/profiles/model-fitter.ts';
import { createSqlKeyStore, migrateToLatest, openSql } from '../../src/adapters/sql/index.ts';
import { createRng, type LoggedEvent, silentLogger } from '../../src/kernel/index.ts';
import { KeyService } from '../../src/modules/access/index.ts';
import {
  DEFAULT_REFRESH_CHUNK,
  MemoryProfileLog,
  MemoryProfilesStore,
  ProfileService,
} from '../../src/modules/profiles/index.ts';
import { gcKind } from './gc-kind.ts';
import { runLookupClient, startFloor, startFloorProcess } from './lookup-floor.ts';
import { END, makeEvent, RULES } from './workload.ts';

const PROFILES = Number(process.env.BENCH_PROFILES ?? 1_000_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 20_000);
/** Profile slots per refresh step. */
const REFRESH_CHUNK = Number(process.env.BENCH_REFRESH_CHUNK ?? DEFAULT_REFRESH_CHUNK);
const BATCH = 1000;

/** A started service over an empty in-memory log (bus deliveries are buffered until `start`). */
async function newService(): Promise<ProfileService> {
  const log = new MemoryProfileLog();
  const service = new ProfileService({
    log,
    eraser: log,
    store: new MemoryProfilesStore(),
    clock: { now: () => END },
    fitter: workerFitter(),
    refreshChunk: REFRESH_CHUNK,
  });
  await service.start();
  return service;
}

/** CPU time (user + system) in ms since `c0`: on a shared machine it moves far less than wall time. */
const cpuMs = (c0: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

function liveFeatures(service: ProfileService) {
  const rng = createRng(11);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let seq = 0;
  for (let i = 0; i < EVENTS; i += BATCH) {
    const batch: LoggedEvent[] = [];
    for (let j = i; j < Math.min(EVENTS, i + BATCH); j++)
      batch.push({ ...makeEvent(rng, j, PROFILES, EVENTS), seq: ++seq });
    service.handle(batch);
    if ((i / BATCH) % 1000 === 0)
      process.stderr.write(`${JSON.stringify({ job: 'bench-profiles', done: i, total: EVENTS })}\n`);
  }
  const ms = performance.now() - t0;
  const cpu = cpuMs(c0);
  return {
    ms,
    usPerEvent: (ms * 1000) / EVENTS,
    cpuUsPerEvent: (cpu * 1000) / EVENTS,
    profiles: service.engine.table.size,
  };
}

/** Measures generation alone so the per-event feature cost can exclude it. */
function generationOnly(n: number): { wall: number; cpu: number } {
  const rng = createRng(11);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < n; i++) sink += makeEvent(rng, i, PROFILES, EVENTS).timestamp & 1;
  return { wall: ((performance.now() - t0) * 1000) / n + sink * 0, cpu: (cpuMs(c0) * 1000) / n };
}

function segmentTimes(service: ProfileService) {
  const out: Record<string, { ms: number; cpu: number; members: number }> = {};
  const ctx = service.engine.context(END);
  for (const [name, rule] of Object.entries(RULES)) {
    service.engine.segments.put({ id: name, name, rule, createdAt: END, updatedAt: END });
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    service.engine.segments.recompute(ctx, 'bench', name);
    out[name] = { ms: performance.now() - t0, cpu: cpuMs(c0), members: service.engine.segments.count(name) };
  }
  return out;
}

/** The profile routes over the service, with a secret key of their own. */
async function profilesApp(service: ProfileService) {
  const db = await openSql('sqlite://:memory:');
  await migrateToLatest(db);
  const keys = new KeyService(createSqlKeyStore(db));
  const secret = (await keys.create('secret')).key;
  const app = new Hono<AppEnv>();
  app.onError(onError(silentLogger));
  app.route('/', profilesRoutes({ keys, logger: silentLogger, profiles: service }));
  return { db, secret, app };
}

/** One real profile's response body (of the first known shopper), for the HTTP floor. */
async function sampleBody(service: ProfileService): Promise<string> {
  const { db, secret, app } = await profilesApp(service);
  const res = await app.request('/v1/profiles/u0', { headers: { authorization: `Bearer ${secret}` } });
  const body = await res.text();
  await db.close();
  return body;
}

const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

/** p50, p99 and max of the latencies that succeeded (NaN marks a failed request). */
function quantiles(lat: readonly number[]) {
  const ok = lat.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return { found: ok.length, p50: q(ok, 0.5), p99: q(ok, 0.99), max: ok[ok.length - 1]! };
}

/** Lookup blocks alternate with the floor's, so a noisy spell of a shared machine hits both alike. */
const FLOOR_BLOCK = 1000;

/**
 * Profile lookups over HTTP from a client process. With `floorBody`, the client alternates blocks of
 * lookups with blocks against the HTTP floor (that body, no profile work). With `whileRefreshing`, the
 * service's chunked refresh (refit in a worker thread) runs back to back during the lookups, as the
 * hourly job would.
 */
async function lookups(service: ProfileService, opts: { floorBody?: string; whileRefreshing?: boolean }) {
  const { db, secret, app } = await profilesApp(service);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  const floor = opts.floorBody === undefined ? null : await startFloor(opts.floorBody);
  const bare = opts.floorBody === undefined ? null : await startFloorProcess(opts.floorBody);
  // The client runs in its own process, so the server's loop and heap carry only the server's work.
  const ports = floor && bare ? [port, floor.port, bare.port] : [port];
  const client = runLookupClient(ports, secret, PROFILES, LOOKUPS, floor ? FLOOR_BLOCK : LOOKUPS);
  let refreshes = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const r0 = process.cpuUsage();
  if (opts.whileRefreshing)
    while (!client.done()) {
      await service.refresh(true);
      refreshes++;
    }
  const refreshCpuMs = cpuMs(r0);
  const [lat, floorLat, bareLat] = await client.latencies;
  loopDelay.disable();
  server.close();
  floor?.close();
  bare?.close();
  const http = { refreshes, refreshCpuMs, loopMaxMs: loopDelay.max / 1e6, ...quantiles(lat!) };
  const floorQ = floorLat ? quantiles(floorLat) : null;
  const bareQ = bareLat ? quantiles(bareLat) : null;
  const handler = opts.whileRefreshing ? null : await handlerAlone(app, secret);
  await db.close();
  return { ...http, floor: floorQ, bareFloor: bareQ, handler };
}

/**
 * The same handler without the network (app.request), to separate server work from socket/scheduler
 * noise. CPU time per call beside wall time: on a shared machine, a wall-time outlier with no CPU behind
 * it is the scheduler (the process was not running), not the handler.
 */
async function handlerAlone(app: Hono<AppEnv>, secret: string) {
  const rng = createRng(4);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    const p = rng.int(PROFILES);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const res = await app.request(`/v1/profiles/${p % 2 === 0 ? `u${p}` : `a${p}`}`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    await res.arrayBuffer();
    const c = process.cpuUsage(c0);
    if (res.status === 200) {
      wall.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { p50: q(wall, 0.5), p99: q(wall, 0.99), cpuP50: q(cpu, 0.5), cpuP99: q(cpu, 0.99) };
}

const f = (v: number, d = 1) => v.toFixed(d);
console.log(`# profiles bench — ${PROFILES.toLocaleString()} profile ids, ${EVENTS.toLocaleString()} events`);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model}, node ${process.version}; shared with other engineers' work\n`,
);
const gen = generationOnly(200_000);
const service = await newService();
const live = liveFeatures(service);
const mem = process.memoryUsage();
const heapMb = mem.rss / 1024 / 1024;
console.log(
  `live features: ${live.profiles.toLocaleString()} profiles in ${f(live.ms / 1000)} s wall — per event ${f(live.usPerEvent, 2)} µs wall / ${f(live.cpuUsPerEvent, 2)} µs CPU, of which generating the event ${f(gen.wall, 2)} / ${f(gen.cpu, 2)} µs → feature update ≈ ${f(live.cpuUsPerEvent - gen.cpu, 2)} µs CPU per event; RSS ${f(heapMb, 0)} MB (JS heap ${f(mem.heapUsed / 1e6, 0)} MB, typed arrays ${f(mem.arrayBuffers / 1e6, 0)} MB)`,
);
const r0 = process.cpuUsage();
const t0 = performance.now();
service.engine.refresh(END, { refit: true });
console.log(
  `refresh (population stats, activity compaction, BG/NBD + Gamma-Gamma MLE fit on ≤20k buyers, score all): ${f((performance.now() - t0) / 1000, 2)} s wall, ${f(cpuMs(r0) / 1000, 2)} s CPU`,
);
const segs = segmentTimes(service);
console.log(
  '\n| segment | rule | recompute over all profiles, wall (ms) | CPU (ms) | members |\n|---|---|---|---|---|',
);
for (const [name, s] of Object.entries(segs))
  console.log(
    `| ${name} | \`${RULES[name as keyof typeof RULES]}\` | ${f(s.ms, 0)} | ${f(s.cpu, 0)} | ${s.members.toLocaleString()} |`,
  );

/** Main-thread GC pauses from now until `stop()`: count, total and longest, and counts (longest) by kind. */
function observeGc() {
  const gcs = { count: 0, total: 0, max: 0, kinds: {} as Record<string, { n: number; max: number }> };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcs.count++;
      gcs.total += e.duration;
      gcs.max = Math.max(gcs.max, e.duration);
      const kind = gcKind(e);
      const k = gcs.kinds[kind] ?? { n: 0, max: 0 };
      gcs.kinds[kind] = k;
      k.n++;
      k.max = Math.max(k.max, e.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop: () => {
      observer.disconnect();
      const kinds = Object.entries(gcs.kinds).map(([k, v]) => `${v.n} ${k}, longest ${f(v.max, 1)} ms`);
      return `${gcs.count} pauses (${kinds.join('; ')}), ${f(gcs.total, 1)} ms in all, longest ${f(gcs.max, 2)} ms`;
    },
  };
}
const gcLookups = observeGc();
// The floor: the same client and route over HTTP with one real profile's body and no profile work.
const sample = await sampleBody(service);
const sampleBytes = sample.length;
const http = await lookups(service, { floorBody: sample });
const gcText = gcLookups.stop();
const h = http.handler!;
const fl = http.floor!;
const bf = http.bareFloor!;
console.log(
  `\nprofile lookup over HTTP (GET /v1/profiles/:id, keep-alive, sequential, ${LOOKUPS} random ids, ${http.found} found): p50 ${f(http.p50, 3)} ms, p99 ${f(http.p99, 3)} ms (target ≤ 2 ms: ${f(2 / http.p99, 2)}× headroom), max ${f(http.max, 1)} ms; handler alone (app.request) p50 ${f(h.p50, 3)} ms, p99 ${f(h.p99, 3)} ms wall; CPU per call p50 ${f(h.cpuP50, 3)} ms, p99 ${f(h.cpuP99, 3)} ms; GC during the lookups (floor and handler alone included): ${gcText}`,
);
console.log(
  `HTTP floor, in blocks of ${FLOOR_BLOCK} alternating with the lookups' (the same client and route answered with a fixed ${sampleBytes}-byte profile body, no profile work): p50 ${f(fl.p50, 3)} ms, p99 ${f(fl.p99, 3)} ms, max ${f(fl.max, 1)} ms; lookup p99 / floor p99 = ${f(http.p99 / fl.p99, 2)}`,
);
console.log(
  `the same floor in a process of its own (a few MB of heap, also in the alternation): p50 ${f(bf.p50, 3)} ms, p99 ${f(bf.p99, 3)} ms, max ${f(bf.max, 1)} ms; in-process floor p99 / this p99 = ${f(fl.p99 / bf.p99, 2)} (what the benchmark's heap alone costs the HTTP tail), lookup p99 / this p99 = ${f(http.p99 / bf.p99, 2)}`,
);

const gcDuring = observeGc();
const during = await lookups(service, { whileRefreshing: true });
const gcDuringText = gcDuring.stop();
console.log(
  `profile lookup over HTTP while the refresh (steps of ${REFRESH_CHUNK.toLocaleString()} slots, model refit in a worker thread) runs back to back: ${during.refreshes} refreshes, ${f(during.refreshCpuMs / Math.max(1, during.refreshes), 0)} ms process CPU each (the worker and the lookups included); lookups p50 ${f(during.p50, 3)} ms, p99 ${f(during.p99, 3)} ms, max ${f(during.max, 1)} ms; longest event-loop block ${f(during.loopMaxMs, 1)} ms; GC meanwhile: ${gcDuringText}`,
);
