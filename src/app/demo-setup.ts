import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Engine } from './engine.ts';

export interface DemoKeys {
  writeKey: string;
  secretKey: string;
  keysFile: string;
}

const KEYS_FILE = resolve('data/demo-keys.json');

/** Keys are stored hashed, so the demo keeps its own pair in a local file to print them at every start. */
async function demoKeys(engine: Engine): Promise<DemoKeys> {
  if (existsSync(KEYS_FILE)) {
    const saved = JSON.parse(readFileSync(KEYS_FILE, 'utf8')) as { writeKey: string; secretKey: string };
    if ((await engine.keys.verify(saved.writeKey)) && (await engine.keys.verify(saved.secretKey)))
      return { ...saved, keysFile: KEYS_FILE };
  }
  const write = await engine.keys.create('write', 'demo storefront (write)');
  const secret = await engine.keys.create('secret', 'demo console (secret)');
  mkdirSync(resolve('data'), { recursive: true });
  writeFileSync(KEYS_FILE, JSON.stringify({ writeKey: write.key, secretKey: secret.key }, null, 2), {
    mode: 0o600,
  });
  return { writeKey: write.key, secretKey: secret.key, keysFile: KEYS_FILE };
}

/** Ensures demo keys exist and the demo retailer is generated when the store is empty. */
export async function prepareDemo(engine: Engine): Promise<DemoKeys> {
  return demoKeys(engine);
}
