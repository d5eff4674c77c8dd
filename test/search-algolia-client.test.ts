import { algoliasearch } from 'algoliasearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PanierEvent } from '../src/kernel/index.ts';
import { listen, searchTestApp } from './helpers/search-app.ts';

const PRODUCTS = [
  {
    objectID: 'p1',
    title: 'Smartphone Galaxy 128GB',
    brand: 'Samsung',
    color: 'black',
    price: 699,
    popularity: 90,
  },
  {
    objectID: 'p2',
    title: 'Smartphone case leather',
    brand: 'Acme',
    color: 'brown',
    price: 25,
    popularity: 40,
  },
  { objectID: 'p3', title: 'Running shoes trail', brand: 'Acme', color: 'red', price: 89, popularity: 70 },
  {
    objectID: 'p4',
    title: 'Chocolate dark 70%',
    brand: 'Cocoa Co',
    color: 'brown',
    price: 4,
    popularity: 95,
  },
  { objectID: 'p5', title: 'Wireless headphones', brand: 'Sony', color: 'black', price: 199, popularity: 80 },
  { objectID: 'p6', title: 'Smartwatch sport', brand: 'Samsung', color: 'black', price: 249, popularity: 60 },
];

describe('algoliasearch v5 client against panier over a real socket', () => {
  const events: PanierEvent[] = [];
  let close: () => Promise<void>;
  let admin: ReturnType<typeof algoliasearch>;
  let browser: ReturnType<typeof algoliasearch>;

  beforeAll(async () => {
    const t = await searchTestApp({ ingest: async (e) => void events.push(...e) });
    const server = await listen(t.app.fetch);
    close = server.close;
    const hosts = [
      { url: '127.0.0.1', port: server.port, protocol: 'http' as const, accept: 'readWrite' as const },
    ];
    admin = algoliasearch('PANIER', t.secretKey, { hosts });
    browser = algoliasearch('PANIER', t.writeKey, { hosts });
    const settings = await admin.setSettings({
      indexName: 'products',
      indexSettings: {
        searchableAttributes: ['title', 'brand'],
        attributesForFaceting: ['brand', 'color', 'price'],
        customRanking: ['desc(popularity)'],
      },
    });
    await admin.waitForTask({ indexName: 'products', taskID: settings.taskID });
    await admin.saveObjects({ indexName: 'products', objects: PRODUCTS, waitForTasks: true });
  });
  afterAll(() => close?.());

  it('indexes objects and reads them back', async () => {
    const obj = await browser.getObject({ indexName: 'products', objectID: 'p3' });
    expect(obj).toMatchObject({ objectID: 'p3', title: 'Running shoes trail' });
    const settings = await admin.getSettings({ indexName: 'products' });
    expect(settings.attributesForFaceting).toEqual(['brand', 'color', 'price']);
  });

  it('searches with facets and filters', async () => {
    const res = await browser.searchSingleIndex({
      indexName: 'products',
      searchParams: { query: 'smart', facets: ['brand', 'color'], filters: 'price < 500 AND NOT brand:Acme' },
    });
    expect(res.hits.map((h) => h.objectID)).toEqual(['p6']);
    expect(res.facets).toEqual({ brand: { Samsung: 1 }, color: { black: 1 } });
    expect(res.nbHits).toBe(1);
    expect(res.hits[0]!._highlightResult).toMatchObject({
      title: { value: '<em>Smart</em>watch sport', matchLevel: 'full' },
    });
  });

  it('answers multi-index queries with facetFilters, numericFilters and a facet-value search', async () => {
    const { results } = await browser.search({
      requests: [
        {
          indexName: 'products',
          query: '',
          facets: ['brand'],
          facetFilters: [['color:black', 'color:brown']],
          numericFilters: ['price>=20'],
          hitsPerPage: 2,
        },
        { indexName: 'products', type: 'facet', facet: 'brand', facetQuery: 'sa' },
      ],
    });
    const first = results[0] as {
      hits: { objectID: string }[];
      nbHits: number;
      nbPages: number;
      facets: object;
    };
    expect(first.nbHits).toBe(4);
    expect(first.nbPages).toBe(2);
    expect(first.hits.map((h) => h.objectID)).toEqual(['p1', 'p5']);
    expect(first.facets).toEqual({ brand: { Samsung: 2, Acme: 1, Sony: 1 } });
    expect(results[1]).toMatchObject({
      facetHits: [{ value: 'Samsung', highlighted: '<em>Sa</em>msung', count: 2 }],
    });
  });

  it('tolerates typos, including a transposition, and echoes custom highlight tags', async () => {
    const res = await browser.searchSingleIndex({
      indexName: 'products',
      searchParams: {
        query: 'smatrphone',
        highlightPreTag: '__ais-highlight__',
        highlightPostTag: '__/ais-highlight__',
      },
    });
    expect(res.hits.map((h) => h.objectID)).toEqual(['p1', 'p2']);
    expect(res.hits[0]!._highlightResult).toMatchObject({
      title: { value: '__ais-highlight__Smartphone__/ais-highlight__ Galaxy 128GB' },
    });
    const two = await browser.searchSingleIndex({
      indexName: 'products',
      searchParams: { query: 'hedphnes' },
    });
    expect(two.hits.map((h) => h.objectID)).toEqual(['p5']);
    const none = await browser.searchSingleIndex({
      indexName: 'products',
      searchParams: { query: 'hedphnes', typoTolerance: false },
    });
    expect(none.nbHits).toBe(0);
  });

  it('applies partial updates and deletes', async () => {
    const t1 = await admin.partialUpdateObject({
      indexName: 'products',
      objectID: 'p4',
      attributesToUpdate: { price: 5 },
    });
    await admin.waitForTask({ indexName: 'products', taskID: t1.taskID! });
    const t2 = await admin.deleteObject({ indexName: 'products', objectID: 'p2' });
    await admin.waitForTask({ indexName: 'products', taskID: t2.taskID });
    const res = await browser.searchSingleIndex({
      indexName: 'products',
      searchParams: { query: 'chocolate smartphone', removeWordsIfNoResults: 'allOptional' },
    });
    expect(res.hits.map((h) => h.objectID).sort()).toEqual(['p1', 'p4']);
    expect((await browser.getObject({ indexName: 'products', objectID: 'p4' })).price).toBe(5);
  });

  it('reports malformed filters with their position, and refuses writes with a search key', async () => {
    await expect(
      browser.searchSingleIndex({
        indexName: 'products',
        searchParams: { query: 'x', filters: 'brand:Acme AND (price > 3' },
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('col 26') });
    await expect(
      browser.saveObjects({ indexName: 'products', objects: [{ objectID: 'z' }] }),
    ).rejects.toMatchObject({
      status: 403,
    });
  });

  it('answers or rejects a 10,000-character or 1,000-word query quickly', async () => {
    const started = performance.now();
    const long = 'smartphone '.repeat(1000).slice(0, 10_000);
    await expect(
      browser.searchSingleIndex({ indexName: 'products', searchParams: { query: long } }),
    ).rejects.toMatchObject({
      status: 400,
    });
    const manyWords = Array.from({ length: 1000 }, (_, i) => `w${i}`).join(' ');
    await expect(
      browser.searchSingleIndex({ indexName: 'products', searchParams: { query: manyWords } }),
    ).rejects.toMatchObject({
      status: 400,
    });
    const words500 = 'ab '.repeat(170);
    const ok = await browser.searchSingleIndex({ indexName: 'products', searchParams: { query: words500 } });
    expect(ok.nbHits).toBe(0);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('records searches and accepts search-insights clicks as events', async () => {
    const res = await browser.searchSingleIndex({
      indexName: 'products',
      searchParams: { query: 'watch', clickAnalytics: true, userToken: 'u1' },
    });
    expect(res.queryID).toMatch(/^[0-9a-f]{32}$/);
    const searched = events.filter((e) => e.type === 'products_searched');
    expect(searched.at(-1)?.payload).toMatchObject({ properties: { query: 'watch', nbHits: res.nbHits } });
    const insights = await browser.customPost({
      path: '1/events',
      body: {
        events: [
          {
            eventType: 'click',
            eventName: 'Hit Clicked',
            index: 'products',
            userToken: 'u1',
            queryID: res.queryID,
            objectIDs: ['p6'],
            positions: [1],
          },
        ],
      },
    });
    expect(insights).toMatchObject({ status: 200 });
    const click = events.find((e) => e.type === 'product_clicked');
    expect(click).toMatchObject({
      anonymousId: 'u1',
      payload: { properties: { product_id: 'p6', position: 1, query_id: res.queryID } },
    });
  });
});
