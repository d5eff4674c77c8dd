import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { PanierError, silentLogger } from '../../kernel/index.ts';
import { onError } from './errors.ts';

/** A driver error as better-sqlite3 throws it (SqliteError carries the extended result code). */
const sqliteError = (code: string) => Object.assign(new Error('database is locked'), { code });

function appThrowing(err: Error) {
  const app = new Hono();
  app.get('/x', () => {
    throw err;
  });
  app.onError(onError(silentLogger));
  return app;
}

describe('HTTP error mapping', () => {
  it('answers a busy or locked store with 503 and Retry-After, never 500', async () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED']) {
      const res = await appThrowing(sqliteError(code)).request('/x');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('storage_unavailable');
    }
  });

  it('keeps 500 for other faults and the kind of panier errors', async () => {
    expect((await appThrowing(sqliteError('SQLITE_CORRUPT')).request('/x')).status).toBe(500);
    expect((await appThrowing(new Error('boom')).request('/x')).status).toBe(500);
    const overloaded = await appThrowing(new PanierError('overloaded', 'busy')).request('/x');
    expect(overloaded.status).toBe(429);
    expect(overloaded.headers.get('retry-after')).toBe('1');
  });
});
