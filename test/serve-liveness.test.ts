import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/app/config.ts';
import { generateDemo } from '../src/app/demo-setup.ts';
import { createEngine } from '../src/app/engine.ts';
import { silentLogger } from '../src/kernel/index.ts';
import { utcMidnight } from '../src/modules/demo/index.ts';

// A liveness bound, not a speed target: far above scheduling jitter on a loaded 2-core machine, far
// below the stall this guards against (the server answered nothing for the whole rebuild).
const MAX_HEALTH_GAP_MS = 4000;
const SIZE = { products: 1000, shoppers: 16000, days: 60 };

const dir = mkdtempSync(join(tmpdir(), 'panier-liveness-'));
const storage = `sqlite://${join(dir, 'panier.db')}`;
const bin = new URL('../bin/panier.js', import.meta.url).pathname;
let child: ChildProcess | undefined;

beforeAll(async () => {
  const engine = await createEngine(
    loadConfig({
      env: {},
      file: join(dir, 'none.json'),
      overrides: { storage: { url: storage, sync: 'normal' } },
    }),
    silentLogger,
  );
  await generateDemo(engine, { ...SIZE, endDate: utcMidnight(Date.now()) });
  await engine.close();
}, 120_000);
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function serve(): Promise<string> {
  // cwd: the recommendation model snapshot goes to ./data, so the rebuild trains from the log
  child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--storage', storage], {
    cwd: dir,
    env: { ...process.env, PANIER_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child!.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
}

describe('panier serve while profiles, search and recommendations rebuild', () => {
  it('keeps answering /health until /ready turns 200', async () => {
    const url = await serve();
    let last = Date.now();
    let longest = 0;
    let warmingAnswers = 0;
    for (;;) {
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      await health.text();
      const now = Date.now();
      longest = Math.max(longest, now - last);
      last = now;
      const ready = await fetch(`${url}/ready`);
      await ready.text();
      if (ready.status === 200) break;
      expect(ready.status).toBe(503);
      warmingAnswers++;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(warmingAnswers).toBeGreaterThan(0);
    expect(longest).toBeLessThan(MAX_HEALTH_GAP_MS);
  }, 180_000);
});
