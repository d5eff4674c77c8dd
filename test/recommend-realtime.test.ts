import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../src/adapters/http/auth.ts';
import { onError } from '../src/adapters/http/errors.ts';
import { recommendRoutes } from '../src/adapters/http/routes/recommend.ts';
import { createCatalogMirror } from '../src/adapters/recommend/catalog-mirror.ts';
import { silentLogger } from '../src/kernel/index.ts';
import { RecommendService } from '../src/modules/recommend/index.ts';
import { basic, bearer, type TestEngine, testEngine } from './helpers/engine.ts';

let t: TestEngine;
let recs: Hono<AppEnv>;
let service: RecommendService;

beforeAll(async () => {
  t = await testEngine();
  await t.engine.catalog.upsertProducts([
    { id: 'mug', title: 'Blue mug', category: 'Kitchen > Cups', price: 9 },
    { id: 'cup', title: 'Tea cup', category: 'Kitchen > Cups', price: 7 },
    { id: 'rake', title: 'Rake', category: 'Garden', price: 25 },
  ]);
  const catalog = await createCatalogMirror(t.engine.catalog);
  service = new RecommendService({
    log: t.engine.log,
    bus: t.engine.bus,
    catalog,
    config: { retrainEveryHours: 0 },
  });
  await service.start();
  recs = new Hono<AppEnv>();
  recs.onError(onError(silentLogger));
  recs.route('/', recommendRoutes({ keys: t.engine.keys, logger: silentLogger, recommend: service }));
});
afterAll(async () => {
  service.stop();
  await t.close();
});

const track = (body: Record<string, unknown>) =>
  t.app.request('/v1/track', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { authorization: basic(t.writeKey) },
  });
const ask = async (query: string) => {
  const res = await recs.request(`/v1/recommendations?${query}`, {
    headers: { authorization: bearer(t.writeKey) },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { productId: string }[] }).items.map((i) => i.productId);
};

async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not visible within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - start;
}

describe('recommendations follow ingest in real time (SQLite log, in-process bus)', () => {
  it('an acknowledged event changes recently-viewed and trending within one second', async () => {
    expect(await ask('placement=recently-viewed&anonymousId=web-1')).toEqual([]);
    const res = await track({
      event: 'Product Viewed',
      anonymousId: 'web-1',
      properties: { product_id: 'rake' },
    });
    expect(res.status).toBe(200);
    const ms = await within(
      1000,
      async () => (await ask('placement=recently-viewed&anonymousId=web-1'))[0] === 'rake',
    );
    expect(ms).toBeLessThan(1000);
    expect((await ask('placement=trending&window=5m'))[0]).toBe('rake');
  });
});
