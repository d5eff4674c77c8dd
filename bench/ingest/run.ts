// Ingest benchmark: events/s through POST /v1/batch (100 events per batch, durable) against a bare
// node:http JSON-parse ceiling measured in the same run, for SQLite and PostgreSQL, with peak memory.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createRng } from '../../src/kernel/index.ts';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PER_BATCH = 100;
const PG_URL = process.env.PANIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const here = new URL('.', import.meta.url).pathname;

function makeBodies(runId: string): string[] {
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
  for (let b = 0; b < BATCHES; b++) {
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
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, script), ...args], {
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

async function drive(
  port: number,
  key: string | undefined,
  bodies: string[],
): Promise<{ seconds: number; failures: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const auth = key ? `Basic ${Buffer.from(`${key}:`).toString('base64')}` : '';
  let next = 0;
  let failures = 0;
  const send = (body: string) =>
    new Promise<void>((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/v1/batch',
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            authorization: auth,
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          if (res.statusCode !== 200) failures++;
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', () => {
        failures++;
        resolve();
      });
      req.end(body);
    });
  const worker = async () => {
    while (next < bodies.length) await send(bodies[next++]!);
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, failures };
}

async function measure(label: string, script: string, args: string[], runId: string) {
  const { child, info } = await startChild(script, args);
  const bodies = makeBodies(runId);
  await drive(info.port, info.key, bodies.slice(0, 200)); // warm-up (not counted; distinct ids below)
  const measured = makeBodies(`${runId}m`);
  const { seconds, failures } = await drive(info.port, info.key, measured);
  const rss = peakRssMb(child.pid!);
  child.kill('SIGTERM');
  const events = BATCHES * PER_BATCH;
  return { label, events, seconds, eventsPerSec: events / seconds, failures, peakRssMb: rss };
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

const dir = mkdtempSync(join(tmpdir(), 'panier-bench-'));
const rows = [];
const runId = Date.now().toString(36);
rows.push(await measure('bare node:http JSON.parse (ceiling)', 'bare-server.ts', [], `${runId}b`));
const sync = process.env.BENCH_SYNC ?? 'full';
rows.push(
  await measure(
    `panier, SQLite (WAL, synchronous=${sync})`,
    'panier-server.ts',
    [`sqlite://${join(dir, 'bench.db')}`, sync],
    `${runId}s`,
  ),
);
const pgTarget = await pgSchema();
if (pgTarget) {
  rows.push(await measure('panier, PostgreSQL', 'panier-server.ts', [pgTarget.url], `${runId}p`));
  await pgTarget.drop();
} else console.log('PostgreSQL not reachable: its row is skipped');
rmSync(dir, { recursive: true, force: true });

const ceiling = rows[0]!.eventsPerSec;
console.log(
  `\nMachine: ${cpus().length} cores, ${cpus()[0]?.model}, Node ${process.version}; ${BATCHES} batches × ${PER_BATCH} events, ${CONCURRENCY} concurrent keep-alive connections, client in this process`,
);
console.log('\n| server | events | s | events/s | ratio to ceiling | target | failures | peak RSS MB |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const ratio = r.eventsPerSec / ceiling;
  const target =
    r === rows[0]
      ? '–'
      : r.eventsPerSec >= 100_000 && ratio >= 0.3
        ? 'met (≥100k/s, ≥0.3)'
        : r.label.includes('SQLite')
          ? 'MISSED (≥100k/s, ≥0.3)'
          : '≥0.3: ' + (ratio >= 0.3 ? 'met' : 'missed');
  console.log(
    `| ${r.label} | ${r.events} | ${r.seconds.toFixed(2)} | ${Math.round(r.eventsPerSec).toLocaleString('en-US')} | ${ratio.toFixed(2)} | ${target} | ${r.failures} | ${r.peakRssMb.toFixed(0)} |`,
  );
}
