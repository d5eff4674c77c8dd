import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PanierEvent, silentLogger } from '../../../kernel/index.ts';
import { KeyService } from '../../../modules/access/index.ts';
import { MemoryProfileLog, MemoryProfilesStore, ProfileService } from '../../../modules/profiles/index.ts';
import { createSqlKeyStore, migrateToLatest, openSql, type SqlDatabase } from '../../sql/index.ts';
import type { AppEnv } from '../auth.ts';
import { onError } from '../errors.ts';
import { profilesRoutes } from './profiles.ts';

let db: SqlDatabase;
let app: Hono<AppEnv>;
let secret: string;
let write: string;
let log: MemoryProfileLog;
let service: ProfileService;
const T0 = Date.UTC(2026, 2, 1);
let now = T0 + 3_600_000;
let n = 0;

function ev(over: Partial<PanierEvent>, props: Record<string, unknown> = {}): PanierEvent {
  const kind = over.kind ?? 'track';
  return {
    messageId: `h-${++n}`,
    kind,
    type: 'product_viewed',
    name: null,
    userId: null,
    anonymousId: null,
    timestamp: T0 + n * 1000,
    receivedAt: T0,
    storeId: null,
    source: 'test',
    payload: kind === 'identify' ? { traits: props } : { properties: props },
    ...over,
  };
}

beforeAll(async () => {
  db = await openSql('sqlite://:memory:');
  await migrateToLatest(db);
  const keys = new KeyService(createSqlKeyStore(db));
  secret = (await keys.create('secret')).key;
  write = (await keys.create('write')).key;
  log = new MemoryProfileLog();
  service = new ProfileService({
    log,
    eraser: log,
    store: new MemoryProfilesStore(),
    clock: { now: () => now },
  });
  await service.start();
  const { appended } = await log.append([
    ev({ anonymousId: 'web-1' }, { product_id: 'p1', category: 'Shoes', brand: 'Acme', price: 90 }),
    ev({ anonymousId: 'web-1' }, { product_id: 'p2', category: 'Shoes', price: 70 }),
    ev(
      { kind: 'identify', type: 'identify', anonymousId: 'web-1', userId: 'mia' },
      { email: 'mia@example.com', plan: 'gold' },
    ),
    ev({ kind: 'identify', type: 'identify', userId: 'noah' }, {}),
    ev(
      { type: 'order_completed', userId: 'noah', storeId: 'lyon-1' },
      { revenue: 30, products: [{ product_id: 'p3', price: 30 }] },
    ),
  ]);
  service.handle(appended);
  app = new Hono<AppEnv>();
  app.onError(onError(silentLogger));
  app.route('/', profilesRoutes({ keys, logger: silentLogger, profiles: service }));
});
afterAll(() => db.close());

function call(method: string, path: string, body?: unknown, key: string | null = secret) {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  return app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are inspected by the assertions that follow
async function json(res: Response, status: number): Promise<any> {
  expect(res.status, await res.clone().text()).toBe(status);
  return res.json();
}

describe('profiles HTTP API', () => {
  it('needs a secret key', async () => {
    expect((await call('GET', '/v1/profiles/mia', undefined, null)).status).toBe(401);
    expect((await call('GET', '/v1/profiles/mia', undefined, write)).status).toBe(403);
  });

  it('finds a profile by any id, with features, and pages its timeline', async () => {
    const byEmail = await json(
      await call('GET', `/v1/profiles/${encodeURIComponent('mia@example.com')}`),
      200,
    );
    const byDevice = await json(await call('GET', '/v1/profiles/web-1'), 200);
    expect(byEmail.profileId).toBe(byDevice.profileId);
    expect(byEmail.traits.plan.value).toBe('gold');
    expect(byEmail.features.topCategories[0]).toEqual({ name: 'Shoes', weight: 1 });
    const first = await json(await call('GET', '/v1/profiles/mia/events?limit=2'), 200);
    expect(first.events).toHaveLength(2);
    const rest = await json(await call('GET', `/v1/profiles/mia/events?limit=2&before=${first.next}`), 200);
    expect(rest.events).toHaveLength(1);
    expect(rest.next).toBeNull();
    await json(await call('GET', '/v1/profiles/nobody'), 404);
  });

  it('refuses merging a profile into itself or a missing one; merges and unmerges otherwise', async () => {
    expect(
      (await json(await call('POST', '/v1/profiles/mia/merge', { from: 'web-1' }), 400)).error.message,
    ).toMatch(/itself/);
    await json(await call('POST', '/v1/profiles/mia/merge', { from: 'ghost' }), 404);
    await json(await call('POST', '/v1/profiles/mia/merge', { from: 'noah' }), 409);
    const { appended } = await log.append([ev({ anonymousId: 'kiosk-3' }, { product_id: 'p9' })]);
    service.handle(appended);
    const merged = await json(
      await call('POST', '/v1/profiles/mia/merge', { from: 'kiosk-3', reason: 'same person at the kiosk' }),
      201,
    );
    expect(merged.reason).toContain('same person at the kiosk');
    expect(service.resolve('kiosk-3')).toBe(service.resolve('mia'));
    const history = await json(await call('GET', '/v1/profiles/mia/merges'), 200);
    expect(history.merges).toHaveLength(1);
    const undone = await json(await call('POST', `/v1/profiles/merges/${history.merges[0].id}/undo`), 200);
    expect(undone.restored).toBeTruthy();
    await json(await call('POST', `/v1/profiles/merges/${history.merges[0].id}/undo`), 409);
  });

  it('rejects a malformed rule with its position, and manages segments', async () => {
    const bad = await json(
      await call('POST', '/v1/segments/preview', { rule: 'feature.orders >= AND' }),
      400,
    );
    expect(bad.error).toMatchObject({ code: 'invalid_rule', path: 'rule', details: { position: 18 } });
    await json(await call('PUT', '/v1/segments/x', { name: 'x', rule: 'trait.plan = ' }), 400);
    const preview = await json(
      await call('POST', '/v1/segments/preview', { rule: 'bought in store "lyon-1"' }),
      200,
    );
    expect(preview.count).toBe(1);
    const seg = await json(
      await call('PUT', '/v1/segments/gold', { name: 'Gold', rule: 'trait.plan = "gold"' }),
      200,
    );
    expect(seg.members).toBe(1);
    const members = await json(await call('GET', '/v1/segments/gold/members?limit=10'), 200);
    expect(members.profileIds).toEqual([service.resolve('mia')]);
    expect(members.next).toBeNull();
  });

  it('lists only the members who allow a purpose when asked (an email list, an ad audience)', async () => {
    const everyone = 'feature.views >= 0';
    await json(await call('PUT', '/v1/segments/all', { name: 'All', rule: everyone }), 200);
    const list = async (query: string) =>
      (await json(await call('GET', `/v1/segments/all/members?${query}`), 200)).profileIds as string[];
    const mia = service.resolve('mia');
    const everybody = await list('limit=10');
    expect(everybody).toContain(mia);
    expect(everybody.length).toBeGreaterThan(1);
    // Email and advertising are opt-in, personalization opt-out (docs/profiles.md, consent).
    expect(await list('consent=email')).toEqual([]);
    expect(await list('consent=personalization')).toEqual(everybody);
    await json(
      await call('PUT', '/v1/profiles/mia/consent', { email: 'granted', personalization: 'revoked' }),
      200,
    );
    expect(await list('consent=email')).toEqual([mia]);
    const others = everybody.filter((p) => p !== mia);
    expect(await list('consent=personalization')).toEqual(others);
    expect(await list('consent=advertising')).toEqual([]);
    // Pages of a filtered list: the cursor moves past the members left out.
    const first = await json(
      await call('GET', '/v1/segments/all/members?consent=personalization&limit=1'),
      200,
    );
    expect(first.profileIds).toEqual([others[0]]);
    const rest = await json(
      await call('GET', `/v1/segments/all/members?consent=personalization&cursor=${first.next}`),
      200,
    );
    expect([...first.profileIds, ...rest.profileIds]).toEqual(others);
    const bad = await json(await call('GET', '/v1/segments/all/members?consent=sms'), 400);
    expect(bad.error).toMatchObject({ code: 'invalid_query', path: 'consent' });
    expect((await call('DELETE', '/v1/segments/all')).status).toBe(204);
    expect((await json(await call('GET', '/v1/segments'), 200)).segments).toHaveLength(1);
    expect((await call('DELETE', '/v1/segments/gold')).status).toBe(204);
    await json(await call('GET', '/v1/segments/gold'), 404);
  });

  it('records a segment size point per minute and serves the size history', async () => {
    await json(
      await call('PUT', '/v1/segments/shoes', { name: 'Shoes', rule: 'viewed category "Shoes"' }),
      200,
    );
    await service.refresh(); // same minute: replaces the point, never adds one
    now += 120_000;
    const { appended } = await log.append([
      ev({ anonymousId: 'web-9' }, { product_id: 'p1', category: 'Shoes' }),
    ]);
    service.handle(appended);
    await service.refresh();
    const from = new Date(T0).toISOString();
    const sizes = await json(
      await call('GET', `/v1/segments/shoes/sizes?from=${from}&to=${new Date(now).toISOString()}`),
      200,
    );
    expect(sizes).toEqual({
      segmentId: 'shoes',
      points: [
        { at: new Date(Math.floor((now - 120_000) / 60_000) * 60_000).toISOString(), size: 1 },
        { at: new Date(Math.floor(now / 60_000) * 60_000).toISOString(), size: 2 },
      ],
    });
    const recent = await json(
      await call('GET', `/v1/segments/shoes/sizes?from=${new Date(now - 60_000).toISOString()}`),
      200,
    );
    expect(recent.points).toHaveLength(1);
    expect((await json(await call('GET', '/v1/segments/nope/sizes'), 404)).error.code).toBe('not_found');
    expect((await json(await call('GET', '/v1/segments/shoes/sizes?from=yesterday'), 400)).error.code).toBe(
      'invalid_query',
    );
    await json(
      await call('GET', `/v1/segments/shoes/sizes?from=${new Date(now).toISOString()}&to=${from}`),
      400,
    );
    expect((await call('DELETE', '/v1/segments/shoes')).status).toBe(204);
  });

  it('sets consent, exports and erases', async () => {
    await json(await call('PUT', '/v1/profiles/noah/consent', { advertising: 'maybe' }), 400);
    const set = await json(await call('PUT', '/v1/profiles/noah/consent', { email: 'granted' }), 200);
    expect(set.consent.find((s: { purpose: string }) => s.purpose === 'email').allowed).toBe(true);
    const dump = await json(await call('GET', '/v1/profiles/noah/export'), 200);
    expect(dump.events.length).toBeGreaterThanOrEqual(2);
    const erased = await json(await call('DELETE', '/v1/profiles/noah'), 200);
    expect(erased.eventsDeleted).toBeGreaterThanOrEqual(3);
    await json(await call('GET', '/v1/profiles/noah'), 404);
  });
});
