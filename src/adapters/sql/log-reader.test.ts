import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PanierEvent } from '../../kernel/index.ts';
import { openSql } from './database.ts';
import { createSqlEventLog } from './event-log.ts';
import { SqliteLogReader } from './log-reader.ts';
import { migrateToLatest } from './migrate.ts';

const dir = mkdtempSync(join(tmpdir(), 'panier-log-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const event = (i: number): PanierEvent => ({
  messageId: `m-${i}`,
  kind: i % 7 === 0 ? 'identify' : 'track',
  type: i % 7 === 0 ? 'identify' : 'product_viewed',
  name: i % 7 === 0 ? null : 'Product Viewed',
  userId: i % 3 === 0 ? `u-${i % 11}` : null,
  anonymousId: `a-${i % 13}`,
  timestamp: Date.UTC(2026, 0, 1) + i * 1000,
  receivedAt: Date.UTC(2026, 0, 1) + i * 1000 + 5,
  storeId: i % 5 === 0 ? `store-${i % 2}` : null,
  source: 'test',
  payload: { properties: { product_id: `p${i}`, note: `"quoted" \\ é ${'\u2028'}`, n: i / 3 } },
});

describe('SQLite log reader thread', () => {
  it('returns the pages the event log scan returns, read ahead in another thread', async () => {
    const sql = await openSql(`sqlite://${join(dir, 'log.db')}`, { sync: 'normal', writer: 'thread' });
    await migrateToLatest(sql);
    const log = createSqlEventLog(sql);
    await log.append(Array.from({ length: 2345 }, (_, i) => event(i)));
    await log.flush();
    const reader = new SqliteLogReader(join(dir, 'log.db'));
    let after = 0;
    let pages = 0;
    for (;;) {
      const [mine, theirs] = await Promise.all([reader.scan(after, 500), log.scan(after, 500)]);
      expect(mine).toEqual(theirs);
      if (mine.length === 0) break;
      after = mine[mine.length - 1]!.seq;
      pages++;
    }
    expect(pages).toBe(5);
    expect(after).toBe(2345);
    // a page asked out of the read-ahead order is read as asked
    expect((await reader.scan(100, 3)).map((e) => e.seq)).toEqual([101, 102, 103]);
    await reader.close();
    await sql.close();
  });
});
