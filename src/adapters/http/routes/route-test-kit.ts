// Shared setup for in-process route tests: an in-memory store with a secret and a write key, and the
// app's error mapping, so each route test only mounts its routes.
import { Hono } from 'hono';
import { type Logger, silentLogger } from '../../../kernel/index.ts';
import { KeyService } from '../../../modules/access/index.ts';
import { createSqlKeyStore, migrateToLatest, openSql, type SqlDatabase } from '../../sql/index.ts';
import type { AppEnv } from '../auth.ts';
import { onError } from '../errors.ts';

export interface RouteTestApp {
  app: Hono<AppEnv>;
  db: SqlDatabase;
  secret: string;
  write: string;
  close(): Promise<void>;
}

export async function routeTestApp(
  mount: (deps: { keys: KeyService; logger: Logger; db: SqlDatabase }) => Hono<AppEnv>,
): Promise<RouteTestApp> {
  const db = await openSql('sqlite://:memory:');
  await migrateToLatest(db);
  const keys = new KeyService(createSqlKeyStore(db));
  const secret = (await keys.create('secret')).key;
  const write = (await keys.create('write')).key;
  const app = new Hono<AppEnv>();
  app.onError(onError(silentLogger));
  app.route('/', mount({ keys, logger: silentLogger, db }));
  return { app, db, secret, write, close: () => db.close() };
}
