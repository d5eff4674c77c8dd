import { type ExpressionBuilder, type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type {
  CatalogStore,
  InventoryFilter,
  InventoryKey,
  LocationFilter,
  ProductFilter,
} from '../../modules/catalog/index.ts';
import {
  type CatalogTables,
  categoryText,
  INVENTORY_UPDATE_COLUMNS,
  inventoryToRow,
  LOCATION_UPDATE_COLUMNS,
  locationToRow,
  PRODUCT_UPDATE_COLUMNS,
  productToRow,
  rowToInventory,
  rowToLocation,
  rowToProduct,
} from './catalog-rows.ts';
import type { SqlDatabase } from './database.ts';

/**
 * Rows per INSERT statement: 500 products × 11 columns stays far below SQLite's 32,766 and PostgreSQL's
 * 65,535 bound parameters while amortising statement overhead.
 */
const ROWS_PER_STATEMENT = 500;
const IDS_PER_LOOKUP = 500;

type Db = Kysely<CatalogTables>;

/** `SET col = excluded.col` for every column an upsert overwrites (typed `never`: it fits any column). */
function excluded<C extends string>(columns: readonly C[]): Record<C, RawBuilder<never>> {
  const set: Partial<Record<C, RawBuilder<never>>> = {};
  for (const c of columns) set[c] = sql<never>`excluded.${sql.ref(c)}`;
  return set as Record<C, RawBuilder<never>>;
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function productWhere(filter: ProductFilter) {
  return (eb: ExpressionBuilder<CatalogTables, 'catalog_products'>) => {
    const terms = [];
    if (filter.brand !== undefined) terms.push(eb('brand', '=', filter.brand));
    if (filter.active !== undefined) terms.push(eb('active', '=', filter.active ? 1 : 0));
    if (filter.categoryPrefix && filter.categoryPrefix.length > 0) {
      const path = categoryText(filter.categoryPrefix);
      const below = `${path} > `;
      // substr counts characters on both dialects; the spread counts code points the same way.
      const head = eb.fn<string>('substr', ['category', eb.val(1), eb.val([...below].length)]);
      terms.push(eb.or([eb('category', '=', path), eb(head, '=', below)]));
    }
    return eb.and(terms);
  };
}

function locationWhere(filter: LocationFilter) {
  return (eb: ExpressionBuilder<CatalogTables, 'catalog_locations'>) => {
    const terms = [];
    if (filter.kind !== undefined) terms.push(eb('kind', '=', filter.kind));
    if (filter.active !== undefined) terms.push(eb('active', '=', filter.active ? 1 : 0));
    return eb.and(terms);
  };
}

function inventoryWhere(filter: InventoryFilter) {
  return (eb: ExpressionBuilder<CatalogTables, 'catalog_inventory'>) => {
    const terms = [];
    if (filter.productId !== undefined) terms.push(eb('product_id', '=', filter.productId));
    if (filter.locationId !== undefined) terms.push(eb('location_id', '=', filter.locationId));
    return eb.and(terms);
  };
}

async function existingIds(
  db: Db,
  table: 'catalog_products' | 'catalog_locations',
  ids: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunks(ids, IDS_PER_LOOKUP)) {
    const rows = await db.selectFrom(table).select('id').where('id', 'in', chunk).execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

const deleted = (r: { numDeletedRows: bigint }): boolean => Number(r.numDeletedRows) > 0;

/** The catalog on SQLite or PostgreSQL through one Kysely code path. */
export function createSqlCatalogStore(database: SqlDatabase): CatalogStore {
  const db: Db = database.db.withTables<CatalogTables>();
  const inTransaction = <T>(fn: (trx: Transaction<CatalogTables>) => Promise<T>) =>
    db.transaction().execute(fn);

  return {
    upsertProducts: (products) =>
      inTransaction(async (trx) => {
        for (const chunk of chunks(products, ROWS_PER_STATEMENT)) {
          await trx
            .insertInto('catalog_products')
            .values(chunk.map(productToRow))
            .onConflict((oc) => oc.column('id').doUpdateSet(excluded(PRODUCT_UPDATE_COLUMNS)))
            .execute();
        }
      }),
    upsertLocations: (locations) =>
      inTransaction(async (trx) => {
        for (const chunk of chunks(locations, ROWS_PER_STATEMENT)) {
          await trx
            .insertInto('catalog_locations')
            .values(chunk.map(locationToRow))
            .onConflict((oc) => oc.column('id').doUpdateSet(excluded(LOCATION_UPDATE_COLUMNS)))
            .execute();
        }
      }),
    upsertInventory: (levels) =>
      inTransaction(async (trx) => {
        for (const chunk of chunks(levels, ROWS_PER_STATEMENT)) {
          await trx
            .insertInto('catalog_inventory')
            .values(chunk.map(inventoryToRow))
            .onConflict((oc) =>
              oc.columns(['product_id', 'location_id']).doUpdateSet(excluded(INVENTORY_UPDATE_COLUMNS)),
            )
            .execute();
        }
      }),

    async getProduct(id) {
      const row = await db.selectFrom('catalog_products').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToProduct(row) : null;
    },
    async getLocation(id) {
      const row = await db
        .selectFrom('catalog_locations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? rowToLocation(row) : null;
    },
    async getInventory(key) {
      const row = await db
        .selectFrom('catalog_inventory')
        .selectAll()
        .where('product_id', '=', key.productId)
        .where('location_id', '=', key.locationId)
        .executeTakeFirst();
      return row ? rowToInventory(row) : null;
    },

    async listProducts(filter, after, limit) {
      let q = db.selectFrom('catalog_products').selectAll().where(productWhere(filter));
      if (after !== null) q = q.where('id', '>', after);
      return (await q.orderBy('id').limit(limit).execute()).map(rowToProduct);
    },
    async listLocations(filter, after, limit) {
      let q = db.selectFrom('catalog_locations').selectAll().where(locationWhere(filter));
      if (after !== null) q = q.where('id', '>', after);
      return (await q.orderBy('id').limit(limit).execute()).map(rowToLocation);
    },
    async listInventory(filter, after, limit) {
      let q = db.selectFrom('catalog_inventory').selectAll().where(inventoryWhere(filter));
      if (after !== null)
        q = q.where((eb) =>
          eb(eb.refTuple('product_id', 'location_id'), '>', eb.tuple(after.productId, after.locationId)),
        );
      return (await q.orderBy('product_id').orderBy('location_id').limit(limit).execute()).map(
        rowToInventory,
      );
    },

    async countProducts(filter) {
      const q = db.selectFrom('catalog_products').where(productWhere(filter));
      return Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
    },
    async countLocations(filter) {
      const q = db.selectFrom('catalog_locations').where(locationWhere(filter));
      return Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
    },
    async countInventory(filter) {
      const q = db.selectFrom('catalog_inventory').where(inventoryWhere(filter));
      return Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
    },

    existingProductIds: (ids) => existingIds(db, 'catalog_products', ids),
    existingLocationIds: (ids) => existingIds(db, 'catalog_locations', ids),

    // Inventory is deleted explicitly as well as by the foreign key, so a connection opened without
    // SQLite's foreign_keys pragma cannot leave orphans.
    deleteProduct: (id) =>
      inTransaction(async (trx) => {
        await trx.deleteFrom('catalog_inventory').where('product_id', '=', id).execute();
        return deleted(await trx.deleteFrom('catalog_products').where('id', '=', id).executeTakeFirst());
      }),
    deleteLocation: (id) =>
      inTransaction(async (trx) => {
        await trx.deleteFrom('catalog_inventory').where('location_id', '=', id).execute();
        return deleted(await trx.deleteFrom('catalog_locations').where('id', '=', id).executeTakeFirst());
      }),
    async deleteInventory(key: InventoryKey) {
      const r = await db
        .deleteFrom('catalog_inventory')
        .where('product_id', '=', key.productId)
        .where('location_id', '=', key.locationId)
        .executeTakeFirst();
      return deleted(r);
    },
  };
}
