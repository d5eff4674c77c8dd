import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../../modules/catalog/index.ts';
import { createSqlCatalogStore } from '../../sql/index.ts';
import { catalogRoutes, MAX_CATALOG_BODY_BYTES } from './catalog.ts';
import { type RouteTestApp, routeTestApp } from './route-test-kit.ts';

let kit: RouteTestApp;
let app: RouteTestApp['app'];
let secret: string;
let write: string;

beforeAll(async () => {
  kit = await routeTestApp(({ keys, logger, db }) =>
    catalogRoutes({ keys, logger, catalog: new CatalogService(createSqlCatalogStore(db)) }),
  );
  ({ app, secret, write } = kit);
});
afterAll(() => kit.close());

type Init = { key?: string | null; body?: string | Uint8Array; headers?: Record<string, string> };
function call(method: string, path: string, init: Init = {}) {
  const headers: Record<string, string> = { ...init.headers };
  const key = init.key === undefined ? secret : init.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return app.request(path, { method, headers, body: init.body });
}
const post = (path: string, rows: unknown, init: Init = {}) =>
  call('POST', path, { ...init, body: typeof rows === 'string' ? rows : JSON.stringify(rows) });
/** The body of a response after checking its status; untyped because the assertions are the check. */
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are inspected by the assertions that follow
async function json(res: Response, status: number): Promise<any> {
  expect(res.status, await res.clone().text()).toBe(status);
  return res.json();
}

const product = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  title: `T ${id}`,
  price: 10,
  ...extra,
});
const store = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Store ${id}`,
  kind: 'store',
  lat: 48.85,
  lon: 2.35,
  ...extra,
});

describe('POST /v1/catalog/products', () => {
  it('accepts a JSON array, a wrapped array, one object and NDJSON (declared or recognised)', async () => {
    const rows = [
      product('p01', { category: 'Garden > Tools', brand: 'Acme' }),
      product('p02', { brand: 'Bosch' }),
    ];
    expect(await json(await post('/v1/catalog/products', rows), 200)).toEqual({ upserted: 2 });
    expect(await json(await post('/v1/catalog/products', { products: [product('p03')] }), 200)).toEqual({
      upserted: 1,
    });
    expect(await json(await post('/v1/catalog/products', product('p04', { active: false })), 200)).toEqual({
      upserted: 1,
    });
    const ndjson = [product('p05'), product('p06', { category: ['Garden'] })].map((r) => JSON.stringify(r));
    const declared = await post('/v1/catalog/products', `${ndjson.join('\n')}\n`, {
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(await json(declared, 200)).toEqual({ upserted: 2 });
    const sniffed = await post(
      '/v1/catalog/products',
      `\n${JSON.stringify(product('p07'))}\r\n${JSON.stringify(product('p08'))}`,
    );
    expect(await json(sniffed, 200)).toEqual({ upserted: 2 });
  });

  it('validates without writing on ?dryRun=true', async () => {
    const res = await post('/v1/catalog/products?dryRun=true', [product('dry1')]);
    expect(await json(res, 200)).toEqual({ upserted: 1 });
    expect((await call('GET', '/v1/catalog/products/dry1')).status).toBe(404);
    expect((await post('/v1/catalog/products?dryRun=maybe', [product('dry1')])).status).toBe(400);
  });

  it('accepts a gzipped body', async () => {
    const body = gzipSync(JSON.stringify([product('p09')]));
    const res = await call('POST', '/v1/catalog/products', { body, headers: { 'content-encoding': 'gzip' } });
    expect(await json(res, 200)).toEqual({ upserted: 1 });
  });

  it('rejects malformed JSON and malformed NDJSON lines, naming the lines', async () => {
    expect((await json(await post('/v1/catalog/products', '[{"id":'), 400)).error.code).toBe('invalid_json');
    expect((await json(await post('/v1/catalog/products', ''), 400)).error.code).toBe('invalid_json');
    const res = await post('/v1/catalog/products', `${JSON.stringify(product('x1'))}\n{oops\n\n{"id":`, {
      headers: { 'content-type': 'application/x-ndjson' },
    });
    const body = await json(res, 400);
    expect(body.error.code).toBe('invalid_json');
    expect(body.error.details.errors.map((e: { line: number }) => e.line)).toEqual([2, 4]);
    expect((await json(await call('GET', '/v1/catalog/products/x1'), 404)).error.code).toBe('not_found');
  });

  it('rejects bodies that are not rows', async () => {
    const scalar = await json(await post('/v1/catalog/products', '42'), 400);
    expect(scalar.error.code).toBe('invalid_body');
    const wrapped = await json(await post('/v1/catalog/products', { products: 'p1' }), 400);
    expect(wrapped.error).toMatchObject({ code: 'invalid_body', path: 'products' });
  });

  it('applies nothing when a row has wrong types, and reports every bad row with its line', async () => {
    const lines = [product('ok1'), product('bad1', { price: '12' }), { id: 'bad2', title: 5, price: 1 }];
    const res = await post('/v1/catalog/products', lines.map((l) => JSON.stringify(l)).join('\n'), {
      headers: { 'content-type': 'application/x-ndjson' },
    });
    const body = await json(res, 400);
    expect(body.error).toMatchObject({ code: 'invalid_row', path: '1.price' });
    expect(body.error.details).toMatchObject({
      invalidRows: 2,
      errors: [
        { index: 1, line: 2, path: 'price' },
        { index: 2, line: 3, path: 'title' },
      ],
    });
    expect((await call('GET', '/v1/catalog/products/ok1')).status).toBe(404);
  });

  it('refuses a body over 10 MB with 413', async () => {
    const res = await post('/v1/catalog/products', `[${' '.repeat(MAX_CATALOG_BODY_BYTES)}]`);
    expect((await json(res, 413)).error.code).toBe('body_too_large');
  });

  it('needs a secret key: 401 without or with an unknown key, 403 with a write key', async () => {
    expect((await json(await post('/v1/catalog/products', [], { key: null }), 401)).error.code).toBe(
      'missing_key',
    );
    const unknown = await post('/v1/catalog/products', [], { key: 'sk_notakey' });
    expect((await json(unknown, 401)).error.code).toBe('invalid_key');
    const scoped = await post('/v1/catalog/products', [product('w1')], { key: write });
    expect((await json(scoped, 403)).error.code).toBe('key_scope');
    expect((await call('GET', '/v1/catalog/products/w1')).status).toBe(404);
  });
});

describe('GET and DELETE /v1/catalog/products', () => {
  it('reads one product with a write key; unknown ids are 404', async () => {
    const got = await json(await call('GET', '/v1/catalog/products/p01', { key: write }), 200);
    expect(got).toMatchObject({ id: 'p01', category: ['Garden', 'Tools'], currency: 'EUR', active: true });
    expect(typeof got.updatedAt).toBe('number');
    expect((await call('GET', '/v1/catalog/products/nope')).status).toBe(404);
    expect((await call('GET', '/v1/catalog/products/p01', { key: null })).status).toBe(401);
  });

  it('pages through the list with cursors and filters', async () => {
    const first = await json(await call('GET', '/v1/catalog/products?limit=4'), 200);
    expect(first.items.map((p: { id: string }) => p.id)).toEqual(['p01', 'p02', 'p03', 'p04']);
    expect(first.total).toBe(9);
    const second = await json(
      await call('GET', `/v1/catalog/products?limit=4&cursor=${first.nextCursor}`),
      200,
    );
    expect(second.items.map((p: { id: string }) => p.id)).toEqual(['p05', 'p06', 'p07', 'p08']);
    expect(second.total).toBeUndefined();
    const last = await json(
      await call('GET', `/v1/catalog/products?limit=4&cursor=${second.nextCursor}&total=true`),
      200,
    );
    expect(last).toMatchObject({ items: [{ id: 'p09' }], nextCursor: null, total: 9 });
    const garden = await json(await call('GET', '/v1/catalog/products?category=Garden'), 200);
    expect(garden.items.map((p: { id: string }) => p.id)).toEqual(['p01', 'p06']);
    const tools = await json(
      await call('GET', `/v1/catalog/products?category=${encodeURIComponent('Garden > Tools')}`),
      200,
    );
    expect(tools.items.map((p: { id: string }) => p.id)).toEqual(['p01']);
    const bosch = await json(await call('GET', '/v1/catalog/products?brand=Bosch&total=false'), 200);
    expect(bosch).toEqual({ items: [expect.objectContaining({ id: 'p02' })], nextCursor: null });
    const inactive = await json(await call('GET', '/v1/catalog/products?active=false'), 200);
    expect(inactive.items.map((p: { id: string }) => p.id)).toEqual(['p04']);
  });

  it('shows public keys active products only', async () => {
    const listed = await json(await call('GET', '/v1/catalog/products?limit=1000', { key: write }), 200);
    expect(listed.items.map((p: { id: string }) => p.id)).not.toContain('p04');
    expect(listed.total).toBe(8);
    expect((await call('GET', '/v1/catalog/products/p04', { key: write })).status).toBe(404);
    expect((await call('GET', '/v1/catalog/products/p04')).status).toBe(200);
    const asked = await json(await call('GET', '/v1/catalog/products?active=false', { key: write }), 403);
    expect(asked.error).toMatchObject({ code: 'key_scope', path: 'active' });
  });

  it('rejects bad query parameters', async () => {
    for (const q of ['limit=0', 'limit=5000', 'limit=abc', 'active=yes', 'cursor=%%%', 'category=']) {
      const body = await json(await call('GET', `/v1/catalog/products?${q}`), 400);
      expect(body.error.code).toBe('invalid_query');
    }
  });

  it('deletes with a secret key only; a second delete is 404', async () => {
    expect((await call('DELETE', '/v1/catalog/products/p09', { key: write })).status).toBe(403);
    expect((await call('DELETE', '/v1/catalog/products/p09')).status).toBe(204);
    expect((await call('DELETE', '/v1/catalog/products/p09')).status).toBe(404);
    expect((await call('GET', '/v1/catalog/products/p09')).status).toBe(404);
  });

  it('handles ids with reserved URL characters', async () => {
    await post('/v1/catalog/products', [product('sku/1 é?')]);
    const path = `/v1/catalog/products/${encodeURIComponent('sku/1 é?')}`;
    expect((await json(await call('GET', path), 200)).id).toBe('sku/1 é?');
    expect((await call('DELETE', path)).status).toBe(204);
  });
});

describe('/v1/catalog/locations', () => {
  it('upserts, reads, lists by kind and deletes', async () => {
    const rows = [
      store('s1'),
      store('s2', { kind: 'locker', capacity: 40 }),
      store('w1', { kind: 'warehouse' }),
    ];
    expect(await json(await post('/v1/catalog/locations', { locations: rows }), 200)).toEqual({
      upserted: 3,
    });
    expect(await json(await call('GET', '/v1/catalog/locations/s2', { key: write }), 200)).toMatchObject({
      kind: 'locker',
      capacity: 40,
      openingHours: {},
    });
    const lockers = await json(await call('GET', '/v1/catalog/locations?kind=locker', { key: write }), 200);
    expect(lockers).toMatchObject({ items: [{ id: 's2' }], nextCursor: null, total: 1 });
    expect((await call('DELETE', '/v1/catalog/locations/w1')).status).toBe(204);
    expect((await call('GET', '/v1/catalog/locations/w1')).status).toBe(404);
  });

  it('rejects bad rows, bad filters and writes without a secret key', async () => {
    const bad = await json(
      await post('/v1/catalog/locations', [store('x', { lat: 95, openingHours: { mon: [['9', '18']] } })]),
      400,
    );
    expect(bad.error.details.errors.map((e: { path: string }) => e.path)).toEqual([
      'lat',
      'openingHours.mon.0.0',
      'openingHours.mon.0.1',
    ]);
    expect((await json(await call('GET', '/v1/catalog/locations?kind=castle'), 400)).error.path).toBe('kind');
    expect((await post('/v1/catalog/locations', [store('x')], { key: write })).status).toBe(403);
    expect((await post('/v1/catalog/locations', '{', {})).status).toBe(400);
    expect((await call('DELETE', '/v1/catalog/locations/nope')).status).toBe(404);
    expect((await call('GET', '/v1/catalog/locations', { key: 'pk_bogus' })).status).toBe(401);
  });
});

describe('/v1/catalog/inventory', () => {
  it('upserts levels for known products and locations, and reads them back', async () => {
    const rows = [
      { productId: 'p01', locationId: 's1', onHand: 5, reserved: 1 },
      { productId: 'p01', locationId: 's2', onHand: 0 },
      { productId: 'p02', locationId: 's1', onHand: 7, inTransit: 3 },
    ];
    expect(await json(await post('/v1/catalog/inventory', rows), 200)).toEqual({ upserted: 3 });
    const one = await json(await call('GET', '/v1/catalog/inventory/p01/s1'), 200);
    expect(one).toMatchObject({ productId: 'p01', locationId: 's1', onHand: 5, reserved: 1, inTransit: 0 });
    const byProduct = await json(await call('GET', '/v1/catalog/inventory?productId=p01'), 200);
    expect(byProduct.items.map((r: { locationId: string }) => r.locationId)).toEqual(['s1', 's2']);
    const atStore = await json(await call('GET', '/v1/catalog/inventory?locationId=s1&limit=1'), 200);
    expect(atStore).toMatchObject({ items: [{ productId: 'p01' }], total: 2 });
    const next = await json(
      await call('GET', `/v1/catalog/inventory?locationId=s1&cursor=${atStore.nextCursor}`),
      200,
    );
    expect(next).toMatchObject({ items: [{ productId: 'p02' }], nextCursor: null });
  });

  it('reports unknown products and locations, bad counts, and stays secret-only', async () => {
    const bad = await json(
      await post('/v1/catalog/inventory', [
        { productId: 'ghost', locationId: 's1', onHand: 1 },
        { productId: 'p01', locationId: 's1', onHand: 1.5 },
      ]),
      400,
    );
    expect(bad.error.details.errors).toEqual([
      expect.objectContaining({ index: 0, path: 'productId', message: 'unknown product "ghost"' }),
      expect.objectContaining({ index: 1, path: 'onHand' }),
    ]);
    expect((await call('GET', '/v1/catalog/inventory', { key: write })).status).toBe(403);
    expect((await call('GET', '/v1/catalog/inventory/p01/s1', { key: write })).status).toBe(403);
    expect((await post('/v1/catalog/inventory', [], { key: write })).status).toBe(403);
    expect((await call('GET', '/v1/catalog/inventory/p01/nowhere')).status).toBe(404);
    expect((await call('GET', '/v1/catalog/inventory?cursor=abc')).status).toBe(400);
  });

  it('deletes one level, and a product delete takes its levels with it', async () => {
    expect((await call('DELETE', '/v1/catalog/inventory/p01/s2')).status).toBe(204);
    expect((await call('DELETE', '/v1/catalog/inventory/p01/s2')).status).toBe(404);
    expect((await call('DELETE', '/v1/catalog/products/p02')).status).toBe(204);
    const left = await json(await call('GET', '/v1/catalog/inventory'), 200);
    expect(left.items.map((r: { productId: string }) => r.productId)).toEqual(['p01']);
  });
});

describe('every endpoint refuses bad requests', () => {
  const posts = ['/v1/catalog/products', '/v1/catalog/locations', '/v1/catalog/inventory'];
  const reads = [
    ['GET', '/v1/catalog/products', 'write'],
    ['GET', '/v1/catalog/products/p01', 'write'],
    ['GET', '/v1/catalog/locations', 'write'],
    ['GET', '/v1/catalog/locations/s1', 'write'],
    ['GET', '/v1/catalog/inventory', 'secret'],
    ['GET', '/v1/catalog/inventory/p01/s1', 'secret'],
    ['DELETE', '/v1/catalog/products/zz', 'secret'],
    ['DELETE', '/v1/catalog/locations/zz', 'secret'],
    ['DELETE', '/v1/catalog/inventory/zz/zz', 'secret'],
  ] as const;

  it.each(posts)(
    'POST %s: malformed JSON, wrong types, oversize, missing, invalid and write keys',
    async (path) => {
      expect((await json(await post(path, '{"x":'), 400)).error.code).toBe('invalid_json');
      expect((await json(await post(path, [{ id: 7, productId: 7, onHand: 'x' }]), 400)).error.code).toBe(
        'invalid_row',
      );
      expect((await json(await post(path, 'x'.repeat(MAX_CATALOG_BODY_BYTES + 1)), 413)).error.code).toBe(
        'body_too_large',
      );
      expect((await json(await post(path, [], { key: null }), 401)).error.code).toBe('missing_key');
      expect((await json(await post(path, [], { key: 'sk_unknown' }), 401)).error.code).toBe('invalid_key');
      expect((await json(await post(path, [], { key: write }), 403)).error.code).toBe('key_scope');
    },
  );

  it.each(reads)('%s %s: keys and unknown ids', async (method, path, needs) => {
    expect((await json(await call(method, path, { key: null }), 401)).error.code).toBe('missing_key');
    expect((await json(await call(method, path, { key: 'pk_unknown' }), 401)).error.code).toBe('invalid_key');
    expect((await call(method, path, { key: write })).status).toBe(needs === 'write' ? 200 : 403);
  });

  it.each(['/v1/catalog/products/zz', '/v1/catalog/locations/zz', '/v1/catalog/inventory/zz/zz'])(
    'GET %s: unknown id is 404',
    async (path) => {
      expect((await json(await call('GET', path), 404)).error.code).toBe('not_found');
    },
  );
});
