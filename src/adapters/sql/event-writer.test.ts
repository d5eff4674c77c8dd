import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PanierEvent } from '../../kernel/index.ts';
import { openSql } from './database.ts';
import { createSqlEventLog } from './event-log.ts';
import { migrateToLatest } from './migrate.ts';

const dir = mkdtempSync(join(tmpdir(), 'panier-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ev = (id: string): PanierEvent => ({
  messageId: id,
  kind: 'track',
  type: 'product_viewed',
  name: 'Product Viewed',
  userId: null,
  anonymousId: 'a',
  timestamp: 1_700_000_000_000,
  receivedAt: 1_700_000_000_001,
  storeId: null,
  source: 'test',
  payload: { id },
});

async function open(name: string) {
  const db = await openSql(`sqlite://${join(dir, name)}`, { sync: 'full' });
  await migrateToLatest(db);
  return db;
}

describe('SQLite writer thread', () => {
  it('rejects the appends of a group whose writer died, and a fresh thread takes the next ones', async () => {
    const db = await open('crash.db');
    const log = createSqlEventLog(db, { failAfter: 1 }); // each thread dies on its second group
    expect((await log.append([ev('a1'), ev('a2')])).appended).toHaveLength(2);
    await expect(log.append([ev('b1'), ev('b2')])).rejects.toMatchObject({ code: 'storage_unavailable' });
    expect(await log.count({})).toBe(2); // nothing of the failed group is stored
    const retry = await log.append([ev('b1'), ev('b2'), ev('a1')]);
    expect(retry.appended.map((e) => e.messageId)).toEqual(['b1', 'b2']);
    expect(retry.duplicates).toEqual(['a1']);
    expect((await log.scan(0, 10)).map((e) => e.messageId)).toEqual(['a1', 'a2', 'b1', 'b2']);
    await db.close();
  });

  it('drains queued appends on close, then refuses new ones; all of them are there after reopening', async () => {
    const db = await open('drain.db');
    const log = createSqlEventLog(db);
    const pending = Array.from({ length: 20 }, (_, i) => log.append([ev(`d${i}`), ev(`e${i}`)]));
    const closed = db.close();
    await expect(log.append([ev('late')])).rejects.toMatchObject({ code: 'storage_unavailable' });
    const results = await Promise.all(pending);
    await closed;
    expect(results.every((r) => r.appended.length === 2)).toBe(true);
    const again = await open('drain.db');
    expect(await createSqlEventLog(again).count({})).toBe(40);
    await again.close();
  });

  it('commits on its own connection what the main connection reads at once', async () => {
    const db = await open('reads.db');
    const log = createSqlEventLog(db);
    for (let i = 0; i < 5; i++) {
      await log.append([ev(`r${i}`)]);
      expect(await log.lastSeq()).toBe(i + 1);
    }
    await db.close();
  });
});
