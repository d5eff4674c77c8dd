import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ConfigInput, loadConfig } from '../../src/app/config.ts';
import { createEngine, type Engine } from '../../src/app/engine.ts';
import { buildHttpApp } from '../../src/app/http.ts';
import { silentLogger } from '../../src/kernel/index.ts';

export interface TestEngine {
  engine: Engine;
  app: ReturnType<typeof buildHttpApp>;
  writeKey: string;
  secretKey: string;
  dir: string;
  close(): Promise<void>;
}

/** An engine on a fresh SQLite file (or the given storage URL) with one write and one secret key. */
export async function testEngine(overrides: ConfigInput = {}): Promise<TestEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'panier-e2e-'));
  const config = loadConfig({
    env: {},
    file: join(dir, 'none.json'),
    overrides: { storage: { url: `sqlite://${join(dir, 'panier.db')}`, sync: 'normal' }, ...overrides },
  });
  const engine = await createEngine(config, silentLogger);
  const writeKey = (await engine.keys.create('write', 'test write')).key;
  const secretKey = (await engine.keys.create('secret', 'test secret')).key;
  return {
    engine,
    app: buildHttpApp(engine),
    writeKey,
    secretKey,
    dir,
    close: async () => {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
export const bearer = (key: string) => `Bearer ${key}`;
