import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlCatalogStore, type SqlDatabase } from '../../src/adapters/sql/index.ts';
import type { CatalogStore, InventoryLevel, Location, Product } from '../../src/modules/catalog/index.ts';
import { backendFactories, type TestBackend } from '../helpers/backends.ts';

const backends = await backendFactories();

function product(id: string, over: Partial<Product> = {}): Product {
  return {
    id,
    title: `Product ${id}`,
    category: ['Garden', 'Tools'],
    price: 12.5,
    currency: 'EUR',
    attributes: {},
    active: true,
    updatedAt: 1_700_000_000_000,
    ...over,
  };
}

function location(id: string, over: Partial<Location> = {}): Location {
  return {
    id,
    name: `Store ${id}`,
    kind: 'store',
    lat: 48.85,
    lon: 2.35,
    openingHours: {},
    active: true,
    updatedAt: 1_700_000_000_000,
    ...over,
  };
}

const level = (productId: string, locationId: string, onHand: number): InventoryLevel => ({
  productId,
  locationId,
  onHand,
  reserved: 0,
  inTransit: 0,
  updatedAt: 1_700_000_000_000,
});

describe.each(backends)('catalog store contract on $name', ({ make }) => {
  let backend: TestBackend;
  let db: SqlDatabase;
  let store: CatalogStore;
  beforeAll(async () => {
    backend = await make();
    db = await backend.open();
    store = createSqlCatalogStore(db);
  });
  afterAll(async () => {
    await db.close();
    await backend.dispose();
  });

  it('round-trips every product field, optional ones absent when unset', async () => {
    const full = product('full', {
      description: 'A spade',
      brand: 'Fiskars',
      category: ['Garden', 'Tools', 'Spades & Forks'],
      price: 39.99,
      currency: 'USD',
      attributes: { color: 'green', weightKg: 1.2, steel: true, sizes: ['S', 'M'], note: 'é 😀' },
      imageUrl: 'https://example.com/spade.jpg',
      active: false,
      updatedAt: 1_700_000_123_456,
    });
    const bare = product('bare', { category: [] });
    await store.upsertProducts([full, bare]);
    expect(await store.getProduct('full')).toEqual(full);
    const got = await store.getProduct('bare');
    expect(got).toEqual(bare);
    expect(Object.keys(got!)).not.toContain('description');
    expect(await store.getProduct('nope')).toBeNull();
  });

  it('upserts overwrite every column of an existing row', async () => {
    const spades = ['Garden', 'Tools', 'Spades & Forks'];
    await store.upsertProducts([product('full', { title: 'Spade v2', category: spades, price: 41 })]);
    const got = await store.getProduct('full');
    expect(got).toMatchObject({ title: 'Spade v2', category: spades, price: 41, active: true });
    expect(got!.brand).toBeUndefined();
  });

  it('lists in id order with a strict "after" cursor and filters', async () => {
    await store.upsertProducts([
      product('a1', { brand: 'Acme', category: ['Garden'] }),
      product('a2', { brand: 'Acme', category: ['Gardening', 'Books'] }),
      product('a3', { brand: 'Bosch', category: ['Garden', 'Tools', 'Saws'], active: false }),
      product('a4', { brand: 'Acme', category: ['Kitchen'] }),
    ]);
    const ids = async (
      f: Parameters<CatalogStore['listProducts']>[0],
      after: string | null = null,
      n = 100,
    ) => (await store.listProducts(f, after, n)).map((p) => p.id);
    expect(await ids({})).toEqual(['a1', 'a2', 'a3', 'a4', 'bare', 'full']);
    expect(await ids({}, 'a2', 2)).toEqual(['a3', 'a4']);
    expect(await ids({ brand: 'Acme' })).toEqual(['a1', 'a2', 'a4']);
    expect(await ids({ active: false })).toEqual(['a3']);
    expect(await ids({ categoryPrefix: ['Garden'] })).toEqual(['a1', 'a3', 'full']);
    expect(await ids({ categoryPrefix: ['Garden', 'Tools'] })).toEqual(['a3', 'full']);
    expect(await ids({ categoryPrefix: ['garden'] })).toEqual([]);
    expect(await ids({ categoryPrefix: ['Garden', 'Tools', 'Spades & Forks'] })).toEqual(['full']);
    expect(await store.countProducts({ brand: 'Acme', active: true })).toBe(3);
    expect(await store.countProducts({})).toBe(6);
  });

  it('orders ids by code point on every backend', async () => {
    await store.upsertProducts([product('Z-9'), product('z_1'), product('z.1'), product('é')]);
    const all = (await store.listProducts({}, null, 100)).map((p) => p.id);
    expect(all).toEqual([...all].sort());
  });

  it('stores locations and filters them by kind', async () => {
    const lyon = location('lyon', {
      kind: 'locker',
      address: '1 rue de la République',
      region: 'Auvergne-Rhône-Alpes',
      capacity: 48,
      openingHours: {
        mon: [
          ['08:00', '12:00'],
          ['14:00', '20:00'],
        ],
      },
      lat: 45.764,
      lon: 4.8357,
    });
    await store.upsertLocations([location('paris'), lyon, location('wh', { kind: 'warehouse' })]);
    expect(await store.getLocation('lyon')).toEqual(lyon);
    expect((await store.listLocations({ kind: 'locker' }, null, 10)).map((l) => l.id)).toEqual(['lyon']);
    expect((await store.listLocations({}, 'lyon', 10)).map((l) => l.id)).toEqual(['paris', 'wh']);
    expect(await store.countLocations({ kind: 'store' })).toBe(1);
    expect([...(await store.existingLocationIds(['paris', 'mars']))]).toEqual(['paris']);
  });

  it('keys inventory by product × location and pages on the pair', async () => {
    await store.upsertInventory([level('a1', 'paris', 3), level('a1', 'lyon', 0), level('a2', 'paris', 7)]);
    await store.upsertInventory([{ ...level('a1', 'lyon', 5), reserved: 2, inTransit: 10 }]);
    expect(await store.getInventory({ productId: 'a1', locationId: 'lyon' })).toEqual({
      ...level('a1', 'lyon', 5),
      reserved: 2,
      inTransit: 10,
    });
    const page1 = await store.listInventory({}, null, 2);
    expect(page1.map((r) => `${r.productId}@${r.locationId}`)).toEqual(['a1@lyon', 'a1@paris']);
    const page2 = await store.listInventory({}, { productId: 'a1', locationId: 'paris' }, 2);
    expect(page2.map((r) => `${r.productId}@${r.locationId}`)).toEqual(['a2@paris']);
    expect((await store.listInventory({ locationId: 'paris' }, null, 10)).map((r) => r.productId)).toEqual([
      'a1',
      'a2',
    ]);
    expect(await store.countInventory({ productId: 'a1' })).toBe(2);
  });

  it('deletes a product or a location together with its inventory', async () => {
    expect(await store.deleteProduct('a2')).toBe(true);
    expect(await store.deleteProduct('a2')).toBe(false);
    expect(await store.countInventory({ productId: 'a2' })).toBe(0);
    expect(await store.deleteLocation('lyon')).toBe(true);
    expect(await store.countInventory({})).toBe(1);
    expect(await store.deleteInventory({ productId: 'a1', locationId: 'paris' })).toBe(true);
    expect(await store.deleteInventory({ productId: 'a1', locationId: 'paris' })).toBe(false);
  });

  it('refuses inventory for an unknown product at the storage level too', async () => {
    await expect(store.upsertInventory([level('ghost', 'paris', 1)])).rejects.toThrow();
    expect(await store.countInventory({})).toBe(0);
  });

  it('applies a large bulk upsert in one transaction, fast', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) =>
      product(`bulk-${String(i).padStart(6, '0')}`, { attributes: { i } }),
    );
    const t0 = performance.now();
    await store.upsertProducts(many);
    const ms = performance.now() - t0;
    expect(await store.countProducts({ categoryPrefix: ['Garden', 'Tools'] })).toBeGreaterThanOrEqual(20_000);
    expect((await store.getProduct('bulk-019999'))!.attributes).toEqual({ i: 19_999 });
    expect(ms).toBeLessThan(10_000);
    const asked = [...many.slice(0, 1200).map((p) => p.id), 'missing-1', 'missing-2'];
    expect((await store.existingProductIds(asked)).size).toBe(1200);
    const broken = Object.assign(product('bulk-x2'), { title: null }); // NOT NULL violation in the 2nd row
    await expect(store.upsertProducts([product('bulk-x1'), broken])).rejects.toThrow();
    expect(await store.getProduct('bulk-x1')).toBeNull();
  });
});
