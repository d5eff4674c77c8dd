import { mkdtempSync, rmSync, statSync } from 'node:fs';
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

// Each test starts writer and checkpointer threads (each boots tsx and opens the store): seconds apiece on
// a loaded machine, so a generous timeout; no assertion here depends on time.
describe('SQLite writer thread', { timeout: 120_000 }, () => {
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

  it('starts a group as soon as the code that appended returns, not at the end of the event-loop turn', async () => {
    const db = await open('prompt.db');
    const log = createSqlEventLog(db, { failAfter: 1 }); // each thread dies on its second group: groups are counted
    const first = log.append([ev('m1')]);
    await null; // a microtask later, same event-loop turn
    const second = log.append([ev('m2')]);
    expect((await first).appended).toHaveLength(1);
    // At the turn's end both would have gone in the first group; here m2 waited for the next one.
    await expect(second).rejects.toMatchObject({ code: 'storage_unavailable' });
    expect((await log.scan(0, 10)).map((e) => e.messageId)).toEqual(['m1']);
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

  it('numbers the rows of multi-row statements right around duplicates', async () => {
    const db = await open('chunks.db');
    const log = createSqlEventLog(db);
    await log.append([ev('old')]);
    const ids = Array.from({ length: 25 }, (_, i) => `n${i}`);
    ids[3] = 'n1'; // duplicate inside the first 10-row statement
    ids[12] = 'n11'; // inside the second
    ids[20] = 'old'; // already stored
    ids[24] = 'n23'; // in the single-row tail
    const r = await log.append(ids.map(ev));
    const expected = [...new Set(ids)].filter((id) => id !== 'old');
    expect(r.appended.map((e) => e.messageId)).toEqual(expected);
    expect(r.appended.map((e) => e.seq)).toEqual(expected.map((_, i) => i + 2));
    expect(r.duplicates).toEqual(['n1', 'n11', 'old', 'n23']);
    const stored = await log.scan(0, 100);
    expect(stored.map((e) => [e.seq, e.messageId])).toEqual([
      [1, 'old'],
      ...r.appended.map((e) => [e.seq, e.messageId]),
    ]);
    await db.close();
  });

  it('has the WAL copied into the database file by its checkpointer while it writes', async () => {
    const db = await open('checkpoint.db');
    const log = createSqlEventLog(db);
    const big = 'x'.repeat(2000);
    for (let g = 0; g < 30; g++)
      await log.append(
        Array.from({ length: 100 }, (_, i) => ({
          ...ev(`w${g}-${i}`),
          payload: { big },
          payloadJson: undefined,
        })),
      );
    const file = join(dir, 'checkpoint.db');
    // No bound on the number of rounds (the checkpointer thread may take seconds to boot and to fsync on a
    // loaded machine): a checkpointer that never runs fails the test by its timeout.
    let ticks = 0;
    while (statSync(file).size <= 4 * 1024 * 1024) {
      await new Promise((r) => setTimeout(r, 50));
      await log.append([ev(`tick${ticks++}`)]); // each commit lets the writer ask for a checkpoint
    }
    expect(statSync(file).size).toBeGreaterThan(4 * 1024 * 1024); // ~6 MB reached the file, not only the WAL
    expect(await log.count({})).toBe(3000 + ticks);
    await db.close();
  }, 120_000);

  it('waits for the write lock another connection holds instead of failing', async () => {
    const db = await open('locked.db');
    const log = createSqlEventLog(db);
    await log.append([ev('first')]); // the thread is up
    // The main connection writes (as the key index, catalog or profiles do) while a group arrives: the
    // writer's transaction reads before it writes, and must take the lock by waiting, not fail at once.
    db.sqlite!.exec('BEGIN IMMEDIATE');
    db.sqlite!.prepare("INSERT INTO panier_meta (key, value) VALUES ('lock-test', '1')").run();
    const pending = log.append([ev('during'), ev('lock')]);
    await new Promise((r) => setTimeout(r, 300));
    db.sqlite!.exec('COMMIT');
    const r = await pending;
    expect(r.appended.map((e) => [e.seq, e.messageId])).toEqual([
      [2, 'during'],
      [3, 'lock'],
    ]);
    await db.close();
  });

  it('never fails an append while the main connection keeps writing (key index, catalog, profiles)', async () => {
    const db = await open('contended.db');
    const log = createSqlEventLog(db);
    const sqlite = db.sqlite!;
    const write = sqlite.prepare(
      'INSERT INTO panier_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    let stop = false;
    let mainWrites = 0;
    // Small write transactions on the main connection a few ms apart, as the background key index runs its
    // chunks: each one holds the write lock for a moment while groups arrive.
    const writer = (async () => {
      while (!stop) {
        sqlite
          .transaction(() => {
            for (let k = 0; k < 50; k++) write.run(`contended-${k}`, String(mainWrites));
          })
          .immediate();
        mainWrites++;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const appends = [];
    for (let g = 0; g < 100; g++) {
      appends.push(log.append([ev(`c${g}-a`), ev(`c${g}-b`)]));
      if (g % 10 === 9) await Promise.all(appends.slice(-10));
    }
    const results = await Promise.all(appends);
    stop = true;
    await writer;
    expect(mainWrites).toBeGreaterThan(0);
    expect(results.every((r) => r.appended.length === 2)).toBe(true);
    expect(await log.count({})).toBe(200);
    await db.close();
  }, 120_000);

  it('rejects a group (storage_unavailable) when the lock stays held past its attempts, storing none of it', async () => {
    const db = await open('held.db');
    const log = createSqlEventLog(db, { busyTimeoutMs: 50 });
    await log.append([ev('first')]);
    db.sqlite!.exec('BEGIN IMMEDIATE');
    db.sqlite!.prepare("INSERT INTO panier_meta (key, value) VALUES ('lock-test', '1')").run();
    const failed = log.append([ev('x1'), ev('x2')]);
    const settled = await failed.then(
      () => null,
      (e: unknown) => e,
    );
    db.sqlite!.exec('COMMIT');
    expect(settled).toMatchObject({ code: 'storage_unavailable' });
    expect((await log.scan(0, 10)).map((e) => e.messageId)).toEqual(['first']);
    const retry = await log.append([ev('x1'), ev('x2')]);
    expect(retry.appended.map((e) => e.messageId)).toEqual(['x1', 'x2']);
    await db.close();
  });

  it('stores payloads copied from ASCII request bodies byte for byte, beside encoded ones', async () => {
    const db = await open('direct.db');
    const log = createSqlEventLog(db);
    const items = ['{"a":1,"s":"x y"}', '{"b":[2,3]}', '{"c":"\\u00e9"}'];
    const body = `{"batch":[${items.join(',')}]}`;
    const source = Buffer.from(body, 'latin1');
    const direct = items.map((json, i) => ({
      ...ev(`p${i}`),
      payload: JSON.parse(json),
      payloadJson: json,
      payloadSource: source,
      payloadAt: body.indexOf(json),
      payloadBytes: json.length,
    }));
    // Non-ASCII texts in the same group send the other columns down the per-string UTF-8 path.
    const encoded = { ...ev('é-1'), anonymousId: 'анна', payload: { name: 'crème' } };
    const other = { ...ev('p-other'), payloadJson: '{"own":true}', payload: { own: true } };
    await log.append([direct[0]!, encoded, direct[1]!, other, direct[2]!]);
    const stored = db
      .sqlite!.prepare('SELECT message_id, anonymous_id, payload FROM events ORDER BY seq')
      .all();
    expect(stored).toEqual([
      { message_id: 'p0', anonymous_id: 'a', payload: items[0] },
      { message_id: 'é-1', anonymous_id: 'анна', payload: '{"name":"crème"}' },
      { message_id: 'p1', anonymous_id: 'a', payload: items[1] },
      { message_id: 'p-other', anonymous_id: 'a', payload: '{"own":true}' },
      { message_id: 'p2', anonymous_id: 'a', payload: items[2] },
    ]);
    await db.close();
  });

  it('refuses an append it cannot serialize on its own; the appends queued around it are stored', async () => {
    const db = await open('unserializable.db');
    const log = createSqlEventLog(db);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    // One synchronous run: without the bad one they would all share one group.
    const results = await Promise.allSettled([
      log.append([ev('q1')]),
      log.append([{ ...ev('q-bad'), payload: circular }]),
      log.append([ev('q2')]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = db.sqlite!.prepare('SELECT message_id, payload FROM events ORDER BY seq').all();
    expect(stored).toEqual([
      { message_id: 'q1', payload: '{"id":"q1"}' },
      { message_id: 'q2', payload: '{"id":"q2"}' },
    ]);
    await db.close();
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
