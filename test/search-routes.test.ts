import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { PanierEvent } from '../src/kernel/index.ts';
import { searchTestApp } from './helpers/search-app.ts';

const DOCS = [
  { objectID: 'a', title: 'Lampe de chevet', brand: 'Lumo', price: 30 },
  { objectID: 'b', title: 'Lampe de bureau', brand: 'Lumo', price: 45 },
  { objectID: 'c', title: 'Bureau en chêne', brand: 'Boisé', price: 300 },
];

async function setup(options: { maxInFlight?: number; slowAffinity?: boolean } = {}) {
  const events: PanierEvent[] = [];
  const t = await searchTestApp(
    {
      ingest: async (e) => void events.push(...e),
      affinities: {
        affinity: async () => {
          if (options.slowAffinity) await new Promise((r) => setTimeout(r, 50));
          return null;
        },
      },
    },
    { maxInFlight: options.maxInFlight },
  );
  const admin = { 'x-algolia-api-key': t.secretKey, 'x-algolia-application-id': 'APP' };
  await t.app.request('/1/indexes/shop/settings', {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify({ attributesForFaceting: ['brand'], searchableAttributes: ['title', 'brand'] }),
  });
  const batch = await t.app.request('/1/indexes/shop/batch', {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/x-www-form-urlencoded' },
    body: JSON.stringify({ requests: DOCS.map((body) => ({ action: 'updateObject', body })) }),
  });
  expect(batch.status).toBe(200);
  return { ...t, admin, events };
}

describe('Algolia REST surface', () => {
  it('takes browser credentials from the query string (any case) with a text/plain body', async () => {
    const t = await setup();
    const res = await t.app.request(
      `/1/indexes/*/queries?X-Algolia-API-Key=${t.writeKey}&x-algolia-application-id=APP&x-algolia-agent=test`,
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ requests: [{ indexName: 'shop', query: 'lampe' }] }),
      },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      results: {
        nbHits: number;
        hits: unknown[];
        page: number;
        nbPages: number;
        processingTimeMS: number;
        exhaustiveFacetsCount: boolean;
      }[];
    };
    expect(body.results[0]).toMatchObject({ nbHits: 2, page: 0, nbPages: 1, exhaustiveFacetsCount: true });
  });

  it('accepts v4 URL-encoded params, GET search and gzip bodies', async () => {
    const t = await setup();
    const headers = { 'x-algolia-api-key': t.writeKey };
    const params = `query=bureau&facets=${encodeURIComponent('["brand"]')}&facetFilters=${encodeURIComponent('[["brand:Boisé"]]')}&hitsPerPage=5`;
    const v4 = await t.app.request('/1/indexes/*/queries', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify({ requests: [{ indexName: 'shop', params }] }),
    });
    const r = (
      (await v4.json()) as {
        results: { hits: { objectID: string }[]; facets: object; hitsPerPage: number }[];
      }
    ).results[0]!;
    expect(r.hits.map((h) => h.objectID)).toEqual(['c']);
    expect(r.facets).toEqual({ brand: { Boisé: 1 } });
    expect(r.hitsPerPage).toBe(5);
    const get = await t.app.request(`/1/indexes/shop?query=chene&x-algolia-api-key=${t.writeKey}`);
    expect(((await get.json()) as { hits: { objectID: string }[] }).hits[0]!.objectID).toBe('c');
    const gz = await t.app.request('/1/indexes/shop/query', {
      method: 'POST',
      headers: { ...headers, 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ query: 'lampe', filters: 'price < 40' })),
    });
    expect(((await gz.json()) as { nbHits: number }).nbHits).toBe(1);
  });

  it('answers errors in Algolia shape with status and position', async () => {
    const t = await setup();
    const bad = await t.app.request('/1/indexes/shop/query', {
      method: 'POST',
      headers: { 'x-algolia-api-key': t.writeKey },
      body: JSON.stringify({ query: 'x', filters: 'brand:Lumo OR OR price > 3' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      message: "filters: unexpected 'OR', expected an attribute name at col 15",
      status: 400,
      position: 14,
    });
    const noKey = await t.app.request('/1/indexes/shop/query', { method: 'POST', body: '{}' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ status: 401 });
    const missing = await t.app.request('/1/indexes/nope/settings', { headers: t.admin });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Index does not exist', status: 404 });
    const forbidden = await t.app.request('/1/indexes/shop/settings', {
      headers: { 'x-algolia-api-key': t.writeKey },
    });
    expect(forbidden.status).toBe(403);
  });

  it('answers 429 with Retry-After when too many searches are in flight', async () => {
    const t = await setup({ maxInFlight: 1, slowAffinity: true });
    const call = () =>
      t.app.request('/1/indexes/shop/query', {
        method: 'POST',
        headers: { 'x-algolia-api-key': t.writeKey },
        body: JSON.stringify({ query: 'lampe', userToken: 'u' }),
      });
    const [a, b] = await Promise.all([call(), call()]);
    expect([a.status, b.status].sort()).toEqual([200, 429]);
    const limited = a.status === 429 ? a : b;
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({ status: 429 });
  });

  it('serves facet-value search, browse with cursor, objects, tasks and multi-index batch', async () => {
    const t = await setup();
    const fv = await t.app.request('/1/indexes/shop/facets/brand/query', {
      method: 'POST',
      headers: { 'x-algolia-api-key': t.writeKey },
      body: JSON.stringify({ facetQuery: 'boi' }),
    });
    expect(((await fv.json()) as { facetHits: unknown[] }).facetHits).toEqual([
      { value: 'Boisé', highlighted: '<em>Boi</em>sé', count: 1 },
    ]);
    const page1 = (await (
      await t.app.request('/1/indexes/shop/browse', {
        method: 'POST',
        headers: t.admin,
        body: JSON.stringify({ hitsPerPage: 2 }),
      })
    ).json()) as {
      hits: unknown[];
      cursor: string;
    };
    expect(page1.hits).toHaveLength(2);
    const page2 = (await (
      await t.app.request('/1/indexes/shop/browse', {
        method: 'POST',
        headers: t.admin,
        body: JSON.stringify({ cursor: page1.cursor }),
      })
    ).json()) as {
      hits: unknown[];
      cursor?: string;
    };
    expect(page2.hits).toHaveLength(1);
    expect(page2.cursor).toBeUndefined();
    const multi = await t.app.request('/1/indexes/*/batch', {
      method: 'POST',
      headers: t.admin,
      body: JSON.stringify({
        requests: [
          { action: 'addObject', indexName: 'other', body: { objectID: 'z', title: 'Zèbre' } },
          { action: 'deleteObject', indexName: 'shop', body: { objectID: 'a' } },
        ],
      }),
    });
    const mb = (await multi.json()) as { taskID: Record<string, number> };
    const task = await t.app.request(`/1/indexes/shop/task/${mb.taskID.shop}`, { headers: t.admin });
    expect(await task.json()).toMatchObject({ status: 'published' });
    expect((await t.app.request('/1/indexes/shop/a', { headers: t.admin })).status).toBe(404);
    const z = await t.app.request('/1/indexes/other/z', { headers: t.admin });
    expect(await z.json()).toEqual({ objectID: 'z', title: 'Zèbre' });
  });

  it('reports top and no-result queries and suggests popular queries with results', async () => {
    const t = await setup();
    const q = (query: string) =>
      t.app.request('/1/indexes/shop/query', {
        method: 'POST',
        headers: { 'x-algolia-api-key': t.writeKey },
        body: JSON.stringify({ query }),
      });
    for (const query of ['lampe', 'lampe', 'lampe de', 'zzzz', 'lampe']) await q(query);
    await t.app.request('/1/indexes/shop/query', {
      method: 'POST',
      headers: { 'x-algolia-api-key': t.writeKey },
      body: JSON.stringify({ query: 'ignored', analytics: false }),
    });
    const raw = await t.app.request('/v1/search/report', {
      headers: { authorization: `Bearer ${t.secretKey}` },
    });
    const report = (await raw.json()) as {
      topQueries: { query: string; count: number }[];
      noResultQueries: { query: string }[];
    };
    expect(report.topQueries[0]).toMatchObject({ query: 'lampe', count: 3 });
    expect(report.topQueries.map((s) => s.query)).not.toContain('ignored');
    expect(report.noResultQueries.map((s) => s.query)).toEqual(['zzzz']);
    expect(t.events.filter((e) => e.type === 'products_searched')).toHaveLength(5);
    const ac = await t.app.request('/v1/search/autocomplete?q=la', {
      headers: { authorization: `Bearer ${t.writeKey}` },
    });
    expect(((await ac.json()) as { queries: { query: string }[] }).queries.map((s) => s.query)).toEqual([
      'lampe',
      'lampe de',
    ]);
  });
});
