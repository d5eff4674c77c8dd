import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../src/adapters/sql/index.ts';
import { type Capabilities, startCapabilities } from '../src/app/capabilities.ts';
import { buildHttpApp } from '../src/app/http.ts';
import { sha256Hex } from '../src/modules/profiles/index.ts';
import { basic, bearer, type TestEngine, testEngine } from './helpers/engine.ts';

const DAY = 86_400_000;
const NOW = Date.now();
let t: TestEngine;
let caps: Capabilities;
const stopped: Capabilities[] = [];
let searched = 0;

async function dumpEveryTable(db: SqlDatabase): Promise<string> {
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
    db.db,
  );
  const parts: string[] = [];
  for (const { name } of tables.rows)
    parts.push(JSON.stringify((await sql`select * from ${sql.table(name)}`.execute(db.db)).rows));
  return parts.join('\n');
}

const at = (daysAgo: number, minutes = 0) => new Date(NOW - daysAgo * DAY + minutes * 60_000).toISOString();
const view = (anonymousId: string, product: string, when: string) => ({
  type: 'track',
  event: 'Product Viewed',
  anonymousId,
  timestamp: when,
  properties: { product_id: product, category: 'Outdoor', price: 30 },
});
const order = (ids: Record<string, string>, product: string, when: string) => ({
  type: 'track',
  event: 'Order Completed',
  ...ids,
  timestamp: when,
  properties: { revenue: 30, products: [{ product_id: product, price: 30, quantity: 1 }] },
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

function answers(c: Capabilities, userId: string, anonymousId: string) {
  const ask = (placement: string) =>
    c.recommend
      .recommend({ placement, userId, anonymousId, limit: 5 })
      .items.map((i: { productId: string }) => i.productId);
  return {
    recentlyViewed: ask('recently-viewed'),
    sessionNext: ask('session-next'),
    buyItAgain: ask('buy-it-again'),
  };
}

beforeAll(async () => {
  t = await testEngine();
  await t.engine.catalog.upsertProducts(
    ['tent', 'stove', 'lamp', 'rope', 'mat'].map((id) => ({
      id,
      title: `Camping ${id}`,
      category: 'Outdoor',
      price: 30,
    })),
  );
  caps = await startCapabilities(t.engine, t.dir);
  t.engine.bus.subscribe((events) => {
    searched += events.filter((e) => e.type === 'products_searched').length;
  });
  const batch = [
    view('phone-77', 'tent', at(0, -30)),
    view('phone-77', 'stove', at(0, -20)),
    {
      type: 'identify',
      anonymousId: 'phone-77',
      userId: 'ulysse',
      timestamp: at(0, -19),
      traits: { email: 'Ulysse@Example.org' },
    },
    order({ userId: 'ulysse' }, 'rope', at(20)),
    order({ userId: 'ulysse' }, 'rope', at(10)),
    ...[0, 1, 2].flatMap((k) => [
      order({ anonymousId: `camper-${k}` }, 'rope', at(30)),
      order({ anonymousId: `camper-${k}` }, 'rope', at(20)),
      view(`camper-${k}`, 'tent', at(1, k)),
      view(`camper-${k}`, 'lamp', at(1, k + 1)),
    ]),
    view('bystander', 'mat', at(0, -10)),
  ];
  const res = await buildHttpApp(t.engine, caps).request('/v1/batch', {
    method: 'POST',
    body: JSON.stringify({ batch }),
    headers: { authorization: basic(t.writeKey), 'content-type': 'application/json' },
  });
  expect(res.status).toBe(200);
  await waitFor(() => caps.profiles.resolve('ulysse') === caps.profiles.resolve('phone-77'));
  await caps.recommend.retrain(); // the model learns rope's repeat interval; its snapshot is saved
  await caps.search.search('products', { query: 'camping stove', userToken: 'phone-77' }, { source: 'test' });
  await caps.search.search('products', { query: 'camping tent', userToken: 'bystander' }, { source: 'test' });
  // Search appends its Products Searched events in the background: the erasure must come after them
  // (an event the person sends after their erasure is a new one and is kept).
  await waitFor(() => caps.profiles.resolve('bystander') !== null && searched >= 2);
}, 60_000);
afterAll(async () => {
  for (const c of [caps, ...stopped]) c.stop();
  await t.close();
});

describe('erasing a person everywhere', () => {
  it('leaves no trace in any table, in recommendations or in search, and none comes back after a restart', async () => {
    const pid = caps.profiles.resolve('ulysse')!;
    const before = answers(caps, 'ulysse', 'phone-77');
    expect(before.recentlyViewed).toEqual(['stove', 'tent']);
    expect(before.buyItAgain).toEqual(['rope']);
    expect(before.sessionNext).not.toEqual(answers(caps, 'stranger', 'stranger-device').sessionNext);
    const suggested = (await caps.search.autocomplete('camping')).queries.map((q) => q.query);
    expect(suggested.sort()).toEqual(['camping stove', 'camping tent']);

    const res = await buildHttpApp(t.engine, caps).request('/v1/profiles/ulysse', {
      method: 'DELETE',
      headers: { authorization: bearer(t.secretKey) },
    });
    expect(res.status).toBe(200);

    const check = async (c: Capabilities) => {
      const dump = await dumpEveryTable(t.engine.sql);
      for (const trace of ['ulysse', 'phone-77', sha256Hex('ulysse@example.org'), pid])
        expect(dump).not.toContain(trace);
      expect(dump).toContain('bystander');
      expect(c.profiles.resolve('ulysse')).toBeNull();
      expect(c.profiles.resolve('ulysse@example.org')).toBeNull();
      const stranger = answers(c, 'stranger', 'stranger-device');
      expect(answers(c, 'ulysse', 'phone-77')).toEqual(stranger);
      // Live state was keyed by the profile id at ingest: asking by it must not find it either.
      expect(answers(c, pid, 'phone-77')).toEqual(stranger);
      expect(stranger.recentlyViewed).toEqual([]);
      expect(stranger.buyItAgain).toEqual([]);
      expect((await c.search.autocomplete('camping stove')).queries).toEqual([]);
    };
    await check(caps);
    expect((await caps.search.autocomplete('camping')).queries.map((q) => q.query)).toEqual(['camping tent']);

    // A restart: profiles and live state rebuild from the log, the model loads from its snapshot.
    stopped.push(caps);
    caps.stop();
    caps = await startCapabilities(t.engine, t.dir);
    await check(caps);
    expect(caps.profiles.resolve('bystander')).not.toBeNull();
  }, 60_000);
});
