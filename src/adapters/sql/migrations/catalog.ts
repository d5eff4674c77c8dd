import { type RawBuilder, sql } from 'kysely';
import type { SqlDatabase } from '../database.ts';
import type { DualMigration } from '../migrate.ts';

/** Keys sort by code point on both dialects (PostgreSQL's locale collations ignore punctuation). */
const keyText = (database: SqlDatabase): 'text' | RawBuilder<unknown> =>
  database.dialect === 'postgres' ? sql`text collate "C"` : 'text';

const products: DualMigration = async (database, t) => {
  await database.db.schema
    .createTable('catalog_products')
    .addColumn('id', keyText(database), (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('brand', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('price', t.double, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('image_url', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .execute();
  await database.db.schema
    .createIndex('catalog_products_brand')
    .on('catalog_products')
    .columns(['brand', 'id'])
    .execute();
};

const locations: DualMigration = async (database, t) => {
  await database.db.schema
    .createTable('catalog_locations')
    .addColumn('id', keyText(database), (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('lat', t.double, (c) => c.notNull())
    .addColumn('lon', t.double, (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('region', 'text')
    .addColumn('opening_hours', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .execute();
};

const inventory: DualMigration = async (database, t) => {
  await database.db.schema
    .createTable('catalog_inventory')
    .addColumn('product_id', keyText(database), (c) => c.notNull())
    .addColumn('location_id', keyText(database), (c) => c.notNull())
    .addColumn('on_hand', 'integer', (c) => c.notNull())
    .addColumn('reserved', 'integer', (c) => c.notNull())
    .addColumn('in_transit', 'integer', (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_inventory_pk', ['product_id', 'location_id'])
    .addForeignKeyConstraint('catalog_inventory_product', ['product_id'], 'catalog_products', ['id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'catalog_inventory_location',
      ['location_id'],
      'catalog_locations',
      ['id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await database.db.schema
    .createIndex('catalog_inventory_location')
    .on('catalog_inventory')
    .columns(['location_id', 'product_id'])
    .execute();
};

export const catalogMigrations: Record<string, DualMigration> = {
  '0101_catalog_products': products,
  '0102_catalog_locations': locations,
  '0103_catalog_inventory': inventory,
};
