import type { DualMigration } from '../migrate.ts';

const profileTables: DualMigration = async ({ db }, t) => {
  await db.schema
    .createTable('profile_segments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('profile_merges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', t.bigint, (c) => c.notNull())
    .addColumn('survivor', 'text', (c) => c.notNull())
    .addColumn('absorbed', 'text', (c) => c.notNull())
    .addColumn('keys', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('undone_at', t.bigint)
    .addColumn('undone_by', 'text')
    .execute();
  await db.schema
    .createTable('profile_separations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('a', 'text', (c) => c.notNull())
    .addColumn('b', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('profile_tombstones')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('erased_at', t.bigint, (c) => c.notNull())
    .addColumn('upto_seq', t.bigint, (c) => c.notNull())
    .execute();
};

/** One size point per segment and minute (the console's Segments page plots them). */
const segmentSizes: DualMigration = async ({ db }, t) => {
  await db.schema
    .createTable('profile_segment_sizes')
    .addColumn('segment_id', 'text', (c) => c.notNull())
    .addColumn('at', t.bigint, (c) => c.notNull())
    .addColumn('size', t.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('profile_segment_sizes_pk', ['segment_id', 'at'])
    .execute();
};

export const profilesMigrations: Record<string, DualMigration> = {
  '0201_profiles_tables': profileTables,
  '0202_profile_segment_sizes': segmentSizes,
};
