import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../kernel/index.ts';
import { KeyService } from '../../../modules/access/index.ts';
import { MemoryLog, memoryCatalog, SyncBus, view, world } from '../../../modules/recommend/fixtures.ts';
import { RecommendService } from '../../../modules/recommend/index.ts';
import { createSqlKeyStore, migrateToLatest, openSql, type SqlDatabase } from '../../sql/index.ts';
import type { AppEnv } from '../auth.ts';
import { onError } from '../errors.ts';
import { recommendRoutes } from './recommend.ts';

let db: SqlDatabase;
let app: Hono<AppEnv>;
let write: string;
let secret: string;
let log: MemoryLog;
let bus: SyncBus;
let now = 0;

beforeAll(async () => {
  db = await openSql('sqlite://:memory:');
  await migrateToLatest(db);
  const keys = new KeyService(createSqlKeyStore(db));
  write = (await keys.create('write')).key;
  secret = (await keys.create('secret')).key;
  const w = world();
  now = w.end;
  log = new MemoryLog();
  await log.append(w.events);
  bus = new SyncBus();
  const recommend = new RecommendService({
    log,
    bus,
    catalog: memoryCatalog(w.products, { s1: { k2: 4 } }),
    clock: { now: () => now },
    config: { retrainEveryHours: 0 },
  });
  await recommend.start();
  app = new Hono<AppEnv>();
  app.onError(onError(silentLogger));
  app.route('/', recommendRoutes({ keys, logger: silentLogger, recommend }));
});
afterAll(() => db.close());

const post = (body: unknown, key = write) =>
  app.request('/v1/recommendations', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const get = (query: string, key = write) =>
  app.request(`/v1/recommendations?${query}`, { headers: { authorization: `Bearer ${key}` } });

describe('recommendation routes', () => {
  it('answers POST with a write key and GET with a secret key', async () => {
    const r = await post({ placement: 'frequently-bought-together', productIds: ['k1'], limit: 3 });
    expect(r.status).toBe(200);
    const body = (await r.json()) as {
      placement: string;
      items: { productId: string; reasons: unknown[] }[];
    };
    expect(body.placement).toBe('frequently-bought-together');
    expect(body.items[0]?.productId).toBe('g7');
    expect(body.items[0]?.reasons.length).toBeGreaterThan(0);
    const g = await get('placement=popular&limit=4&category=Kitchen', secret);
    const items = ((await g.json()) as { items: { productId: string }[] }).items;
    expect(items).toHaveLength(4);
    for (const i of items) expect(i.productId.startsWith('k')).toBe(true);
  });

  it('parses GET filters (stock at a location, exclusions, lists)', async () => {
    const r = await get('placement=similar-items&productIds=k1,k3&inStockAt=s1&limit=5');
    expect(((await r.json()) as { items: { productId: string }[] }).items.map((i) => i.productId)).toEqual([
      'k2',
    ]);
  });

  it('rejects bad input with 400 JSON and needs a key', async () => {
    for (const [res, code] of [
      [await post({ placement: 'bogus' }), 'unknown_placement'],
      [await post({ placement: 'popular', limit: 500 }), 'invalid_body'],
      [await post({ placement: 'popular', userId: 'has space' }), 'invalid_body'],
      [await get('placement=popular&limit=abc'), 'invalid_body'],
      [await get('placement=popular&near=1,2'), 'invalid_query'],
    ] as const) {
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const bad = await app.request('/v1/recommendations', {
      method: 'POST',
      headers: { authorization: `Bearer ${write}` },
      body: '{',
    });
    expect(bad.status).toBe(400);
    expect((await app.request('/v1/recommendations?placement=popular')).status).toBe(401);
  });

  it('reports unknown context ids as warnings and reflects a new event at once', async () => {
    const r = await post({ placement: 'similar-items', productIds: ['k1', 'nope'] });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { warnings: string[] }).warnings.join()).toContain('nope');
    now += 3_600_000;
    const { appended } = await log.append([view('shopper-9', 'g4', now)]);
    bus.publish(appended);
    const recent = await get('placement=recently-viewed&userId=shopper-9');
    expect(
      ((await recent.json()) as { items: { productId: string }[] }).items.map((i) => i.productId),
    ).toEqual(['g4']);
  });
});
