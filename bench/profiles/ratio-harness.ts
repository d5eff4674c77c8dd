// What the two ingest-ratio harnesses share: the request bodies and the bench server they start.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createRng } from '../../src/kernel/index.ts';
import { statTicks } from './thread-cpu.ts';
import { makeMessage } from './workload.ts';

export const PER_BATCH = 100;
/** What both harnesses read from the environment: connections, the warm population, SQLite's sync. */
export const LOAD = {
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 16),
  warm: Number(process.env.BENCH_WARM ?? 2_000_000),
  shoppers: Number(process.env.BENCH_SHOPPERS ?? 200_000),
  sync: process.env.BENCH_SYNC ?? 'full',
};
const here = new URL('.', import.meta.url).pathname;

/** `batches` POST /v1/batch bodies of `PER_BATCH` messages each, with message ids unique to `runId`. */
export function batchBodies(runId: string, batches: number, shoppers: number): string[] {
  const rng = createRng(7);
  const start = Date.now();
  const out: string[] = [];
  let n = 0;
  for (let b = 0; b < batches; b++) {
    const batch = [];
    for (let i = 0; i < PER_BATCH; i++, n++) batch.push(makeMessage(rng, runId, n, shoppers, start + n));
    out.push(JSON.stringify({ batch, sentAt: new Date().toISOString() }));
  }
  return out;
}

export interface BenchServer {
  child: ChildProcess;
  port: number;
  key: string;
}

/**
 * Starts ingest-server.ts with `args` (an IPC channel open for the A/B harness's questions), from this
 * checkout or from the checkout at `tree` (another worktree, to compare two versions of the code).
 */
export function startIngestServer(args: string[], tree?: string): Promise<BenchServer> {
  const script = tree ? join(tree, 'bench/profiles/ingest-server.ts') : join(here, 'ingest-server.ts');
  // BENCH_NODE_FLAGS: extra node flags for the servers (e.g. --cpu-prof while investigating).
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, '--expose-gc', '--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    cwd: tree,
  });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) =>
      resolve({ child, ...JSON.parse(d.toString().split('\n')[0]!) }),
    );
    child.once('exit', (code) => reject(new Error(`ingest-server exited ${code}`)));
  });
}

/** CPU clock ticks (user + system, all threads) a process has used so far, from /proc (Linux). */
export const processTicks = (pid: number): number => statTicks(`/proc/${pid}/stat`);
