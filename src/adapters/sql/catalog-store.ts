import type { Compilable, ExpressionBuilder, Kysely } from 'kysely';
import type {
  CatalogStore,
  InventoryFilter,
  InventoryKey,
  LocationFilter,
  ProductFilter,
} from '../../modules/catalog/index.ts';
import { atomicRunner, type StatementRun } from './atomic.ts';
import {
  type CatalogTables,
  categoryText,
  inventoryToRow,
  locationToRow,
  productToRow,
  rowToInventory,
  rowToLocation,
  rowToProduct,
} from './catalog-rows.ts';
import { UpsertStatements } from './catalog-upsert.ts';
import type { SqlDatabase } from './database.ts';

const IDS_PER_LOOKUP = 500;

type Db = Kysely<CatalogTables>;

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

/** A built query as a run of one execution. */
function once(query: Compilable): StatementRun {
  const compiled = query.compile();
  return { sql: compiled.sql, params: [compiled.parameters] };
}

/** The catalog on SQLite or PostgreSQL: queries through Kysely, writes as atomic statement runs. */
export function createSqlCatalogStore(database: SqlDatabase): CatalogStore {
  const db: Db = database.db.withTables<CatalogTables>();
  const atomically = atomicRunner(database);
  const upserts = new UpsertStatements(database);

  return {
    upsertProducts: async (products) => {
      await atomically(upserts.runs('catalog_products', products.map(productToRow)));
    },
    upsertLocations: async (locations) => {
      await atomically(upserts.runs('catalog_locations', locations.map(locationToRow)));
    },
    upsertInventory: async (levels) => {
      await atomically(upserts.runs('catalog_inventory', levels.map(inventoryToRow)));
    },

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
    async deleteProduct(id) {
      const [, n] = await atomically([
        once(db.deleteFrom('catalog_inventory').where('product_id', '=', id)),
        once(db.deleteFrom('catalog_products').where('id', '=', id)),
      ]);
      return n! > 0;
    },
    async deleteLocation(id) {
      const [, n] = await atomically([
        once(db.deleteFrom('catalog_inventory').where('location_id', '=', id)),
        once(db.deleteFrom('catalog_locations').where('id', '=', id)),
      ]);
      return n! > 0;
    },
    async deleteInventory(key: InventoryKey) {
      const r = await db
        .deleteFrom('catalog_inventory')
        .where('product_id', '=', key.productId)
        .where('location_id', '=', key.locationId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
