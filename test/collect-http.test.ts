import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRoutes } from '../src/adapters/http/routes/collect.ts';
import { basic, bearer, type TestEngine, testEngine } from './helpers/engine.ts';

let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());

const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: 'POST', body, headers: { authorization: basic(t.writeKey), ...headers } });
const events = async (query = '') => {
  const res = await t.app.request(`/v1/events?${query}`, { headers: { authorization: bearer(t.secretKey) } });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    events: Array<Record<string, unknown>>;
    nextCursor: string | null;
    total: number;
  };
};

describe('Segment tracking API', () => {
  it('accepts every call on its full and short path, whatever the Content-Type', async () => {
    const calls: Array<[string, Record<string, unknown>]> = [
      ['/v1/track', { event: 'Product Viewed', anonymousId: 'a-1', properties: { product_id: 'p1' } }],
      ['/v1/t', { event: 'Product Added', anonymousId: 'a-1', properties: { product_id: 'p1' } }],
      ['/v1/identify', { userId: 'u-1', anonymousId: 'a-1', traits: { email: 'x@example.com' } }],
      ['/v1/i', { userId: 'u-1', traits: { plan: 'gold' } }],
      ['/v1/page', { anonymousId: 'a-1', name: 'Home' }],
      ['/v1/p', { anonymousId: 'a-1', name: 'Cart' }],
      ['/v1/screen', { userId: 'u-1', name: 'Feed' }],
      ['/v1/s', { userId: 'u-1', name: 'Feed' }],
      ['/v1/group', { userId: 'u-1', groupId: 'g-1' }],
      ['/v1/g', { userId: 'u-1', groupId: 'g-1' }],
      ['/v1/alias', { userId: 'u-1', previousId: 'a-1' }],
      ['/v1/a', { userId: 'u-1', previousId: 'a-2' }],
    ];
    const types = ['text/plain', 'application/json', 'application/x-www-form-urlencoded'];
    for (const [i, [path, body]] of calls.entries()) {
      const res = await post(path, JSON.stringify({ messageId: `call-${i}`, ...body }), {
        'content-type': types[i % 3]!,
      });
      expect(res.status, path).toBe(200);
      expect(await res.json()).toMatchObject({ success: true, accepted: 1 });
    }
    const stored = await events('limit=100');
    const byId = new Map(stored.events.map((e) => [e.messageId, e]));
    expect(byId.get('call-0')).toMatchObject({ kind: 'track', type: 'product_viewed', anonymousId: 'a-1' });
    expect(byId.get('call-2')).toMatchObject({ kind: 'identify', userId: 'u-1' });
    expect((byId.get('call-2')!.payload as { traits: unknown }).traits).toEqual({ email: 'x@example.com' });
    expect(byId.get('call-11')).toMatchObject({ kind: 'alias', type: 'alias' });
  });

  it('maps E-commerce v2 names (and v1 aliases) to canonical types and keeps POS store ids', async () => {
    const batch = [
      ['Products Searched', 'products_searched'],
      ['Product List Viewed', 'product_list_viewed'],
      ['Product Clicked', 'product_clicked'],
      ['Viewed Product', 'product_viewed'],
      ['Product Removed', 'product_removed'],
      ['Cart Viewed', 'cart_viewed'],
      ['Checkout Started', 'checkout_started'],
      ['Order Completed', 'order_completed'],
      ['Order Refunded', 'order_refunded'],
      ['Newsletter Signup', 'custom'],
    ].map(([event], i) => ({
      type: 'track',
      event,
      userId: 'ecom',
      messageId: `ecom-${i}`,
      properties: { store_id: 'S7' },
    }));
    const res = await post('/v1/batch', JSON.stringify({ batch }));
    expect(res.status).toBe(200);
    const got = await events('userId=ecom&limit=50');
    expect(got.total).toBe(10);
    const typeOf = new Map(got.events.map((e) => [e.messageId, e.type]));
    expect(typeOf.get('ecom-3')).toBe('product_viewed');
    expect(typeOf.get('ecom-7')).toBe('order_completed');
    expect(typeOf.get('ecom-9')).toBe('custom');
    expect(got.events.every((e) => e.storeId === 'S7')).toBe(true);
  });

  it('stores a repeated messageId once, and says so', async () => {
    const body = JSON.stringify({
      batch: [{ type: 'track', event: 'Product Viewed', anonymousId: 'dup', messageId: 'dup-1' }],
    });
    expect(await (await post('/v1/batch', body)).json()).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await (await post('/v1/batch', body)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await events('anonymousId=dup')).total).toBe(1);
  });

  it('stores the items of a non-ASCII batch as sent, and an invalid UTF-8 body as decoded', async () => {
    const items = [
      {
        type: 'track',
        event: 'Product Viewed',
        anonymousId: 'utf8-a',
        properties: { title: 'Pâtes – 500 g' },
      },
      { type: 'track', event: 'Product Viewed', anonymousId: 'utf8-a', properties: { title: '日本語 🛒' } },
      { type: 'track', event: 'Product Viewed', anonymousId: 'utf8-a', properties: { title: 'plain' } },
    ];
    const res = await post('/v1/batch', Buffer.from(JSON.stringify({ batch: items })));
    expect(await res.json()).toMatchObject({ accepted: 3 });
    const stored = (await events('anonymousId=utf8-a')).events.map(
      (e) => (e.payload as { properties: { title: string } }).properties.title,
    );
    expect(stored.sort()).toEqual(['plain', 'Pâtes – 500 g', '日本語 🛒'].sort());
    // A byte that is not UTF-8 inside a string: decoded as U+FFFD, stored as that text, not as the bytes.
    const bad = Buffer.concat([
      Buffer.from(
        '{"batch":[{"type":"track","event":"Product Viewed","anonymousId":"utf8-b","properties":{"title":"a',
      ),
      Buffer.from([0xff]),
      Buffer.from('é"}}]}'),
    ]);
    expect(await (await post('/v1/batch', bad)).json()).toMatchObject({ accepted: 1 });
    const [one] = (await events('anonymousId=utf8-b')).events;
    expect((one!.payload as { properties: { title: string } }).properties.title).toBe('a\uFFFDé');
  });

  it('stores the valid events of a batch and reports each bad one with its path', async () => {
    const batch = [
      { type: 'track', event: 'Product Viewed', anonymousId: 'mix', messageId: 'mix-0' },
      { type: 'track', anonymousId: 'mix', messageId: 'mix-1' },
      { type: 'track', event: 'Product Viewed', messageId: 'mix-2' },
      { type: 'bogus', anonymousId: 'mix', messageId: 'mix-3' },
      { type: 'track', event: 'Product Viewed', anonymousId: 'mix', messageId: 'mix-4', properties: 'nope' },
      { type: 'track', event: 'Order Completed', anonymousId: 'mix', messageId: 'mix-5' },
    ];
    const res = await post('/v1/batch', JSON.stringify({ batch }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      accepted: number;
      errors: Array<{ index: number; path: string }>;
      error: { code: string };
    };
    expect(body.accepted).toBe(2);
    expect(body.error.code).toBe('invalid_event');
    expect(body.errors.map((e) => [e.index, e.path])).toEqual([
      [1, 'batch[1].event'],
      [2, 'batch[2].userId'],
      [3, 'batch[3].type'],
      [4, 'batch[4].properties'],
    ]);
    expect((await events('anonymousId=mix')).events.map((e) => e.messageId).sort()).toEqual([
      'mix-0',
      'mix-5',
    ]);
  });

  it('takes the write key from the body, inflates gzip, merges batch context and corrects clock skew', async () => {
    const sentAt = '2026-01-01T00:00:10.000Z';
    const body = {
      writeKey: t.writeKey,
      sentAt,
      context: { library: { name: 'rudder' } },
      batch: [
        {
          type: 'track',
          event: 'Product Viewed',
          anonymousId: 'gz',
          messageId: 'gz-1',
          originalTimestamp: '2026-01-01T00:00:00.000Z',
        },
      ],
    };
    const res = await t.app.request('/v1/batch', {
      method: 'POST',
      body: gzipSync(JSON.stringify(body)),
      headers: { 'content-encoding': 'gzip', 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    const [e] = (await events('anonymousId=gz')).events;
    expect((e!.payload as { context: unknown }).context).toEqual({ library: { name: 'rudder' } });
    const skew = Date.parse(e!.receivedAt as string) - Date.parse(e!.timestamp as string);
    expect(skew).toBe(10_000);
  });

  it('enforces 32 KB per event and 500 KB per batch with 413', async () => {
    const big = 'x'.repeat(33 * 1024);
    const one = await post(
      '/v1/track',
      JSON.stringify({ event: 'E', anonymousId: 'big', properties: { big } }),
    );
    expect(one.status).toBe(413);
    expect(((await one.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
    const batch = Array.from({ length: 20 }, (_, i) => ({
      type: 'track',
      event: 'E',
      anonymousId: 'big',
      messageId: `b${i}`,
      properties: { big: 'y'.repeat(30 * 1024) },
    }));
    expect((await post('/v1/batch', JSON.stringify({ batch }))).status).toBe(413);
    const inBatch = await post(
      '/v1/batch',
      JSON.stringify({ batch: [{ type: 'track', event: 'E', anonymousId: 'big', properties: { big } }] }),
    );
    expect(inBatch.status).toBe(400);
    expect(((await inBatch.json()) as { errors: Array<{ code: string }> }).errors[0]!.code).toBe(
      'event_too_large',
    );
    expect((await events('anonymousId=big')).total).toBe(0);
  });

  it('refuses malformed JSON, wrong types and missing or invalid keys with JSON errors', async () => {
    const cases: Array<[Response, number, string]> = [
      [await post('/v1/track', '{"event":'), 400, 'invalid_json'],
      [await post('/v1/track', ''), 400, 'invalid_json'],
      [await post('/v1/track', '[1,2]'), 400, 'invalid_event'],
      [await post('/v1/track', JSON.stringify({ event: 42, anonymousId: 'x' })), 400, 'invalid_event'],
      [
        await post('/v1/track', JSON.stringify({ event: 'E', anonymousId: 'x', timestamp: 'yesterday' })),
        400,
        'invalid_event',
      ],
      [await post('/v1/batch', JSON.stringify({ batch: 'no' })), 400, 'invalid_body'],
      [await post('/v1/batch', JSON.stringify({ batch: [] }), { authorization: '' }), 401, 'missing_key'],
      [
        await post('/v1/track', JSON.stringify({ event: 'E', anonymousId: 'x' }), {
          authorization: basic('pk_nope'),
        }),
        401,
        'invalid_key',
      ],
      [await post('/v1/nope', '{}'), 404, 'not_found'],
      [
        await t.app.request('/v1/events', { headers: { authorization: bearer(t.writeKey) } }),
        403,
        'key_scope',
      ],
      [
        await t.app.request('/v1/events?limit=5000', { headers: { authorization: bearer(t.secretKey) } }),
        400,
        'invalid_query',
      ],
      [
        await t.app.request('/v1/events?type=nonsense', { headers: { authorization: bearer(t.secretKey) } }),
        400,
        'invalid_query',
      ],
      [await t.app.request('/v1/events'), 401, 'missing_key'],
    ];
    for (const [res, status, code] of cases) {
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(5);
    }
  });

  it('serves analytics.js settings for a known write key only', async () => {
    const ok = await t.app.request(`/v1/projects/${t.writeKey}/settings`);
    expect(ok.status).toBe(200);
    expect(
      ((await ok.json()) as { integrations: Record<string, { apiKey: string }> }).integrations['Segment.io']!
        .apiKey,
    ).toBe(t.writeKey);
    expect((await t.app.request('/v1/projects/pk_unknown/settings')).status).toBe(401);
  });
});

describe('reading events back', () => {
  it('filters by type, ids and time range, newest first, with a cursor and a total', async () => {
    const base = Date.parse('2025-06-01T00:00:00Z');
    const batch = Array.from({ length: 25 }, (_, i) => ({
      type: 'track',
      event: i % 5 === 0 ? 'Order Completed' : 'Product Viewed',
      userId: 'reader',
      messageId: `r-${i}`,
      timestamp: new Date(base + i * 60_000).toISOString(),
    }));
    expect((await post('/v1/batch', JSON.stringify({ batch }))).status).toBe(200);
    const all: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await events(`userId=reader&limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(25);
      all.push(...page.events.map((e) => e.messageId as string));
      cursor = page.nextCursor;
    }
    expect(all).toEqual(batch.map((b) => b.messageId).reverse());
    expect((await events('userId=reader&type=order_completed')).total).toBe(5);
    const from = new Date(base + 10 * 60_000).toISOString();
    const to = new Date(base + 20 * 60_000).toISOString();
    expect((await events(`userId=reader&from=${from}&to=${to}`)).total).toBe(10);
  });
});

describe('health', () => {
  it('answers liveness and readiness', async () => {
    expect(await (await t.app.request('/health')).json()).toEqual({ status: 'ok' });
    expect(await (await t.app.request('/ready')).json()).toEqual({ status: 'ready', storage: 'sqlite' });
  });
});

describe('Segment call paths beside other modules', () => {
  it('leaves POST /v1/<name> to the routes mounted after it (recommendations, segments…)', async () => {
    const app = new Hono();
    const { engine } = t;
    app.route(
      '/',
      collectRoutes({
        keys: engine.keys,
        logger: engine.logger,
        ingestor: engine.ingestor,
        log: engine.log,
        limits: engine.config.ingest,
      }),
    );
    app.post('/v1/recommendations', (c) => c.json({ reached: true }));
    const res = await app.request('/v1/recommendations', { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reached: true });
  });
});
