import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlEventLog, type SqlDatabase, type SqlEventLog } from '../../src/adapters/sql/index.ts';
import type { PanierEvent } from '../../src/kernel/index.ts';
import { backendFactories, type TestBackend } from '../helpers/backends.ts';

const backends = await backendFactories({ sqliteWriters: true });

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

  it('counts a time window exactly when events arrive late (time out of seq order) and seqs have gaps', async () => {
    const base = 1_900_000_000_000;
    const mk = (id: string, ts: number, type: PanierEvent['type'], userId = 'w-late') =>
      ev(id, { userId, type, timestamp: ts });
    // In order, 10 ms apart; every fourth an order; two shoppers.
    await log.append(
      Array.from({ length: 20 }, (_, i) =>
        mk(
          `w${i}`,
          base + i * 10,
          i % 4 === 0 ? 'order_completed' : 'product_viewed',
          `w-${i % 2 ? 'odd' : 'even'}`,
        ),
      ),
    );
    // Late: stamped before a window's start or after its end, stored after events of that window.
    await log.append([
      mk('late-before', base + 45, 'order_completed'),
      mk('late-after', base + 500, 'order_completed'),
      mk('late-inside', base + 101, 'product_viewed'),
    ]);
    await log.append([mk('w-next', base + 200, 'order_completed')]);
    while ((await log.keys.indexNext()) > 0);
    // Not indexed yet, late too.
    await log.append([mk('tail-late', base + 35, 'order_completed')]);
    const filters = [
      { types: ['order_completed'], from: base, to: base + 30 }, // its seq span holds only the window
      { types: ['order_completed'], from: base, to: base + 40 },
      { types: ['order_completed'], from: base + 50 },
      { types: ['order_completed'], from: base + 50, to: base + 150 },
      { types: ['order_completed', 'product_viewed'], from: base },
      { types: ['product_viewed'], from: base + 100 },
      { userId: 'w-even', from: base + 50, to: base + 190 },
      { userId: 'w-late', from: base + 40 },
      { types: ['order_completed'], from: base + 201 },
      { types: ['order_completed'], from: base + 1000 },
    ];
    const check = async () => {
      const all = await log.scan(0, 10_000);
      for (const f of filters) {
        const want = all.filter(
          (e) =>
            (!('types' in f) || f.types!.includes(e.type)) &&
            (!('userId' in f) || e.userId === f.userId) &&
            e.timestamp >= f.from &&
            (!('to' in f) || e.timestamp < f.to!),
        ).length;
        expect(await log.count(f), JSON.stringify(f)).toBe(want);
      }
    };
    await check();
    expect(await log.count(filters[0]!)).toBe(1);
    expect(await log.count(filters[2]!)).toBe(5); // w8, w12, w16, late-after, w-next: not late-before
    // Gaps: an erased shopper's events leave seqs without events inside the windows.
    await log.deleteByIdentity({ userIds: ['w-odd'], anonymousIds: [] });
    while ((await log.keys.indexNext()) > 0);
    await check();
  });
});

describe.each(backends)('event log appends on $name', ({ make }) => {
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

  it('gives concurrent appends seqs in call order and stores a messageId once within and across groups', async () => {
    const calls = Array.from({ length: 40 }, (_, i) =>
      log.append([ev(`c${i}`), ev(`c${i}`), ev(`c${Math.max(0, i - 3)}`), ev(`d${i}`)]),
    );
    const results = await Promise.all(calls);
    const seqs = results.flatMap((r) => r.appended.map((e) => e.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(results[0]!.appended.map((e) => e.messageId)).toEqual(['c0', 'd0']);
    expect(results[0]!.duplicates).toEqual(['c0', 'c0']);
    expect(results[5]!.appended.map((e) => e.messageId)).toEqual(['c5', 'd5']);
    expect(results[5]!.duplicates).toEqual(['c5', 'c2']);
    expect(await log.count({})).toBe(80);
    const again = await log.append([ev('c7'), ev('d39'), ev('fresh')]);
    expect(again.appended.map((e) => e.messageId)).toEqual(['fresh']);
    expect(again.duplicates).toEqual(['c7', 'd39']);
  });

  it('stores the JSON text it is given as the payload, and any text byte for byte', async () => {
    const text = '{ "properties": {"note": "caf\\u00e9 😀 \\"quoted\\""},  "n": 1.50 }';
    const id = 'ü-😀-\u0001-id';
    const r = await log.append([
      ev(id, { payloadJson: text, payload: JSON.parse(text), name: 'Produit vu é', userId: 'ñ' }),
    ]);
    expect(r.appended).toHaveLength(1);
    expect(r.appended[0]).not.toHaveProperty('payloadJson');
    const row = await db.db
      .selectFrom('events')
      .select(['payload', 'message_id', 'name', 'user_id'])
      .where('message_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ payload: text, message_id: id, name: 'Produit vu é', user_id: 'ñ' });
    const [read] = (await log.page({ userId: 'ñ' }, null, 1)).events;
    expect(read!.payload).toEqual({ properties: { note: 'café 😀 "quoted"' }, n: 1.5 });
    expect((await log.append([ev(id)])).duplicates).toEqual([id]);
  });
});

const writers = backends.filter((b) => b.name !== 'sqlite (inline writer)');

describe.each(writers)('lazy appends on $name', ({ make }) => {
  it('ride with the next eager commit, and commit alone on flush or after their wait', async () => {
    const backend = await make();
    const db = await backend.open();
    try {
      const log = createSqlEventLog(db, { lazyWaitMs: 60_000 });
      await log.append([ev('z0')]); // the writer is up: a commit of its own would be done in the pause below
      let lazyDone = false;
      const lazy = log.append([ev('z1')], { lazy: true }).then((r) => {
        lazyDone = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(lazyDone).toBe(false); // waiting for company, not committed
      expect(await log.count({})).toBe(1);
      const t0 = Date.now();
      const eager = await log.append([ev('z2')]);
      const rode = await lazy;
      expect(Date.now() - t0).toBeLessThan(30_000); // far sooner than its own wait: it shared the commit
      expect(rode.appended[0]!.seq).toBeLessThan(eager.appended[0]!.seq); // queued first, seq first
      const lone = log.append([ev('z3')], { lazy: true });
      await log.flush();
      expect((await lone).appended.map((e) => e.messageId)).toEqual(['z3']);
      const quick = createSqlEventLog(db, { lazyWaitMs: 20 });
      expect((await quick.append([ev('z4')], { lazy: true })).appended).toHaveLength(1);
      expect(await log.count({})).toBe(5);
    } finally {
      await db.close();
      await backend.dispose();
    }
  });

  it('are committed, not dropped, when the database closes while they wait', async () => {
    const backend = await make();
    try {
      const db = await backend.open();
      const log = createSqlEventLog(db, { lazyWaitMs: 60_000 });
      await log.append([ev('c0')]);
      const lazy = log.append([ev('c1')], { lazy: true });
      await db.close();
      expect((await lazy).appended.map((e) => e.messageId)).toEqual(['c1']);
      const again = await backend.open();
      expect(await createSqlEventLog(again).count({})).toBe(2);
      await again.close();
    } finally {
      await backend.dispose();
    }
  });
});
