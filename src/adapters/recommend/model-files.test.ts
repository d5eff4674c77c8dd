import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryLog, memoryCatalog, SyncBus, world } from '../../modules/recommend/fixtures.ts';
import { RecommendService, type Trainer } from '../../modules/recommend/index.ts';
import { fileModelStore, workerTrainer } from './model-files.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('model persistence and worker training', () => {
  it('trains in a worker, persists, and a restarted service serves from the snapshot without training', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'panier-recs-'));
    dirs.push(dir);
    const w = world();
    const log = new MemoryLog();
    await log.append(w.events);
    const catalog = memoryCatalog(w.products);
    const clock = { now: () => w.end };
    const config = { retrainEveryHours: 0 };
    const first = new RecommendService({
      log,
      bus: new SyncBus(),
      catalog,
      clock,
      config,
      store: fileModelStore(dir, catalog),
      trainer: workerTrainer(),
    });
    await first.start();
    const request = { placement: 'frequently-bought-together' as const, productIds: ['k1'], limit: 5 };
    const before = first.answer(request);
    expect(before.items[0]?.productId).toBe('g7');

    let trained = 0;
    const spy: Trainer = async () => {
      trained++;
      throw new Error('must not train');
    };
    const second = new RecommendService({
      log,
      bus: new SyncBus(),
      catalog,
      clock,
      config,
      store: fileModelStore(dir, catalog),
      trainer: spy,
    });
    await second.start();
    expect(trained).toBe(0);
    expect(second.answer(request)).toEqual(before);
    const similar = { placement: 'similar-items' as const, productIds: ['g3'], limit: 8 };
    expect(second.answer(similar)).toEqual(first.answer(similar));
  });
});
