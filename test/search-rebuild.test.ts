import { describe, expect, it } from 'vitest';
import type { Product } from '../src/modules/catalog/schemas.ts';
import {
  type CatalogChange,
  type CatalogFeed,
  type InMemorySearchEngine,
  parseSearchParams,
} from '../src/modules/search/index.ts';
import { listen, searchTestApp } from './helpers/search-app.ts';

/** A catalog large enough that indexing it runs as a background build (more than 4,000 products). */
const SIZE = 40_000;
const WORDS = ['garden', 'hose', 'kettle', 'lamp', 'pillow', 'rake', 'shovel', 'teapot', 'toaster', 'vase'];
const product = (i: number, title = `${WORDS[i % 10]} ${WORDS[(i * 7) % 10]} model${i}`): Product => ({
  id: `p${i}`,
  title,
  brand: `brand${i % 97}`,
  category: ['Home', WORDS[i % 10]!],
  price: 5 + (i % 200),
  currency: 'EUR',
  attributes: { popularity: i % 1000 },
  active: true,
  updatedAt: 0,
});

function feed(products: Product[]): CatalogFeed & { push(c: CatalogChange): void } {
  let listener: ((c: CatalogChange) => void) | null = null;
  return {
    loadAll: async () => products,
    subscribe: (fn) => {
      listener = fn;
      return () => {
        listener = null;
      };
    },
    push: (c) => listener?.(c),
  };
}

describe('search index rebuilds', () => {
  it('keep answering HTTP while a large catalog is indexed, and keep following catalog changes', async () => {
    const catalogProducts = Array.from({ length: SIZE }, (_, i) => product(i));
    const catalog = feed(catalogProducts);
    const { app, search, writeKey, secretKey } = await searchTestApp({ catalog });
    const engine = search.engine as InMemorySearchEngine;
    await engine.setSettings('small', { searchableAttributes: ['title'] });
    await engine.saveObjects('small', [{ objectID: 's1', title: 'probe' }]);
    const server = await listen(app.fetch);
    const base = `http://127.0.0.1:${server.port}`;
    const headers = { 'x-algolia-api-key': writeKey, 'x-algolia-application-id': 'panier' };
    const probe = async () => {
      const t0 = performance.now();
      const res = await fetch(`${base}/1/indexes/small/query`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: 'probe' }),
      });
      expect(res.status).toBe(200);
      return performance.now() - t0;
    };
    try {
      let started = false;
      const starting = search.start().then(() => {
        started = true;
      });
      const building = () => {
        try {
          return engine.index('products').building;
        } catch {
          return false;
        }
      };
      // Requests answered while the index builds: with a blocking build there would be none.
      const during: number[] = [];
      let whileBuilding = 0;
      while (!started) {
        during.push(await probe());
        if (building()) whileBuilding++;
        await new Promise((r) => setTimeout(r, 20));
      }
      await starting;
      expect(whileBuilding).toBeGreaterThanOrEqual(2);
      // A liveness bound, not a speed target: no request waited for the whole build.
      expect(Math.max(...during)).toBeLessThan(5000);
      const hits = await engine.search('products', parseSearchParams({ query: 'model12345' }));
      expect(hits.objectIDs).toEqual(['p12345']);

      // A settings change rebuilds the whole index in the background; changes flow in meanwhile.
      const put = await fetch(`${base}/1/indexes/products/settings`, {
        method: 'PUT',
        headers: { ...headers, 'x-algolia-api-key': secretKey },
        body: JSON.stringify({ customRanking: ['desc(price)'] }),
      });
      expect(put.status).toBe(200);
      await probe();
      expect(engine.index('products').building).toBe(true);
      catalog.push({ upserted: [product(SIZE + 1, 'zanzibar teapot')], removed: ['p7'] });
      await new Promise((r) => setTimeout(r, 0));
      const res = await fetch(`${base}/1/indexes/products/query`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: 'zanzibar' }),
      });
      const body = (await res.json()) as { hits: { objectID: string }[] };
      expect(body.hits.map((h) => h.objectID)).toEqual([`p${SIZE + 1}`]);
      expect(
        (await engine.search('products', parseSearchParams({ query: 'model7' }))).objectIDs,
      ).not.toContain('p7');
      expect(engine.index('products').building).toBe(true);
      const { taskID } = (await put.json()) as { taskID: number };
      await engine.waitForTask('products', taskID);
      // After the swap the new base plus the re-applied change answer, with the new ranking.
      expect((await engine.search('products', parseSearchParams({ query: 'zanzibar' }))).objectIDs).toEqual([
        `p${SIZE + 1}`,
      ]);
      expect(
        (await engine.search('products', parseSearchParams({ query: 'model7' }))).objectIDs,
      ).not.toContain('p7');
      const top = await engine.search('products', parseSearchParams({ query: 'teapot', hitsPerPage: 1 }));
      const best = Math.max(...catalogProducts.filter((p) => p.title.includes('teapot')).map((p) => p.price));
      expect(top.response.hits[0]?.price).toBe(best);
    } finally {
      search.stop();
      await server.close();
    }
  }, 60_000);
});
