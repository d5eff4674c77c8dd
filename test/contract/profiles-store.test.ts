import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlEventLog, type SqlDatabase, type SqlEventLog } from '../../src/adapters/sql/index.ts';
import { createSqlProfilesStore } from '../../src/adapters/sql/profiles-store.ts';
import type { PanierEvent } from '../../src/kernel/index.ts';
import {
  erasePerson,
  ProfileService,
  type ProfilesStore,
  sha256Hex,
} from '../../src/modules/profiles/index.ts';
import { backendFactories, type TestBackend } from '../helpers/backends.ts';

const backends = await backendFactories();
const T0 = Date.UTC(2026, 0, 1);
let n = 0;

function ev(over: Partial<PanierEvent>, props: Record<string, unknown> = {}): PanierEvent {
  const kind = over.kind ?? 'track';
  return {
    messageId: `pm-${++n}`,
    kind,
    type: 'product_viewed',
    name: null,
    userId: null,
    anonymousId: null,
    timestamp: T0 + n,
    receivedAt: T0 + n,
    storeId: null,
    source: 'test',
    payload: kind === 'identify' ? { traits: props } : { properties: props },
    ...over,
  };
}

async function dumpEveryTable(db: SqlDatabase): Promise<string> {
  const tables =
    db.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db.db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema()`.execute(db.db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql`select * from ${sql.table(name)}`.execute(db.db);
    parts.push(JSON.stringify(rows.rows));
  }
  return parts.join('\n');
}

describe.each(backends)('profiles store contract on $name', ({ make }) => {
  let backend: TestBackend;
  let db: SqlDatabase;
  let store: ProfilesStore;
  let log: SqlEventLog;
  beforeAll(async () => {
    backend = await make();
    db = await backend.open();
    store = createSqlProfilesStore(db);
    log = createSqlEventLog(db);
  });
  afterAll(async () => {
    await db.close();
    await backend.dispose();
  });

  it('stores segments, merges, separations and tombstones', async () => {
    await store.putSegment({ id: 's1', name: 'A', rule: 'feature.orders > 1', createdAt: 1, updatedAt: 1 });
    await store.putSegment({ id: 's1', name: 'B', rule: 'feature.orders > 2', createdAt: 1, updatedAt: 2 });
    expect(await store.listSegments()).toEqual([
      { id: 's1', name: 'B', rule: 'feature.orders > 2', createdAt: 1, updatedAt: 2 },
    ]);
    const merge = {
      id: 'm1',
      at: 5,
      survivor: 'p1',
      absorbed: 'p2',
      keys: ['anon:x'],
      reason: 'r',
      undoneAt: null,
      undoneBy: null,
    };
    await store.putMerge(merge);
    await store.putMerge({ ...merge, undoneAt: 9, undoneBy: 'admin' });
    expect(await store.listMerges()).toEqual([{ ...merge, undoneAt: 9, undoneBy: 'admin' }]);
    await store.putSeparation({ id: 'sep1', a: ['anon:x'], b: ['user:y', 'anon:z'] });
    await store.putTombstones([{ hash: 'h1', erasedAt: 3, uptoSeq: 7 }]);
    expect(await store.listTombstones()).toEqual([{ hash: 'h1', erasedAt: 3, uptoSeq: 7 }]);
    await store.forget(['anon:z'], []);
    expect(await store.listSeparations()).toEqual([{ id: 'sep1', a: ['anon:x'], b: ['user:y'] }]);
    await store.forget(['anon:x'], []);
    expect(await store.listSeparations()).toEqual([]);
    expect(await store.listMerges()).toEqual([]);
    expect(await store.deleteSegment('s1')).toBe(true);
    expect(await store.deleteSegment('s1')).toBe(false);
  });

  it('keeps one size point per segment and minute, lists a window oldest first, drops them with the segment', async () => {
    await store.putSegment({
      id: 'sz',
      name: 'Sizes',
      rule: 'feature.orders > 1',
      createdAt: 1,
      updatedAt: 1,
    });
    await store.putSegment({
      id: 'other',
      name: 'Other',
      rule: 'feature.orders > 2',
      createdAt: 1,
      updatedAt: 1,
    });
    const m = 60_000;
    await store.putSegmentSizes([
      { segmentId: 'sz', at: 3 * m, size: 30 },
      { segmentId: 'sz', at: 1 * m, size: 10 },
      { segmentId: 'other', at: 1 * m, size: 99 },
    ]);
    await store.putSegmentSizes([{ segmentId: 'sz', at: 1 * m, size: 11 }]); // same minute: replaced
    await store.putSegmentSizes([]);
    expect(await store.listSegmentSizes('sz', 0, 10 * m)).toEqual([
      { segmentId: 'sz', at: 1 * m, size: 11 },
      { segmentId: 'sz', at: 3 * m, size: 30 },
    ]);
    expect(await store.listSegmentSizes('sz', 2 * m, 3 * m)).toEqual([
      { segmentId: 'sz', at: 3 * m, size: 30 },
    ]);
    expect(await store.listSegmentSizes('none', 0, 10 * m)).toEqual([]);
    await store.deleteSegment('sz');
    expect(await store.listSegmentSizes('sz', 0, 10 * m)).toEqual([]);
    expect(await store.listSegmentSizes('other', 0, 10 * m)).toHaveLength(1);
    await store.deleteSegment('other');
  });

  it('erases a person from every table; a rebuild from the log does not resurrect them', async () => {
    const deps = { log, eraser: log, store, clock: { now: () => T0 + 10_000 } };
    const service = new ProfileService(deps);
    await service.start();
    await service.putSegment({ id: 'viewers', name: 'Viewers', rule: 'viewed at least 1 time' });
    const send = async (...events: PanierEvent[]) => {
      const { appended } = await log.append(events);
      service.handle(appended);
      await service.flush();
    };
    await send(ev({ anonymousId: 'phone-77' }, { product_id: 'p1', category: 'Shoes' }));
    await send(
      ev(
        { kind: 'identify', type: 'identify', anonymousId: 'phone-77', userId: 'ulysse' },
        { email: 'Ulysse@Example.org' },
      ),
    );
    await send(ev({ anonymousId: 'laptop-77' }, { product_id: 'p2' }));
    await send(ev({ kind: 'identify', type: 'identify', anonymousId: 'laptop-77', userId: 'ulysse' }));
    await send(ev({ anonymousId: 'bystander' }, { product_id: 'p2' }));
    const merge = service.merges('ulysse')[0]!;
    await service.unmerge(merge.id, 'admin');
    const pids = [service.resolve('phone-77')!, service.resolve('laptop-77')!];
    const before = await dumpEveryTable(db);
    expect(before).toContain('ulysse');
    await erasePerson(service, 'ulysse');
    const restored = service.resolve('laptop-77');
    if (restored) await erasePerson(service, 'laptop-77');
    const after = await dumpEveryTable(db);
    for (const trace of ['ulysse', 'phone-77', 'laptop-77', sha256Hex('ulysse@example.org'), ...pids])
      expect(after).not.toContain(trace);
    expect(after).toContain('bystander');
    const rebuilt = new ProfileService(deps);
    await rebuilt.start();
    expect(rebuilt.resolve('ulysse')).toBeNull();
    expect(rebuilt.resolve('ulysse@example.org')).toBeNull();
    expect(rebuilt.resolve('bystander')).not.toBeNull();
    expect(await dumpEveryTable(db)).not.toContain('ulysse');
  });
});
