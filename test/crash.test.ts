import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/app/config.ts';
import { createEngine } from '../src/app/engine.ts';
import { silentLogger } from '../src/kernel/index.ts';
import { backendFactories, type TestBackend } from './helpers/backends.ts';
import { basic, bearer } from './helpers/engine.ts';

const backends = await backendFactories();
const disposers: TestBackend[] = [];
const bin = new URL('../bin/panier.js', import.meta.url).pathname;
const started: ChildProcess[] = [];
afterAll(() => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  return Promise.all(disposers.map((b) => b.dispose()));
});

function startServer(storage: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--storage', storage], {
    env: { ...process.env, PANIER_STORAGE_SYNC: 'full', PANIER_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child); // killed after the tests whatever happens (a timed-out test must leave no server)
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
}

describe.each(backends)('crash safety on $name', ({ make }) => {
  it('every acknowledged event survives SIGKILL exactly once', async () => {
    const backend = await make();
    disposers.push(backend);
    const storage = backend.url;
    const setup = await createEngine(
      loadConfig({ env: {}, overrides: { storage: { url: storage } } }),
      silentLogger,
    );
    const writeKey = (await setup.keys.create('write', 'crash')).key;
    const secretKey = (await setup.keys.create('secret', 'crash')).key;
    await setup.close();

    const first = await startServer(storage);
    const acked: string[] = [];
    let ackedBatches = 0;
    const send = async (b: number) => {
      const batch = Array.from({ length: 20 }, (_, i) => ({
        type: 'track',
        event: 'Product Viewed',
        anonymousId: `c${b}`,
        messageId: `crash-${b}-${i}`,
      }));
      try {
        const res = await fetch(`${first.url}/v1/batch`, {
          method: 'POST',
          body: JSON.stringify({ batch }),
          headers: { authorization: basic(writeKey) },
        });
        // Any 200 is an acknowledgement, even one that arrives as the process is being killed.
        if (res.status === 200) {
          acked.push(...batch.map((e) => e.messageId));
          ackedBatches++;
        }
      } catch {
        // the server died mid-request: not acknowledged
      }
    };
    let next = 0;
    const lane = async () => {
      while (next < 400 && first.child.exitCode === null && first.child.signalCode === null)
        await send(next++);
    };
    const lanes = Array.from({ length: 4 }, lane);
    while (ackedBatches < 100 && first.child.exitCode === null && next < 400)
      await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL'); // with 4 requests in flight
    await Promise.all(lanes);
    expect(acked.length).toBeGreaterThanOrEqual(100 * 20);

    const second = await startServer(storage);
    try {
      const seen = new Map<string, number>();
      let cursor: string | null = '';
      while (cursor !== null) {
        const res = await fetch(`${second.url}/v1/events?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, {
          headers: { authorization: bearer(secretKey) },
        });
        const page = (await res.json()) as {
          events: Array<{ messageId: string }>;
          nextCursor: string | null;
        };
        for (const e of page.events) seen.set(e.messageId, (seen.get(e.messageId) ?? 0) + 1);
        cursor = page.nextCursor;
      }
      const missing = acked.filter((id) => !seen.has(id));
      expect(missing).toEqual([]);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
    } finally {
      second.child.kill('SIGTERM');
    }
    // Two server starts (each opens the store and starts its writer and projection threads): far beyond
    // the default timeout on a loaded 2-core machine, while the test itself has no timed assertion.
  }, 120_000);
});
