import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlEventLog, type SqlDatabase, type SqlEventLog } from '../../src/adapters/sql/index.ts';
import type { PanierEvent } from '../../src/kernel/index.ts';
import { backendFactories, type TestBackend } from '../helpers/backends.ts';

const backends = await backendFactories();

function ev(id: string, over: Partial<PanierEvent> = {}): PanierEvent {
  return {
    messageId: id,
    kind: 'track',
    type: 'product_viewed',
    name: 'Product Viewed',
    userId: null,
    anonymousId: 'anon-1',
    timestamp: 1_700_000_000_000,
    receivedAt: 1_700_000_000_500,
    storeId: null,
    source: 'test',
    payload: { properties: { product_id: 'p1' } },
    ...over,
  };
}

describe.each(backends)('event log contract on $name', ({ make }) => {
  let backend: TestBackend;
  let db: SqlDatabase;
  let log: SqlEventLog;
  beforeAll(async () => {
    backend = await make();
    db = await backend.open();
    log = createSqlEventLog(db);
  });
  afterAll(async () => {
    await db.close();
    await backend.dispose();
  });

  it('appends with increasing seq and stores a repeated messageId once', async () => {
    const first = await log.append([ev('m1'), ev('m2')]);
    expect(first.appended.map((e) => e.messageId)).toEqual(['m1', 'm2']);
    expect(first.appended[1]!.seq).toBeGreaterThan(first.appended[0]!.seq);
    const again = await log.append([ev('m2'), ev('m3'), ev('m3')]);
    expect(again.appended.map((e) => e.messageId)).toEqual(['m3']);
    expect(again.duplicates).toEqual(['m2', 'm3']);
    expect(await log.count({})).toBe(3);
  });

  it('keeps the raw payload and filters by type, ids and time', async () => {
    await log.append([
      ev('u1', { userId: 'alice', type: 'order_completed', timestamp: 1_700_000_100_000 }),
      ev('u2', { userId: 'alice', anonymousId: 'anon-2', timestamp: 1_700_000_200_000 }),
    ]);
    expect(await log.count({ userId: 'alice' })).toBe(2);
    expect(await log.count({ types: ['order_completed'] })).toBe(1);
    expect(await log.count({ anonymousId: 'anon-2' })).toBe(1);
    expect(await log.count({ from: 1_700_000_100_000, to: 1_700_000_200_000 })).toBe(1);
    const page = await log.page({ userId: 'alice' }, null, 1);
    expect(page.events[0]!.messageId).toBe('u2');
    expect(page.events[0]!.payload).toEqual({ properties: { product_id: 'p1' } });
    const next = await log.page({ userId: 'alice' }, page.next, 1);
    expect(next.events.map((e) => e.messageId)).toEqual(['u1']);
    expect(next.next).toBeNull();
  });

  it('scans oldest first from a seq', async () => {
    const all = await log.scan(0, 100);
    expect(all.map((e) => e.messageId)).toEqual(['m1', 'm2', 'm3', 'u1', 'u2']);
    expect((await log.scan(all[2]!.seq, 100)).length).toBe(2);
    expect(await log.lastSeq()).toBe(all[4]!.seq);
  });

  it('reads through the deferred key index and its unindexed tail alike', async () => {
    const base = 1_800_000_000_000;
    const mk = (i: number) =>
      ev(`k${i}`, {
        userId: i % 2 === 0 ? 'even' : 'odd',
        type: i % 3 === 0 ? 'order_completed' : 'product_viewed',
        timestamp: base + i,
      });
    await log.append(Array.from({ length: 30 }, (_, i) => mk(i)));
    while ((await log.keys.indexNext(7)) > 0); // indexed in several chunks
    await log.append(Array.from({ length: 10 }, (_, i) => mk(30 + i))); // the tail
    expect(await log.count({ userId: 'even' })).toBe(20);
    expect(await log.count({ userId: 'even', types: ['order_completed'] })).toBe(7);
    expect(await log.count({ types: ['order_completed'], from: base, to: base + 40 })).toBe(14);
    expect(await log.count({ from: base + 10, to: base + 20 })).toBe(10);
    expect((await log.page({ from: base + 35 }, null, 100)).events.map((e) => e.messageId)).toEqual([
      'k39',
      'k38',
      'k37',
      'k36',
      'k35',
    ]);
    expect(await log.count({ from: base + 1000 })).toBe(0);
    expect((await log.page({ userId: 'even', from: base + 1000 }, null, 10)).events).toEqual([]);
    const ids: string[] = [];
    let before: number | null = null;
    do {
      const page = await log.page({ userId: 'odd' }, before, 4);
      ids.push(...page.events.map((e) => e.messageId));
      before = page.next;
    } while (before !== null);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `k${39 - 2 * i}`));
  });

  it('erases every event of an identity, and its index rows', async () => {
    while ((await log.keys.indexNext()) > 0);
    await log.append([ev('late-even', { userId: 'even' })]);
    const deleted = await log.deleteByIdentity({ userIds: ['even'], anonymousIds: [] });
    expect(deleted).toBe(21);
    expect(await log.count({ userId: 'even' })).toBe(0);
    const left = await db.db.selectFrom('event_keys').select('k').where('k', '=', 'u:even').execute();
    expect(left).toEqual([]);
  });
});
