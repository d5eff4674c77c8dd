import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atomicRunner } from './atomic.ts';
import { openSql, type SqlDatabase } from './database.ts';

describe('atomicRunner on SQLite', () => {
  let db: SqlDatabase;
  beforeAll(async () => {
    db = await openSql('sqlite://:memory:');
    await sql`create table t (id text primary key, v integer not null)`.execute(db.db);
  });
  afterAll(() => db.close());

  const insert = 'insert into t (id, v) values (?, ?)';
  const count = async () =>
    Number((await sql<{ n: number }>`select count(*) as n from t`.execute(db.db)).rows[0]!.n);

  it('applies every run or none, and counts changed rows', async () => {
    const run = atomicRunner(db);
    expect(
      await run([
        {
          sql: insert,
          params: [
            ['a', 1],
            ['b', 2],
          ],
        },
        { sql: 'delete from t where id = ?', params: [['b']] },
      ]),
    ).toEqual([2, 1]);
    await expect(
      run([
        {
          sql: insert,
          params: [
            ['c', 3],
            ['d', null],
          ],
        },
      ]),
    ).rejects.toThrow(/NOT NULL/);
    expect(await count()).toBe(1);
  });

  it('waits for an open Kysely transaction instead of joining it', async () => {
    const run = atomicRunner(db);
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let entered!: () => void;
    const inside = new Promise<void>((r) => {
      entered = r;
    });
    const rolledBack = db.db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into t (id, v) values ('tx', 1)`.execute(trx);
        entered();
        await held;
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    await inside;
    const written = run([{ sql: insert, params: [['outside', 1]] }]);
    release();
    expect(await rolledBack).toBe('rolled back');
    expect(await written).toEqual([1]);
    const ids = (await sql<{ id: string }>`select id from t order by id`.execute(db.db)).rows.map(
      (r) => r.id,
    );
    expect(ids).toEqual(['a', 'outside']);
  });
});
