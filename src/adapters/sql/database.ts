import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
} from 'kysely';
import pg from 'pg';
import { PanierError } from '../../kernel/index.ts';

export type SqlDialect = 'sqlite' | 'postgres';

export interface SqlOptions {
  /** `full` fsyncs every commit (survives power loss); `normal` survives a process crash. */
  sync?: 'full' | 'normal';
  poolSize?: number;
  /**
   * SQLite: where event-log appends are written. `thread` (default for a file) gives them their own
   * connection in a worker thread, so parsing and writing use two cores; `inline` writes on the main
   * connection (always so for `:memory:`, which a second connection cannot see).
   */
  writer?: 'thread' | 'inline';
}

/** An open SQL store. `db` is untyped at this level; each module narrows it with `withTables<T>()`. */
export interface SqlDatabase {
  readonly dialect: SqlDialect;
  readonly url: string;
  // biome-ignore lint/suspicious/noExplicitAny: each adapter narrows the schema with withTables<T>()
  readonly db: Kysely<any>;
  /** The raw driver, for hot paths that bypass the query builder. */
  readonly sqlite?: BetterSqlite3.Database;
  /** SQLite: the file (or `:memory:`), its sync mode and where log appends are written. */
  readonly sqliteFile?: { path: string; sync: 'full' | 'normal'; writer: 'thread' | 'inline' };
  readonly pool?: pg.Pool;
  /** Runs `fn` first when the database closes (e.g. to drain and stop a writer thread). */
  onClose(fn: () => Promise<void>): void;
  close(): Promise<void>;
}

/**
 * Kysely's transactions on SQLite begin IMMEDIATE: another connection (the log's writer thread) may
 * commit at any time, and a deferred transaction that read before writing would then fail with
 * SQLITE_BUSY_SNAPSHOT instead of waiting for the lock.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly database: BetterSqlite3.Database) {
    super({ database });
  }
  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver({ database: this.database });
  }
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
  const sync = options.sync ?? 'full';
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${sync === 'normal' ? 'NORMAL' : 'FULL'}`);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely({ dialect: new ImmediateSqliteDialect(sqlite) });
  const hooks: Array<() => Promise<void>> = [];
  return {
    dialect: 'sqlite',
    url,
    db,
    sqlite,
    sqliteFile: { path, sync, writer: path === ':memory:' ? 'inline' : (options.writer ?? 'thread') },
    onClose: (fn) => hooks.push(fn),
    close: async () => {
      for (const fn of hooks.splice(0)) await fn();
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
  const hooks: Array<() => Promise<void>> = [];
  return {
    dialect: 'postgres',
    url,
    db,
    pool,
    onClose: (fn) => hooks.push(fn),
    close: async () => {
      for (const fn of hooks.splice(0)) await fn();
      await db.destroy();
    },
  };
}

/** Hides a password in a connection URL so it never reaches a log. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
