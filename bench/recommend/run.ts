import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { resourceUsage } from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AppEnv } from '../../src/adapters/http/auth.ts';
import { onError } from '../../src/adapters/http/errors.ts';
import { recommendRoutes } from '../../src/adapters/http/routes/recommend.ts';
import { createSqlKeyStore, migrateToLatest, openSql } from '../../src/adapters/sql/index.ts';
import { silentLogger } from '../../src/kernel/index.ts';
import { KeyService } from '../../src/modules/access/index.ts';
import { MemoryLog, memoryCatalog, SyncBus } from '../../src/modules/recommend/fixtures.ts';
import {
  type InteractionTable,
  PLACEMENTS,
  type RecModel,
  type RecommendRequest,
  RecommendService,
  trainModel,
} from '../../src/modules/recommend/index.ts';
import { httpLoad, type LoadResult } from './load.ts';
import { liveEvents, synthProducts, synthTable } from './synth.ts';

const TARGETS = { inProcessP99: 5, httpP99: 15, trainSeconds: 120, memoryGb: 4 };
const mb = (b: number) => Math.round(b / 1048576);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

/** A realistic request mix: product pages, carts, home pages, category pages with filters. */
function request(placement: string, i: number, products: number, shoppers: number): RecommendRequest {
  const userId = `s${(i * 7919) % shoppers}`;
  const product = `p${(i * 104729) % products}`;
  switch (placement) {
    case 'similar-items':
    case 'frequently-bought-together':
      return { placement, productIds: [product], limit: 10 };
    case 'for-you':
      return { placement, userId, limit: 10, diversity: 0.3 };
    case 'trending':
      return { placement, limit: 10, window: '1h' };
    case 'popular':
      return { placement, limit: 10, filters: { category: `dept${i % 20}` } };
    default:
      return { placement: placement as RecommendRequest['placement'], userId, limit: 10 };
  }
}

const mixed = (n: number, products: number, shoppers: number) =>
  Array.from({ length: n }, (_, i) => request(PLACEMENTS[i % PLACEMENTS.length]!, i, products, shoppers));

function quantiles(xs: number[]): { p50: number; p99: number; max: number } {
  xs.sort((a, b) => a - b);
  const q = (p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;
  return { p50: q(0.5), p99: q(0.99), max: xs[xs.length - 1] ?? 0 };
}

async function scenario(products: number, events: number, rate: number, seconds: number) {
  console.log(`\n## ${products.toLocaleString('en')} products, ${events.toLocaleString('en')} events`);
  console.log(`load average at start: ${load()}`);
  let t = performance.now();
  const catalogProducts = synthProducts(products);
  let table: InteractionTable | null = synthTable(products, events);
  const genSeconds = (performance.now() - t) / 1000;
  const rssBefore = process.memoryUsage().rss;
  t = performance.now();
  const c0 = process.cpuUsage();
  const steps: string[] = [];
  let last = performance.now();
  let current = 'content index';
  // a step callback announces the step that starts: the time since the previous call is the previous step's
  const model: RecModel = trainModel(table, catalogProducts, Date.UTC(2026, 9, 31), (label) => {
    const now = performance.now();
    steps.push(`${current} ${((now - last) / 1000).toFixed(1)} s`);
    [current, last] = [label, now];
  });
  const trainCpu = cpuMs(process.cpuUsage(c0)) / 1000;
  const trainSeconds = (performance.now() - t) / 1000;
  table = null; // the training table is garbage from here (the model keeps only its item vocabulary)
  const peakTrain = resourceUsage().maxRSS * 1024;
  console.log(
    `generated in ${genSeconds.toFixed(1)} s (RSS ${mb(rssBefore)} MB with catalog + table); trained in ${trainSeconds.toFixed(1)} s wall, ${trainCpu.toFixed(1)} s CPU (target ≤ ${TARGETS.trainSeconds} s, ratio ${(trainSeconds / TARGETS.trainSeconds).toFixed(2)}); peak RSS so far ${mb(peakTrain)} MB`,
  );
  console.log(`training steps (wall): ${steps.slice(1).join(', ')}`);

  const shoppers = 10_000;
  const now = Date.UTC(2026, 9, 31, 12);
  const service = (forYouModel: 'knn' | 'ease') =>
    new RecommendService({
      log: new MemoryLog(),
      bus: new SyncBus(),
      catalog: memoryCatalog(catalogProducts),
      clock: { now: () => now },
      config: { retrainEveryHours: 0, forYouModel },
      trainer: async () => model,
    });
  const svc = service('ease'); // the default for-you model
  await svc.start();
  svc.ingest(liveEvents(products, shoppers, now));
  const reqs = mixed(20_000, products, shoppers);
  for (const r of reqs.slice(0, 4000)) svc.answer(r); // warm-up
  global.gc?.();
  const byPlacement = new Map<string, number[]>();
  const all: number[] = [];
  const m0 = process.cpuUsage();
  for (const r of reqs) {
    const s = performance.now();
    svc.answer(r);
    const ms = performance.now() - s;
    all.push(ms);
    const list = byPlacement.get(r.placement) ?? [];
    list.push(ms);
    byPlacement.set(r.placement, list);
  }
  const mixCpu = cpuMs(process.cpuUsage(m0)) / reqs.length;
  const inProc = quantiles(all);
  console.log(
    `in process, mixed workload: ${reqs.length} requests, CPU ${mixCpu.toFixed(3)} ms per request, p50 ${inProc.p50.toFixed(3)} ms, p99 ${inProc.p99.toFixed(3)} ms (target ≤ ${TARGETS.inProcessP99} ms, ratio ${(inProc.p99 / TARGETS.inProcessP99).toFixed(2)}), max ${inProc.max.toFixed(1)} ms`,
  );
  // CPU per placement: a batch of one placement at a time (process CPU, not inflated by waiting)
  const knnSvc = service('knn');
  await knnSvc.start();
  knnSvc.ingest(liveEvents(products, shoppers, now));
  console.log(
    '| placement | p50 ms (mixed) | p99 ms (mixed) | CPU ms per request (batch of 2,000) |\n|---|---|---|---|',
  );
  const batch = (s: RecommendService, placement: string) => {
    const rs = Array.from({ length: 2000 }, (_, i) => request(placement, i + 7, products, shoppers));
    for (const r of rs.slice(0, 200)) s.answer(r);
    const b0 = process.cpuUsage();
    for (const r of rs) s.answer(r);
    return cpuMs(process.cpuUsage(b0)) / rs.length;
  };
  for (const p of PLACEMENTS) {
    const q = quantiles(byPlacement.get(p) ?? []);
    console.log(`| ${p} | ${q.p50.toFixed(3)} | ${q.p99.toFixed(3)} | ${batch(svc, p).toFixed(3)} |`);
  }
  console.log(`| for-you (forYouModel: knn) | – | – | ${batch(knnSvc, 'for-you').toFixed(3)} |`);
  knnSvc.stop();

  const db = await openSql('sqlite://:memory:');
  await migrateToLatest(db);
  const keys = new KeyService(createSqlKeyStore(db));
  const key = (await keys.create('write')).key;
  const app = new Hono<AppEnv>();
  app.onError(onError(silentLogger));
  app.route('/', recommendRoutes({ keys, logger: silentLogger, recommend: svc }));
  const hono = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  // the same work behind a bare node:http handler, to price the framework
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = JSON.stringify(svc.recommend(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    });
  }).listen(0, '127.0.0.1');
  await Promise.all(
    [hono, bare].map((s) => new Promise((r) => (s.listening ? r(0) : s.once('listening', r)))),
  );
  const url = (s: Server) => {
    const a = s.address();
    return `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/v1/recommendations`;
  };
  const bodies = reqs.slice(0, 8000).map((r) => JSON.stringify(r));
  const report = (label: string, r: LoadResult, serverCpu: number) => {
    const n = r.ok + r.errors;
    console.log(
      `HTTP ${label}: ${rate} req/s offered for ${seconds} s, achieved ${(n / r.seconds).toFixed(0)} req/s (${r.ok} ok, ${r.errors} errors, ${r.skipped} not sent), p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms (target ≤ ${TARGETS.httpP99} ms, ratio ${(r.p99 / TARGETS.httpP99).toFixed(2)}), max ${r.max.toFixed(1)} ms; server CPU ${(serverCpu / Math.max(1, n)).toFixed(3)} ms per request, load generator CPU ${(r.cpuMs / Math.max(1, n)).toFixed(3)} ms per request`,
    );
  };
  // alternated twice, so a pause (major GC, another job) in one run is not taken for the framework
  const runs = [
    ['Hono + @hono/node-server (the app), run 1', hono],
    ['bare node:http (same service), run 1', bare],
    ['Hono + @hono/node-server (the app), run 2', hono],
    ['bare node:http (same service), run 2', bare],
  ] as const;
  for (const [label, server] of runs) {
    await httpLoad({ url: url(server), key, bodies, rate: 300, seconds: 2 }); // warm-up
    const h0 = process.cpuUsage();
    const r = await httpLoad({ url: url(server), key, bodies, rate, seconds });
    report(label, r, cpuMs(process.cpuUsage(h0)));
  }
  hono.close();
  bare.close();
  await db.close();
  svc.stop();
  const peak = resourceUsage().maxRSS * 1024;
  console.log(
    `peak RSS of the process ${mb(peak)} MB (target ≤ ${TARGETS.memoryGb * 1024} MB, ratio ${(peak / (TARGETS.memoryGb * 1024 ** 3)).toFixed(2)}); load average at end: ${load()}`,
  );
}

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '100000,1000000' },
    events: { type: 'string', default: '10000000' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
  },
});
const sizes = values.products.split(',').map(Number);
if (sizes.length > 1) {
  // one process per catalog size, so each peak RSS is that scenario's own
  console.log(
    `# recommend bench ${new Date().toISOString()}\nnproc ${cpus().length}, ${cpus()[0]?.model ?? '?'}, node ${process.version}`,
  );
  const self = fileURLToPath(import.meta.url);
  for (const p of sizes) {
    const args = [...process.execArgv, self, '--products', String(p), '--events', values.events];
    args.push('--rate', values.rate, '--seconds', values.seconds);
    await new Promise((resolve, reject) =>
      spawn(process.execPath, args, { stdio: 'inherit' })
        .once('exit', (code) => (code === 0 ? resolve(0) : reject(new Error(`scenario ${p} exited ${code}`))))
        .once('error', reject),
    );
  }
} else await scenario(sizes[0]!, Number(values.events), Number(values.rate), Number(values.seconds));
