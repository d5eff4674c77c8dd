import type { DualMigration } from '../migrate.ts';

const events: DualMigration = async ({ db }, t) => {
  await db.schema
    .createTable('events')
    .addColumn('seq', t.serial, (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('user_id', 'text')
    .addColumn('anonymous_id', 'text')
    .addColumn('ts', t.bigint, (c) => c.notNull())
    .addColumn('received_at', t.bigint, (c) => c.notNull())
    .addColumn('store_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_message_id').unique().on('events').column('message_id').execute();
  // Only indexes that append cheaply: per-user/per-type lookups come from the key index (event_keys).
  await db.schema.createIndex('events_ts').on('events').column('ts').execute();
};

const apiKeys: DualMigration = async ({ db }, t) => {
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('revoked_at', t.bigint)
    .execute();
};

const meta: DualMigration = async ({ db }) => {
  await db.schema
    .createTable('panier_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
};

const eventKeys: DualMigration = async ({ db }, t) => {
  await db.schema
    .createTable('event_keys')
    .addColumn('k', 'text', (c) => c.notNull())
    .addColumn('seq', t.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('event_keys_pk', ['k', 'seq'])
    .execute();
};

export const coreMigrations: Record<string, DualMigration> = {
  '0001_core_events': events,
  '0002_core_api_keys': apiKeys,
  '0003_core_meta': meta,
  '0004_core_event_keys': eventKeys,
};
