// Measures `panier start`: a fresh start (empty store: the demo is generated) then a restart on the same
// store, N times each. Per run: seconds to the URL and keys on stdout, seconds to GET /ready 200, the
// longest gap between two answered GET /health probes (probed every 100 ms from the start of the run),
// and the process CPU time at ready. Run it under the bench lock:
//   flock /tmp/panier-bench.lock node --import tsx scripts/measure-start.ts [--runs 3] [--port 7420]
// PANIER_DEMO_* variables pass through (smaller demos while iterating).
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    port: { type: 'string', default: '7420' },
    dir: { type: 'string', default: '/tmp/panier-measure-start' },
  },
});
const runs = Number(values.runs);
const port = Number(values.port);
const bin = new URL('../bin/panier.js', import.meta.url).pathname;

interface Run {
  kind: 'fresh' | 'restart';
  keysS: number;
  readyS: number;
  gapS: number;
  cpuS: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function answered(url: string): Promise<number | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    await res.text();
    return res.status;
  } catch {
    return null;
  }
}

async function measure(kind: Run['kind'], dir: string): Promise<Run> {
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, [bin, 'start', '--port', String(port)], {
    cwd: dir,
    env: { ...process.env, PANIER_STORAGE_URL: `sqlite://${join(dir, 'panier.db')}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let keysAt = Number.NaN;
  let cpuMs: number | null = null;
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (Number.isNaN(keysAt) && /secret key \(admin\):\s+\S+/.test(out)) keysAt = performance.now();
  });
  child.stderr!.pipe(createWriteStream(join(dir, `${kind}.stderr.log`))); // kept when a run fails
  child.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000);
    const m = /"cpuMs":(\d+),"msg":"panier ready"/.exec(err);
    if (m) cpuMs = Number(m[1]);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const base = `http://127.0.0.1:${port}`;
  let readyAt = Number.NaN;
  let lastHealth = Number.NaN;
  let longest = 0;
  let over = false;
  const health = (async () => {
    while (!over && child.exitCode === null) {
      if ((await answered(`${base}/health`)) === 200) {
        const now = performance.now();
        if (!Number.isNaN(lastHealth)) longest = Math.max(longest, now - lastHealth);
        lastHealth = now;
      }
      await sleep(100);
    }
  })();
  const deadline = performance.now() + 900_000;
  while (Number.isNaN(readyAt) && child.exitCode === null && performance.now() < deadline) {
    if ((await answered(`${base}/ready`)) === 200) readyAt = performance.now();
    else await sleep(250);
  }
  over = true;
  await sleep(500); // the ready log line
  await health;
  child.kill('SIGINT');
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(killer);
  if (Number.isNaN(readyAt)) throw new Error(`panier start was not ready:\n${err.slice(-3000)}`);
  return {
    kind,
    keysS: (keysAt - t0) / 1000,
    readyS: (readyAt - t0) / 1000,
    gapS: longest / 1000,
    cpuS: cpuMs === null ? null : cpuMs / 1000,
  };
}

const uptime = () => execSync('uptime').toString().trim();
console.log(`before: ${uptime()}`);
const results: Run[] = [];
for (let i = 0; i < runs; i++) {
  const dir = join(values.dir, `run-${i + 1}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const kind of ['fresh', 'restart'] as const) {
    const r = await measure(kind, dir);
    results.push(r);
    console.log(JSON.stringify(r));
  }
  rmSync(dir, { recursive: true, force: true });
}
console.log(`after: ${uptime()}`);
const f = (n: number | null) => (n === null ? '–' : n.toFixed(1));
console.log('\n| run | URL and keys (s) | /ready 200 (s) | longest /health gap (s) | CPU at ready (s) |');
console.log('|---|---|---|---|---|');
for (const r of results)
  console.log(`| ${r.kind} | ${f(r.keysS)} | ${f(r.readyS)} | ${f(r.gapS)} | ${f(r.cpuS)} |`);
