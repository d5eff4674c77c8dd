import { type Migration, Migrator, sql } from 'kysely';
import { PanierError } from '../../kernel/index.ts';
import type { SqlDatabase, SqlDialect } from './database.ts';
import { allMigrations } from './migrations/index.ts';

/** A migration written once for both dialects; `t` gives the column types that differ between them. */
export type DualMigration = (database: SqlDatabase, t: ColumnTypes) => Promise<void>;

export interface ColumnTypes {
  /** 64-bit integer (ms timestamps, sequences). */
  bigint: 'integer' | 'bigint';
  /** Auto-increment primary key. */
  serial: 'integer' | 'bigserial';
  double: 'real' | 'double precision';
}

export function columnTypes(dialect: SqlDialect): ColumnTypes {
  return dialect === 'sqlite'
    ? { bigint: 'integer', serial: 'integer', double: 'real' }
    : { bigint: 'bigint', serial: 'bigserial', double: 'double precision' };
}

function provider(database: SqlDatabase) {
  const t = columnTypes(database.dialect);
  const migrations: Record<string, Migration> = {};
  for (const [name, up] of Object.entries(allMigrations)) {
    // Run on the migrator's own connection: SQLite has one, so the outer handle would deadlock.
    migrations[name] = { up: (db) => up({ ...database, db }, t) };
  }
  return { getMigrations: async () => migrations };
}

async function migrator(database: SqlDatabase): Promise<Migrator> {
  // Pin the bookkeeping tables to the current schema: Kysely's existence check otherwise sees other schemas.
  const schema =
    database.dialect === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(database.db)).rows[0]?.s
      : undefined;
  return new Migrator({
    db: database.db,
    provider: provider(database),
    allowUnorderedMigrations: true,
    migrationTableName: 'panier_migrations',
    migrationLockTableName: 'panier_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(database: SqlDatabase): Promise<string[]> {
  const { error, results } = await (await migrator(database)).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new PanierError('internal', `migration ${failed} failed: ${(error as Error).message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when the store answers and no migration is pending. */
export async function migrationsPending(database: SqlDatabase): Promise<number> {
  const list = await (await migrator(database)).getMigrations();
  return list.filter((m) => m.executedAt === undefined).length;
}

export async function ping(database: SqlDatabase): Promise<void> {
  await sql`select 1`.execute(database.db);
}
