import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSqlCatalogStore,
  migrateToLatest,
  openSql,
  type SqlDatabase,
} from '../../adapters/sql/index.ts';
import type { PanierError } from '../../kernel/index.ts';
import type { CatalogChange } from './changes.ts';
import { CatalogService } from './service.ts';

let db: SqlDatabase;
let catalog: CatalogService;
let now = 1_000;
const changes: CatalogChange[] = [];

beforeEach(async () => {
  db = await openSql('sqlite://:memory:');
  await migrateToLatest(db);
  catalog = new CatalogService(createSqlCatalogStore(db), { clock: { now: () => now } });
  changes.length = 0;
  catalog.onChange((c) => changes.push(c));
});
afterEach(() => db.close());

const p = (id: string, extra: Record<string, unknown> = {}) => ({ id, title: `T ${id}`, price: 1, ...extra });
const rejection = async (promise: Promise<unknown>): Promise<PanierError> => {
  const err = await promise.then(
    () => null,
    (e: PanierError) => e,
  );
  if (!err) throw new Error('expected a rejection');
  return err;
};

describe('bulk upserts', () => {
  it('apply nothing when any row is invalid, and list every bad row', async () => {
    const err = await rejection(
      catalog.upsertProducts([p('a'), p('b', { price: 'x' }), p('c'), { id: 'd' }]),
    );
    expect(err.code).toBe('invalid_row');
    expect(err.details).toMatchObject({
      invalidRows: 2,
      errors: [
        { index: 1, path: 'price' },
        { index: 3, path: 'title' },
        { index: 3, path: 'price' },
      ],
    });
    expect(await catalog.getProduct('a')).toBeNull();
    expect(changes).toEqual([]);
  });

  it('stamp updatedAt, keep the last of repeated ids and notify listeners once', async () => {
    now = 5_000;
    const r = await catalog.upsertProducts([p('a', { price: 1 }), p('b'), p('a', { price: 2 })]);
    expect(r).toEqual({ upserted: 2 });
    expect(await catalog.getProduct('a')).toMatchObject({ price: 2, updatedAt: 5_000, currency: 'EUR' });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ type: 'products_upserted' });
  });

  it('check inventory references and report unknown products and locations by row and line', async () => {
    await catalog.upsertProducts([p('a')]);
    await catalog.upsertLocations([{ id: 's1', name: 'S1', kind: 'store', lat: 1, lon: 2 }]);
    const err = await rejection(
      catalog.upsertInventory(
        [
          { productId: 'a', locationId: 's1', onHand: 2 },
          { productId: 'zz', locationId: 's1', onHand: 1 },
          { productId: 'a', locationId: 's9', onHand: -1 },
        ],
        { lines: [2, 3, 4] },
      ),
    );
    expect(err.details).toMatchObject({
      invalidRows: 2,
      errors: [
        { index: 1, line: 3, path: 'productId', message: 'unknown product "zz"' },
        { index: 2, line: 4, path: 'onHand' },
      ],
    });
    expect(await catalog.upsertInventory([{ productId: 'a', locationId: 's1', onHand: 2 }])).toEqual({
      upserted: 1,
    });
    expect(changes.at(-1)).toMatchObject({ type: 'inventory_changed', levels: [{ onHand: 2, reserved: 0 }] });
  });

  it('write nothing on a dry run but still check references', async () => {
    expect(await catalog.upsertProducts([p('a'), p('a')], { dryRun: true })).toEqual({ upserted: 1 });
    expect(await catalog.getProduct('a')).toBeNull();
    await expect(
      catalog.upsertInventory([{ productId: 'a', locationId: 's', onHand: 1 }], { dryRun: true }),
    ).rejects.toMatchObject({ details: { invalidRows: 1 } });
    expect(changes).toEqual([]);
  });

  it('accept an empty request without writing or notifying', async () => {
    expect(await catalog.upsertLocations([])).toEqual({ upserted: 0 });
    expect(changes).toEqual([]);
  });
});

describe('lists and scans', () => {
  beforeEach(async () => {
    await catalog.upsertProducts(
      Array.from({ length: 25 }, (_, i) =>
        p(`p${String(i).padStart(2, '0')}`, { brand: i % 2 ? 'Odd' : 'Even' }),
      ),
    );
  });

  it('walk every item once with cursors, total only when asked', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await catalog.listProducts({ cursor, limit: 10, withTotal: pages === 0 });
      if (pages === 0) expect(page.total).toBe(25);
      else expect(page.total).toBeUndefined();
      seen.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...new Set(seen)].sort());
    expect(seen).toHaveLength(25);
    const odd = await catalog.listProducts({ filter: { brand: 'Odd' }, limit: 100, withTotal: true });
    expect(odd.total).toBe(12);
    expect(odd.nextCursor).toBeNull();
  });

  it('refuse a bad limit or cursor', async () => {
    await expect(catalog.listProducts({ limit: 0 })).rejects.toMatchObject({ code: 'invalid_query' });
    await expect(catalog.listProducts({ limit: 1001 })).rejects.toMatchObject({ path: 'limit' });
    await expect(catalog.listProducts({ cursor: '%%%' })).rejects.toMatchObject({ path: 'cursor' });
  });

  it('scan everything in batches', async () => {
    const batches: number[] = [];
    for await (const batch of catalog.scanProducts({}, 10)) batches.push(batch.length);
    expect(batches).toEqual([10, 10, 5]);
    const even: string[] = [];
    for await (const batch of catalog.scanProducts({ brand: 'Even' }, 5))
      even.push(...batch.map((x) => x.id));
    expect(even).toHaveLength(13);
  });
});

describe('deletes and listeners', () => {
  it('notify only when something was deleted; a failing listener does not fail the write', async () => {
    catalog.onChange(() => {
      throw new Error('listener bug');
    });
    await catalog.upsertProducts([p('a')]);
    expect(await catalog.deleteProduct('a')).toBe(true);
    expect(await catalog.deleteProduct('a')).toBe(false);
    expect(changes.map((c) => c.type)).toEqual(['products_upserted', 'products_deleted']);
  });

  it('stop notifying after unsubscribe', async () => {
    const seen: string[] = [];
    const off = catalog.onChange((c) => seen.push(c.type));
    off();
    await catalog.upsertProducts([p('a')]);
    expect(seen).toEqual([]);
  });
});
