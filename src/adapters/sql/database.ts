import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { PanierError } from '../../kernel/index.ts';

export type SqlDialect = 'sqlite' | 'postgres';

export interface SqlOptions {
  /** `full` fsyncs every commit (survives power loss); `normal` survives a process crash. */
  sync?: 'full' | 'normal';
  poolSize?: number;
}

/** An open SQL store. `db` is untyped at this level; each module narrows it with `withTables<T>()`. */
export interface SqlDatabase {
  readonly dialect: SqlDialect;
  readonly url: string;
  // biome-ignore lint/suspicious/noExplicitAny: each adapter narrows the schema with withTables<T>()
  readonly db: Kysely<any>;
  /** The raw driver, for hot paths that bypass the query builder. */
  readonly sqlite?: BetterSqlite3.Database;
  readonly pool?: pg.Pool;
  close(): Promise<void>;
}

// PostgreSQL returns BIGINT as string by default; our bigints are ms timestamps and sequence numbers.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export function sqlitePath(url: string): string {
  const rest = url.slice('sqlite://'.length);
  if (rest === ':memory:' || rest === '') return ':memory:';
  return resolve(rest);
}

export async function openSql(url: string, options: SqlOptions = {}): Promise<SqlDatabase> {
  if (url.startsWith('sqlite://')) return openSqlite(url, options);
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return openPostgres(url, options);
  throw new PanierError(
    'invalid_config',
    `unsupported storage URL "${redactUrl(url)}": use sqlite:// or postgres://`,
  );
}

function openSqlite(url: string, options: SqlOptions): SqlDatabase {
  const path = sqlitePath(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.sync === 'normal' ? 'NORMAL' : 'FULL'}`);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    dialect: 'sqlite',
    url,
    db,
    sqlite,
    close: async () => {
      await db.destroy();
    },
  };
}

async function openPostgres(url: string, options: SqlOptions): Promise<SqlDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 8 });
  try {
    const client = await pool.connect();
    client.release();
  } catch (e) {
    await pool.end().catch(() => {});
    throw new PanierError(
      'storage_unavailable',
      `cannot connect to PostgreSQL at ${redactUrl(url)}: ${(e as Error).message}`,
    );
  }
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return {
    dialect: 'postgres',
    url,
    db,
    pool,
    close: async () => {
      await db.destroy();
    },
  };
}

/** Hides a password in a connection URL so it never reaches a log. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
