// Ingest benchmark: events/s through POST /v1/batch (100 events per batch, durable) against a bare
// node:http JSON-parse ceiling measured in the same run, for SQLite and PostgreSQL, with peak memory and
// the CPU each process spent per event (the load generator runs here, on the same cores).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createRng } from '../../src/kernel/index.ts';
import { drive, encodeRequests } from './client.ts';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const SERVERS = (process.env.BENCH_SERVERS ?? 'bare,sqlite,postgres').split(',');
const SYNC = process.env.BENCH_SYNC ?? 'full';
const PER_BATCH = 100;
const WARMUP = 200;
const PG_URL = process.env.PANIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const here = new URL('.', import.meta.url).pathname;
const TICK_US = 1e6 / 100; // /proc times are in clock ticks (USER_HZ = 100 on Linux)

function makeBodies(runId: string, count: number): string[] {
  const rng = createRng(7);
  const events = [
    'Product Viewed',
    'Product Added',
    'Products Searched',
    'Product Clicked',
    'Order Completed',
  ];
  const bodies: string[] = [];
  let n = 0;
  for (let b = 0; b < count; b++) {
    const batch = [];
    for (let i = 0; i < PER_BATCH; i++) {
      const anon = `anon-${rng.int(200_000)}`;
      const event = events[Math.min(rng.int(8), 4)]!;
      batch.push({
        type: 'track',
        event,
        messageId: `${runId}-${n++}-${rng.int(1e9).toString(36)}`,
        anonymousId: anon,
        ...(rng.chance(0.3) ? { userId: `user-${rng.int(50_000)}` } : {}),
        timestamp: new Date(1_760_000_000_000 + n * 1000).toISOString(),
        properties: {
          product_id: `P${rng.int(20_000)}`,
          price: Math.round(rng.next() * 10000) / 100,
          currency: 'EUR',
          category: 'Grocery > Pasta',
        },
        context: { library: { name: 'bench', version: '1' }, ip: '127.0.0.1', page: { path: '/p/1' } },
      });
    }
    bodies.push(JSON.stringify({ batch, sentAt: new Date().toISOString() }));
  }
  return bodies;
}

function startChild(
  script: string,
  args: string[],
): Promise<{ child: ChildProcess; info: { port: number; key?: string } }> {
  // BENCH_NODE_ARGS: extra node flags for the panier servers (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`).
  const extra =
    script === 'panier-server.ts' ? (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean) : [];
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', join(here, script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) =>
      resolve({ child, info: JSON.parse(d.toString().split('\n')[0]!) }),
    );
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** CPU time (µs) of a process, all threads, and of each thread by name. */
function processCpu(pid: number): { total: number; threads: Map<string, number> } {
  const ticks = (stat: string) => {
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_US; // utime, stime
  };
  const threads = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      threads.set(`${name}#${tid}`, ticks(stat));
    } catch {
      // the thread ended meanwhile
    }
  }
  return { total: ticks(readFileSync(`/proc/${pid}/stat`, 'utf8')), threads };
}

interface Row {
  label: string;
  events: number;
  seconds: number;
  eventsPerSec: number;
  failures: number;
  peakRssMb: number;
  serverUsPerEvent: number;
  clientUsPerEvent: number;
  busiestThreadUsPerEvent: number;
}

async function measure(label: string, script: string, args: string[], runId: string): Promise<Row> {
  const { child, info } = await startChild(script, args);
  const warm = encodeRequests(info.port, info.key, makeBodies(`${runId}w`, WARMUP));
  await drive(info.port, warm, CONCURRENCY); // not counted; distinct ids below
  const requests = encodeRequests(info.port, info.key, makeBodies(`${runId}m`, BATCHES));
  const s0 = processCpu(child.pid!);
  const c0 = process.cpuUsage();
  const { seconds, failures } = await drive(info.port, requests, CONCURRENCY);
  const c = process.cpuUsage(c0);
  const s1 = processCpu(child.pid!);
  const rss = peakRssMb(child.pid!);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const events = BATCHES * PER_BATCH;
  let busiest = 0;
  const perThread: string[] = [];
  for (const [t, us] of s1.threads) {
    const spent = us - (s0.threads.get(t) ?? 0);
    busiest = Math.max(busiest, spent);
    if (spent / events >= 0.05) perThread.push(`${t} ${(spent / events).toFixed(2)}`);
  }
  if (process.env.BENCH_THREADS) console.log(`${label}: CPU µs/event by thread: ${perThread.join(', ')}`);
  return {
    label,
    events,
    seconds,
    eventsPerSec: events / seconds,
    failures,
    peakRssMb: rss,
    serverUsPerEvent: (s1.total - s0.total) / events,
    clientUsPerEvent: (c.user + c.system) / events,
    busiestThreadUsPerEvent: busiest / events,
  };
}

async function pgSchema(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const schema = `bench_${Date.now().toString(36)}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

const SQLITE_LABEL = `panier, SQLite (WAL, synchronous=${SYNC})`;
const CEILING_LABEL = 'bare node:http JSON.parse (ceiling)';

async function round(r: number): Promise<Row[]> {
  const rows: Row[] = [];
  const runId = `${Date.now().toString(36)}r${r}`;
  if (SERVERS.includes('bare')) rows.push(await measure(CEILING_LABEL, 'bare-server.ts', [], `${runId}b`));
  if (SERVERS.includes('hono'))
    rows.push(await measure('Hono on @hono/node-server, JSON.parse only', 'hono-server.ts', [], `${runId}h`));
  if (SERVERS.includes('sqlite')) {
    const dir = mkdtempSync(join(tmpdir(), 'panier-bench-'));
    rows.push(
      await measure(
        SQLITE_LABEL,
        'panier-server.ts',
        [`sqlite://${join(dir, 'bench.db')}`, SYNC],
        `${runId}s`,
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  }
  if (SERVERS.includes('postgres')) {
    const target = await pgSchema();
    if (target) {
      rows.push(await measure('panier, PostgreSQL', 'panier-server.ts', [target.url], `${runId}p`));
      await target.drop();
    } else console.log('PostgreSQL not reachable: its row is skipped');
  }
  return rows;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const load0 = loadavg();
const rounds: Row[][] = [];
for (let r = 0; r < ROUNDS; r++) rounds.push(await round(r));
const load1 = loadavg();

console.log(
  `\nMachine: ${cpus().length} cores, ${cpus()[0]?.model}, Node ${process.version}; ${BATCHES} batches × ${PER_BATCH} events, ${CONCURRENCY} keep-alive connections, client in this process; ${ROUNDS} round(s); load average ${load0.map((x) => x.toFixed(2)).join(' ')} → ${load1.map((x) => x.toFixed(2)).join(' ')}`,
);
console.log(
  '\n| round | server | events/s | ratio to ceiling | target | failures | server CPU µs/event (busiest thread) | client CPU µs/event | peak RSS MB |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
const verdict = (row: Row, ratio: number) =>
  row.label === CEILING_LABEL
    ? '–'
    : row.label === SQLITE_LABEL
      ? row.eventsPerSec >= 100_000 && ratio >= 0.3
        ? 'met (≥100k/s, ≥0.3)'
        : 'MISSED (≥100k/s, ≥0.3)'
      : `≥0.3: ${ratio >= 0.3 ? 'met' : 'missed'}`;
for (const [i, rows] of rounds.entries()) {
  const ceiling = rows.find((x) => x.label === CEILING_LABEL)?.eventsPerSec ?? Number.NaN;
  for (const row of rows) {
    const ratio = row.eventsPerSec / ceiling;
    console.log(
      `| ${i + 1} | ${row.label} | ${fmt(row.eventsPerSec)} | ${ratio.toFixed(2)} | ${verdict(row, ratio)} | ${row.failures} | ${row.serverUsPerEvent.toFixed(1)} (${row.busiestThreadUsPerEvent.toFixed(1)}) | ${row.clientUsPerEvent.toFixed(1)} | ${row.peakRssMb.toFixed(0)} |`,
    );
  }
}
if (ROUNDS > 1) {
  console.log('\nMedians over the rounds (each ratio is taken within its round, then the median of those):');
  console.log('| server | events/s | ratio to ceiling | server CPU µs/event | client CPU µs/event |');
  console.log('|---|---|---|---|---|');
  for (const label of rounds[0]!.map((x) => x.label)) {
    const all = rounds.map((rows) => ({
      row: rows.find((x) => x.label === label)!,
      ceiling: rows.find((x) => x.label === CEILING_LABEL)?.eventsPerSec ?? Number.NaN,
    }));
    console.log(
      `| ${label} | ${fmt(median(all.map((a) => a.row.eventsPerSec)))} | ${median(all.map((a) => a.row.eventsPerSec / a.ceiling)).toFixed(2)} | ${median(all.map((a) => a.row.serverUsPerEvent)).toFixed(1)} | ${median(all.map((a) => a.row.clientUsPerEvent)).toFixed(1)} |`,
    );
  }
}
