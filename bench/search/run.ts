/**
 * Search bench: panier against Orama, MiniSearch, FlexSearch and SQLite FTS5 in one process, on the
 * same synthetic catalogs (100k and 1M products) and the same 10,000-query mix, plus a relevance set
 * built from the UCI Online Retail product descriptions (NDCG@10, MRR@10).
 *
 *   node --expose-gc --max-old-space-size=16000 --import tsx bench/search/run.ts \
 *     [--sizes=100000,1000000] [--queries=10000] [--budget=90] [--engines=panier,orama,minisearch,flexsearch,fts5]
 *     [--engines-1m=panier,minisearch,flexsearch,fts5]
 *     [--input=../shared/data/online-retail/online_retail.csv.gz] [--skip-relevance] [--skip-speed]
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Progress } from '../../src/kernel/index.ts';
import { type BenchQuery, generateCatalog, generateQueries } from './catalog.ts';
import { type BenchEngine, ENGINE_FACTORIES, panierEngine } from './peers.ts';
import { judge, judgedQueries, loadRetailProducts } from './relevance.ts';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k!, v ?? 'true'];
  }),
);
const SIZES = (args.sizes ?? '100000,1000000').split(',').map(Number);
const QUERIES = Number(args.queries ?? 10_000);
const BUDGET_S = Number(args.budget ?? 90);
const ENGINES = (args.engines ?? 'panier,orama,minisearch,flexsearch,fts5').split(',');
/** Engines run at 1M products and more (Orama needs minutes to build there): default all. */
const LARGE_ENGINES = args['engines-1m'] ? args['engines-1m'].split(',') : ENGINES;
const RETAIL = 'shared/data/online-retail/online_retail.csv.gz';
// From a worktree (/work/wt/<name>) the shared data is one level further up.
const INPUT = resolve(
  args.input ?? (existsSync(resolve('..', RETAIL)) ? resolve('..', RETAIL) : resolve('../..', RETAIL)),
);
const WARMUP = 100;

function progress(label: string): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total}` },
      cliProgress.Presets.shades_classic,
    );
    return {
      start: (t) => bar.start(t, 0),
      update: (d) => bar.update(d),
      increment: (b = 1) => bar.increment(b),
      stop: () => bar.stop(),
    };
  }
  let total = 0;
  let done = 0;
  const log = () => process.stderr.write(`${JSON.stringify({ bench: 'search', label, done, total })}\n`);
  return {
    start: (t) => {
      total = t;
      log();
    },
    update: (d) => {
      done = d;
      if (d % 1000 === 0) log();
    },
    increment: (b = 1) => {
      done += b;
      if (done % 1000 === 0) log();
    },
    stop: log,
  };
}

const gc = (globalThis as { gc?: () => void }).gc;
const heapMB = () => {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  // Typed arrays live outside the JS heap: count them too, or typed-array indexes look free.
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
};
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–');

interface SpeedRow {
  size: number;
  engine: string;
  facetMode: string;
  buildS: number;
  heapMB: number;
  rssMB: number;
  timed: number;
  qps: number;
  p50: number;
  p95: number;
  p99: number;
  cpuP95: number;
  facetP95: number;
  recall: number;
  typoRecall: number;
}

async function timeQueries(engine: BenchEngine, queries: BenchQuery[], label: string) {
  for (const q of queries.slice(0, WARMUP)) await engine.query(q);
  const wall: number[] = [];
  const cpu: number[] = [];
  const facetWall: number[] = [];
  let found = 0;
  let typoFound = 0;
  let typos = 0;
  const bar = progress(label);
  bar.start(queries.length);
  const started = performance.now();
  for (const q of queries) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const ids = await engine.query(q);
    const dt = performance.now() - t0;
    const dc = process.cpuUsage(c0);
    wall.push(dt);
    cpu.push((dc.user + dc.system) / 1000);
    if (q.facets) facetWall.push(dt);
    const hit = ids.includes(q.source);
    if (hit) found++;
    if (q.kind === 'typo') {
      typos++;
      if (hit) typoFound++;
    }
    bar.increment();
    if ((performance.now() - started) / 1000 > BUDGET_S) break;
  }
  bar.stop();
  const total = (performance.now() - started) / 1000;
  const s = [...wall].sort((a, b) => a - b);
  const sc = [...cpu].sort((a, b) => a - b);
  const sf = [...facetWall].sort((a, b) => a - b);
  return {
    timed: wall.length,
    qps: wall.length / total,
    p50: pct(s, 0.5),
    p95: pct(s, 0.95),
    p99: pct(s, 0.99),
    cpuP95: pct(sc, 0.95),
    facetP95: pct(sf, 0.95),
    recall: found / wall.length,
    typoRecall: typos ? typoFound / typos : Number.NaN,
  };
}

async function speed(): Promise<SpeedRow[]> {
  const rows: SpeedRow[] = [];
  for (const size of SIZES) {
    const catalog = generateCatalog(size);
    const queries = generateQueries(catalog, QUERIES);
    for (const name of size >= 1_000_000 ? LARGE_ENGINES : ENGINES) {
      const engine = ENGINE_FACTORIES[name]!();
      const before = heapMB();
      const t0 = performance.now();
      await engine.build(catalog);
      const buildS = (performance.now() - t0) / 1000;
      const heap = heapMB() - before;
      const rss = process.memoryUsage().rss / 2 ** 20;
      const r = await timeQueries(engine, queries, `${name} ${size}`);
      rows.push({
        size,
        engine: engine.name,
        facetMode: engine.facetMode,
        buildS,
        heapMB: heap,
        rssMB: rss,
        ...r,
      });
      engine.close();
      console.log(JSON.stringify(rows.at(-1)));
    }
  }
  return rows;
}

async function relevance() {
  const products = await loadRetailProducts(INPUT);
  const queries = judgedQueries(products, 1000);
  const engines = [
    panierEngine({ popularity: false }),
    panierEngine({ popularity: true, name: 'panier + popularity' }),
  ];
  for (const name of ENGINES) if (name !== 'panier') engines.push(ENGINE_FACTORIES[name]!());
  const rows: { engine: string; ndcg: number; mrr: number; byKind: Record<string, number> }[] = [];
  for (const engine of engines) {
    await engine.build(products);
    let ndcg = 0;
    let mrr = 0;
    const byKind: Record<string, { n: number; ndcg: number }> = {};
    for (const q of queries) {
      const ids = await engine.query({ text: q.text, facets: false, filter: null });
      const j = judge(q, ids);
      ndcg += j.ndcg;
      mrr += j.rr;
      byKind[q.kind] ??= { n: 0, ndcg: 0 };
      const k = byKind[q.kind]!;
      k.n++;
      k.ndcg += j.ndcg;
    }
    rows.push({
      engine: engine.name,
      ndcg: ndcg / queries.length,
      mrr: mrr / queries.length,
      byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, v.ndcg / v.n])),
    });
    engine.close();
  }
  return { products: products.length, queries: queries.length, rows };
}

function machine(): string {
  const load = loadavg();
  return `nproc ${cpus().length}, ${cpus()[0]?.model ?? '?'}, node ${process.version}, load average at start ${load.map((x) => x.toFixed(1)).join(' ')}; the machine was shared with other engineers' work during the run`;
}

async function main() {
  console.log(`# search bench ${new Date().toISOString()}\n${machine()}\n`);
  if (args['skip-speed'] !== 'true') {
    const rows = await speed();
    for (const size of SIZES) {
      const here = rows.filter((r) => r.size === size);
      console.log(
        `\n## ${size.toLocaleString('en')} products, ${QUERIES} queries (budget ${BUDGET_S} s per engine)\n`,
      );
      console.log(
        '| engine | facets | build s | heap+arrays MB | QPS | p50 ms | p95 ms | p99 ms | CPU p95 ms | facet p95 ms | queries timed | recall@20 | typo recall |',
      );
      console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
      for (const r of here)
        console.log(
          `| ${r.engine} | ${r.facetMode} | ${f(r.buildS)} | ${f(r.heapMB, 0)} | ${f(r.qps, 0)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${f(r.cpuP95)} | ${f(r.facetP95)} | ${r.timed} | ${f(r.recall * 100, 1)}% | ${f(r.typoRecall * 100, 1)}% |`,
        );
      const panier = here.find((r) => r.engine === 'panier');
      const peers = here.filter((r) => r.engine !== 'panier');
      if (panier && peers.length) {
        const fastest = peers.reduce((a, b) => (b.qps > a.qps ? b : a));
        console.log(
          `\npanier p95 ${f(panier.p95)} ms vs target 5 ms (${panier.p95 <= 5 ? 'met' : 'missed'}); QPS ${f(panier.qps, 0)} = ${f(panier.qps / fastest.qps)}× the fastest peer (${fastest.engine}, ${f(fastest.qps, 0)} QPS)`,
        );
      }
    }
  }
  if (args['skip-relevance'] !== 'true') {
    const rel = await relevance();
    console.log(`\n## Relevance: ${rel.products} Online Retail products, ${rel.queries} judged queries\n`);
    console.log('| engine | NDCG@10 | MRR@10 | typo | prefix | partial | full |');
    console.log('|---|---|---|---|---|---|---|');
    for (const r of rel.rows)
      console.log(
        `| ${r.engine} | ${f(r.ndcg, 3)} | ${f(r.mrr, 3)} | ${f(r.byKind.typo ?? Number.NaN, 3)} | ${f(r.byKind.prefix ?? Number.NaN, 3)} | ${f(r.byKind.partial ?? Number.NaN, 3)} | ${f(r.byKind.full ?? Number.NaN, 3)} |`,
      );
    const best = rel.rows
      .filter((r) => !r.engine.startsWith('panier'))
      .reduce((a, b) => (b.ndcg > a.ndcg ? b : a), { engine: '-', ndcg: 0, mrr: 0, byKind: {} });
    const panier = rel.rows[0]!;
    console.log(
      `\npanier NDCG@10 ${f(panier.ndcg, 3)} = ${f(panier.ndcg / best.ndcg)}× the best peer (${best.engine}, ${f(best.ndcg, 3)})`,
    );
  }
}

await main();
