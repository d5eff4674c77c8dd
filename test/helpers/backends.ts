import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateToLatest, openSql, type SqlDatabase } from '../../src/adapters/sql/index.ts';

export const PG_URL = process.env.PANIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const IN_CI = process.env.CI === 'true';

let pgAvailable: boolean | undefined;

/** True when PostgreSQL answers. In CI a missing server is a failure, elsewhere a visible skip. */
export async function postgresAvailable(): Promise<boolean> {
  if (pgAvailable !== undefined) return pgAvailable;
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    pgAvailable = true;
  } catch (e) {
    if (IN_CI)
      throw new Error(`PostgreSQL is required in CI but ${PG_URL} did not answer: ${(e as Error).message}`);
    console.warn(
      `\n  ⚠ PostgreSQL not reachable at ${PG_URL}: PostgreSQL cases are SKIPPED (they run in CI)\n`,
    );
    pgAvailable = false;
  }
  return pgAvailable;
}

export interface TestBackend {
  name: 'sqlite' | 'postgres';
  url: string;
  open(): Promise<SqlDatabase>;
  /** Drops the backend's data (temp file or schema). */
  dispose(): Promise<void>;
}

/** A fresh SQLite file in a temp dir; log appends on the writer thread (default) or the main connection. */
export function sqliteBackend(writer: 'thread' | 'inline' = 'thread'): TestBackend {
  const dir = mkdtempSync(join(tmpdir(), 'panier-test-'));
  const url = `sqlite://${join(dir, 'panier.db')}`;
  return {
    name: 'sqlite',
    url,
    open: async () => {
      const db = await openSql(url, { sync: 'normal', writer });
      await migrateToLatest(db);
      return db;
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh PostgreSQL schema, selected through search_path in the URL. */
export async function postgresBackend(): Promise<TestBackend> {
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const sep = PG_URL.includes('?') ? '&' : '?';
  const url = `${PG_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    name: 'postgres',
    url,
    open: async () => {
      const db = await openSql(url);
      await migrateToLatest(db);
      return db;
    },
    dispose: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

/**
 * Every backend the contract suites loop over (PostgreSQL only when it answers, or always in CI);
 * `sqliteWriters` adds SQLite with the log written on the main connection (the default is the thread).
 */
export async function backendFactories(
  options: { sqliteWriters?: boolean } = {},
): Promise<Array<{ name: string; make: () => Promise<TestBackend> }>> {
  const list: Array<{ name: string; make: () => Promise<TestBackend> }> = [
    { name: 'sqlite', make: async () => sqliteBackend() },
  ];
  if (options.sqliteWriters)
    list.push({ name: 'sqlite (inline writer)', make: async () => sqliteBackend('inline') });
  if (await postgresAvailable()) list.push({ name: 'postgres', make: postgresBackend });
  return list;
}
