import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recommendConfigSchema } from '../modules/recommend/index.ts';
import { loadConfig } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'panier-config-'));
const none = join(dir, 'absent.json');

describe('loadConfig', () => {
  it('uses defaults, then the file, then PANIER_* environment, then overrides', () => {
    expect(loadConfig({ env: {}, file: none }).storage.url).toBe('sqlite://./data/panier.db');
    const file = join(dir, 'panier.config.json');
    writeFileSync(
      file,
      JSON.stringify({ port: 9000, storage: { url: 'postgres://db/x' }, log: { level: 'warn' } }),
    );
    const fromFile = loadConfig({ env: {}, file });
    expect([fromFile.port, fromFile.storage.url, fromFile.storage.sync, fromFile.log.level]).toEqual([
      9000,
      'postgres://db/x',
      'full',
      'warn',
    ]);
    const fromEnv = loadConfig({ env: { PANIER_PORT: '9100', PANIER_STORAGE_URL: 'sqlite://./x.db' }, file });
    expect([fromEnv.port, fromEnv.storage.url, fromEnv.log.level]).toEqual([9100, 'sqlite://./x.db', 'warn']);
    expect(loadConfig({ env: { PANIER_PORT: '9100' }, file, overrides: { port: 1 } }).port).toBe(1);
  });

  it('is frozen', () => {
    const c = loadConfig({ env: {}, file: none });
    expect(Object.isFrozen(c) && Object.isFrozen(c.storage)).toBe(true);
  });

  it('names the offending setting', () => {
    expect(() => loadConfig({ env: { PANIER_PORT: 'abc' }, file: none })).toThrow(/port/);
    expect(() => loadConfig({ env: { PANIER_STORAGE_URL: 'mysql://x' }, file: none })).toThrow(
      /storage\.url/,
    );
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ nope');
    expect(() => loadConfig({ env: {}, file: bad })).toThrow(/bad\.json/);
    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({ env: {}, file: unknown })).toThrow(/prot/);
  });
});

describe('panier.config.example.json', () => {
  const example = new URL('../../panier.config.example.json', import.meta.url).pathname;

  it('loads as a config file, and its recommend section is a valid recommend config', () => {
    const config = loadConfig({ env: {}, file: example });
    expect(config.port).toBe(7400);
    const recommend = recommendConfigSchema.parse(config.recommend);
    expect([recommend.forYouModel, recommend.maxLiveShoppers, recommend.liveIdleDays]).toEqual([
      'ease',
      200_000,
      90,
    ]);
    expect(recommendConfigSchema.safeParse({ ...config.recommend, forYouModel: 'als' }).success).toBe(false);
  });
});
