import { describe, expect, it } from 'vitest';
import type { Product } from '../catalog/schemas.ts';
import { parseSearchParams } from './params.ts';
import type { ShopperAffinity } from './personalize.ts';
import type { CatalogChange, CatalogFeed } from './ports.ts';
import { SearchService } from './service.ts';

const product = (id: string, title: string, brand: string, category: string[], price: number): Product => ({
  id,
  title,
  brand,
  category,
  price,
  currency: 'EUR',
  attributes: { popularity: Number(id.slice(1)) },
  active: true,
  updatedAt: 0,
});

const CATALOG: Product[] = [
  product('p1', 'Trail running shoes', 'Alpina', ['Sports', 'Running'], 120),
  product('p2', 'Road running shoes', 'Velox', ['Sports', 'Running'], 60),
  product('p3', 'Running shoes for kids', 'Minis', ['Kids', 'Shoes'], 35),
  product('p4', 'Running socks', 'Velox', ['Sports', 'Running'], 9),
];

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

const TASTES: Record<string, ShopperAffinity> = {
  trail: {
    categories: new Map([['Sports', 1]]),
    brands: new Map([['Alpina', 5]]),
    priceBand: { min: 80, max: 200 },
  },
  parent: {
    categories: new Map([['Kids', 3]]),
    brands: new Map([['Minis', 1]]),
    priceBand: { min: 0, max: 50 },
  },
};

async function service(storeStock: ReadonlySet<string> = new Set(['p2'])) {
  const catalog = feed(CATALOG);
  const svc = new SearchService({
    catalog,
    affinities: { affinity: async (token) => TASTES[token] ?? null },
    inventory: { availableAt: async () => storeStock },
  });
  await svc.start();
  const ids = async (params: Record<string, unknown>) =>
    (await svc.search('products', parseSearchParams(params), { source: 'test' })).hits.map((h) => h.objectID);
  return { svc, catalog, ids };
}

describe('personalized search', () => {
  it('orders the same query differently for two shoppers with different tastes', async () => {
    const { ids } = await service();
    const anonymous = await ids({ query: 'running shoes' });
    const trail = await ids({ query: 'running shoes', userToken: 'trail' });
    const parent = await ids({ query: 'running shoes', userToken: 'parent' });
    expect(anonymous).toEqual(['p3', 'p2', 'p1']);
    expect(trail[0]).toBe('p1');
    expect(parent[0]).toBe('p3');
    expect(trail).not.toEqual(parent);
  });

  it('has no effect at impact 0 and never lets taste beat matched words', async () => {
    const { ids } = await service();
    expect(await ids({ query: 'running shoes', userToken: 'trail', personalizationImpact: 0 })).toEqual([
      'p3',
      'p2',
      'p1',
    ]);
    expect(await ids({ query: 'running', userToken: 'parent', personalizationImpact: 100 })).toContain('p4');
    expect(await ids({ query: 'running shoes', userToken: 'trail', enablePersonalization: false })).toEqual([
      'p3',
      'p2',
      'p1',
    ]);
  });

  it('boosts or keeps only products available at the shopper store', async () => {
    const { ids } = await service();
    expect((await ids({ query: 'running shoes', storeId: 's1' }))[0]).toBe('p2');
    expect(await ids({ query: 'running', storeId: 's1', storeAvailability: 'filter' })).toEqual(['p2']);
  });

  it('follows catalog changes', async () => {
    const { catalog, ids } = await service();
    catalog.push({
      upserted: [product('p9', 'Running shoes waterproof', 'Alpina', ['Sports'], 150)],
      removed: ['p3'],
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(await ids({ query: 'running shoes' })).toEqual(['p9', 'p2', 'p1']);
  });
});
