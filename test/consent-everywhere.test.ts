import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Capabilities, startCapabilities } from '../src/app/capabilities.ts';
import { buildHttpApp } from '../src/app/http.ts';
import { basic, bearer, type TestEngine, testEngine } from './helpers/engine.ts';

// A shopper's consent to personalization, revoked over the API, is in force for the very next
// recommendation and search request, through the real wiring (profiles → recommendations, search).
let t: TestEngine;
let caps: Capabilities;
let app: ReturnType<typeof buildHttpApp>;
const NOW = Date.now();
const KITCHEN = ['kettle', 'mug', 'teapot'];
const OUTDOOR = ['tent', 'lamp', 'stove'];

const view = (userId: string, product: string, minutesAgo: number) => ({
  type: 'track',
  event: 'Product Viewed',
  userId,
  timestamp: new Date(NOW - minutesAgo * 60_000).toISOString(),
  properties: { product_id: product, category: KITCHEN.includes(product) ? 'Kitchen' : 'Outdoor', price: 20 },
});

beforeAll(async () => {
  t = await testEngine();
  await t.engine.catalog.upsertProducts([
    ...KITCHEN.map((id) => ({ id, title: `Classic ${id}`, category: 'Kitchen', brand: 'Home', price: 20 })),
    ...OUTDOOR.map((id) => ({ id, title: `Classic ${id}`, category: 'Outdoor', brand: 'Trail', price: 20 })),
  ]);
  caps = await startCapabilities(t.engine, t.dir);
  app = buildHttpApp(t.engine, caps);
  const batch = [
    { type: 'identify', userId: 'lea', timestamp: new Date(NOW - 60 * 60_000).toISOString(), traits: {} },
    ...KITCHEN.flatMap((p, i) => [view('lea', p, 30 - i), view('lea', p, 20 - i), view('lea', p, 10 - i)]),
    ...OUTDOOR.flatMap((p, i) => [view('hiker', p, 30 - i), view('hiker', p, 20 - i)]),
  ];
  const res = await app.request('/v1/batch', {
    method: 'POST',
    body: JSON.stringify({ batch }),
    headers: { authorization: basic(t.writeKey), 'content-type': 'application/json' },
  });
  expect(res.status).toBe(200);
  for (let i = 0; i < 500 && !caps.profiles.resolve('hiker'); i++)
    await new Promise((r) => setTimeout(r, 10));
}, 60_000);
afterAll(async () => {
  caps.stop();
  await t.close();
});

async function recentlyViewed(userId: string) {
  const res = await app.request(`/v1/recommendations?placement=recently-viewed&userId=${userId}&limit=5`, {
    headers: { authorization: bearer(t.writeKey) },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: { productId: string }[]; warnings?: string[] };
  return { ids: body.items.map((i) => i.productId), warnings: body.warnings ?? [] };
}

interface Hit {
  objectID: string;
  _rankingInfo: { personalization: { score: number } };
}
async function search(userToken: string, query = 'classic', analytics = false): Promise<Hit[]> {
  const res = await app.request('/1/indexes/products/query', {
    method: 'POST',
    body: JSON.stringify({ query, userToken, getRankingInfo: true, hitsPerPage: 6, analytics }),
    headers: { 'x-algolia-api-key': t.writeKey, 'x-algolia-application-id': 'APP' },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { hits: Hit[] }).hits;
}

async function setConsent(status: string, purpose = 'personalization'): Promise<void> {
  const res = await app.request('/v1/profiles/lea/consent', {
    method: 'PUT',
    body: JSON.stringify({ [purpose]: status }),
    headers: { authorization: bearer(t.secretKey), 'content-type': 'application/json' },
  });
  expect(res.status).toBe(200);
}

const personalized = (hits: Hit[]) => hits.filter((h) => h._rankingInfo.personalization.score > 0);

describe('consent to personalization, revoked and granted again', () => {
  it('takes effect on the very next recommendation and search', async () => {
    const anonymousOrder = (await search('nobody')).map((h) => h.objectID);
    expect(anonymousOrder).toHaveLength(6);

    // Granted by default (opt-out): personal answers.
    const before = await recentlyViewed('lea');
    expect(before.ids.sort()).toEqual([...KITCHEN].sort());
    const hits = await search('lea');
    expect(
      hits
        .slice(0, 3)
        .map((h) => h.objectID)
        .sort(),
    ).toEqual([...KITCHEN].sort());
    expect(personalized(hits).length).toBeGreaterThan(0);

    await setConsent('revoked');
    const revoked = await recentlyViewed('lea');
    expect(revoked.ids).toEqual([]);
    expect(revoked.warnings.join(' ')).toMatch(/personalization/);
    const plain = await search('lea');
    expect(personalized(plain)).toEqual([]);
    expect(plain.map((h) => h.objectID)).toEqual(anonymousOrder);

    await setConsent('granted');
    expect((await recentlyViewed('lea')).ids.sort()).toEqual([...KITCHEN].sort());
    expect(personalized(await search('lea')).length).toBeGreaterThan(0);
  });
});

describe('consent to analytics', () => {
  it('a shopper who refused it has their searches recorded without their userToken', async () => {
    const recorded: Array<{ query: unknown; anonymousId: string | null }> = [];
    const stop = t.engine.bus.subscribe((events) => {
      for (const e of events)
        if (e.type === 'products_searched')
          recorded.push({
            query: (e.payload.properties as { query?: unknown }).query,
            anonymousId: e.anonymousId,
          });
    });
    const seen = async (query: string) => {
      for (let i = 0; i < 500 && !recorded.some((r) => r.query === query); i++)
        await new Promise((r) => setTimeout(r, 10));
      return recorded.find((r) => r.query === query);
    };
    await search('lea', 'classic kettle', true);
    expect(await seen('classic kettle')).toEqual({ query: 'classic kettle', anonymousId: 'lea' });
    await setConsent('denied', 'analytics');
    await search('lea', 'classic teapot', true);
    expect(await seen('classic teapot')).toEqual({ query: 'classic teapot', anonymousId: null });
    await search('hiker', 'classic tent', true);
    expect(await seen('classic tent')).toEqual({ query: 'classic tent', anonymousId: 'hiker' });
    stop();
  });
});
