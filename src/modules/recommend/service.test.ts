import { describe, expect, it } from 'vitest';
import { PanierError } from '../../kernel/index.ts';
import { MemoryLog, memoryCatalog, order, SyncBus, view, world } from './fixtures.ts';
import { PLACEMENTS, type RecommendRequest } from './schemas.ts';
import { RecommendService } from './service.ts';

async function setup(
  opts: {
    consent?: boolean;
    links?: Record<string, string>;
    stock?: Record<string, Record<string, number>>;
    config?: Record<string, unknown>;
  } = {},
) {
  const w = world();
  const log = new MemoryLog();
  await log.append(w.events);
  const bus = new SyncBus();
  let now = w.end;
  const service = new RecommendService({
    log,
    bus,
    catalog: memoryCatalog(w.products, opts.stock),
    clock: { now: () => now },
    consent: { personalizationAllowed: () => opts.consent ?? true },
    identity: { resolve: (id) => opts.links?.[id] ?? id },
    config: { retrainEveryHours: 0, ...opts.config },
  });
  await service.start();
  /** Appends like ingest does (log first, then the bus), moving the clock. */
  const append = async (...events: Parameters<typeof log.append>[0]) => {
    const { appended } = await log.append(events);
    now = Math.max(now, ...events.map((e) => e.timestamp));
    bus.publish(appended);
  };
  return { service, append, w, at: () => now };
}

const ids = (r: { items: { productId: string }[] }) => r.items.map((i) => i.productId);

describe('recommend service', () => {
  it('returns the planted co-purchase first in frequently-bought-together', async () => {
    const { service } = await setup();
    const r = service.answer({ placement: 'frequently-bought-together', productIds: ['k1'], limit: 5 });
    expect(r.items[0]?.productId).toBe('g7');
    expect(r.items[0]?.reasons[0]?.code).toBe('bought_with');
    expect(r.items[0]?.reasons[0]?.text).toContain('Kitchen item k1');
    const viewedOnly = service.answer({
      placement: 'frequently-bought-together',
      productIds: ['k19'],
      limit: 10,
    });
    const boughtWith = viewedOnly.items
      .filter((i) => i.reasons[0]?.code === 'bought_with')
      .map((i) => i.productId);
    expect(boughtWith).not.toContain('k18');
    // the fill-in from similar items is said, not passed off as co-purchases
    expect(viewedOnly.warnings?.join()).toMatch(
      /fallback: \d+ of 10 items from frequently-bought-together .*the rest from similar-items/,
    );
    const filler = viewedOnly.items.filter((i) => i.reasons[0]?.code !== 'bought_with');
    expect(filler.length).toBeGreaterThan(0);
    for (const i of filler) expect(i.reasons[0]?.code).not.toBe('bought_with');
    expect(
      service.answer({ placement: 'frequently-bought-together', productIds: ['k1'], limit: 1 }).warnings,
    ).toBeUndefined();
    expect(ids(service.answer({ placement: 'similar-items', productIds: ['k19'], limit: 1 }))).toEqual([
      'k18',
    ]);
  });

  it('leads session-next into the category the live session is browsing', async () => {
    const { service, append, at } = await setup();
    const t = at() + 60 * 60_000;
    await append(view('u999', 'g3', t), view('u999', 'g11', t + 1000), view('u999', 'g5', t + 2000));
    const r = service.answer({ placement: 'session-next', userId: 'u999', limit: 10 });
    const garden = ids(r).filter((p) => p.startsWith('g')).length;
    expect(garden).toBeGreaterThanOrEqual(8);
    const k = service.answer({
      placement: 'session-next',
      userId: 'u999',
      productIds: ['k2', 'k4'],
      limit: 10,
    });
    expect(ids(k).filter((p) => p.startsWith('k')).length).toBeGreaterThan(0);
  });

  it('honours filters and exclusions on every placement', async () => {
    const { service, append, at } = await setup({ stock: { s1: { k2: 3, k4: 1, g1: 5 } } });
    await append(view('u1', 'k6', at() + 1000), order('u1', 'ox', ['k8'], at() + 2000));
    for (const placement of PLACEMENTS) {
      const base: RecommendRequest = { placement, userId: 'u1', productIds: ['k1'], limit: 10 };
      const kitchen = service.answer({
        ...base,
        filters: { category: 'Kitchen', priceMax: 12, exclude: ['k3'] },
      });
      for (const p of ids(kitchen)) {
        expect(p.startsWith('k'), `${placement} ${p}`).toBe(true);
        expect(Number(p.slice(1)) + 5).toBeLessThanOrEqual(12);
        expect(p).not.toBe('k3');
      }
      const brand = service.answer({ ...base, filters: { brand: 'Acme', excludePurchased: true } });
      for (const p of ids(brand))
        expect(Number(p.slice(1)) % 2 === 1 && p !== 'k8' && p.startsWith('k')).toBe(true);
      const stocked = service.answer({ ...base, filters: { inStockAt: 's1' } });
      for (const p of ids(stocked)) expect(['k2', 'k4', 'g1']).toContain(p);
      if (placement !== 'recently-viewed' && placement !== 'buy-it-again') {
        expect(ids(kitchen)).not.toContain('k1');
        expect(ids(kitchen).length, placement).toBeGreaterThan(0);
        expect(ids(stocked).length, placement).toBeGreaterThan(0);
      }
    }
  });

  it('gives a shopper with no history the fallback, never an error', async () => {
    const { service } = await setup();
    for (const placement of ['for-you', 'session-next', 'similar-items'] as const) {
      const r = service.answer({ placement, userId: 'stranger', limit: 5 });
      expect(r.items.length).toBe(5);
    }
    expect(service.answer({ placement: 'recently-viewed', userId: 'stranger' }).items).toEqual([]);
  });

  it('changes session-next, recently-viewed and trending within a second of an appended event', async () => {
    const { service, append, at } = await setup();
    const before = service.answer({ placement: 'session-next', anonymousId: 'anon-1', limit: 10 });
    const started = Date.now();
    const t = at() + 3_600_000;
    for (let i = 0; i < 30; i++) await append(view(`anon-${i + 2}`, 'k13', t + i));
    await append(view('anon-1', 'k13', t + 100));
    const recent = service.answer({ placement: 'recently-viewed', anonymousId: 'anon-1' });
    const next = service.answer({ placement: 'session-next', anonymousId: 'anon-1', limit: 10 });
    const trend = service.answer({ placement: 'trending', window: '5m', limit: 3 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(ids(recent)).toEqual(['k13']);
    expect(ids(next)).not.toEqual(ids(before));
    expect(ids(next).filter((p) => p.startsWith('k')).length).toBeGreaterThanOrEqual(8);
    expect(ids(trend)[0]).toBe('k13');
  });

  it('combines anonymous and identified activity once linked, and respects consent', async () => {
    const { service, append, at } = await setup({ links: { 'anon-x': 'user-x' } });
    await append(view('anon-x', 'g2', at() + 1000));
    expect(ids(service.answer({ placement: 'recently-viewed', userId: 'user-x' }))).toEqual(['g2']);
    const denied = await setup({ consent: false });
    await denied.append(view('u5', 'g2', denied.at() + 1000));
    const r = denied.service.answer({ placement: 'recently-viewed', userId: 'u5' });
    expect(r.items).toEqual([]);
    expect(r.warnings?.[0]).toMatch(/personalization/);
    expect(denied.service.answer({ placement: 'for-you', userId: 'u5', limit: 3 }).items.length).toBe(3);
  });

  it('rejects bad input and reports unknown context ids as warnings', async () => {
    const { service } = await setup();
    const code = (input: unknown) => {
      try {
        service.recommend(input);
        return 'ok';
      } catch (e) {
        return e instanceof PanierError ? e.code : 'other';
      }
    };
    expect(code({ placement: 'nope' })).toBe('unknown_placement');
    expect(code({ placement: 'popular', limit: 0 })).toBe('invalid_body');
    expect(code({ placement: 'popular', limit: 101 })).toBe('invalid_body');
    expect(code({ placement: 'popular', productIds: ['a b'] })).toBe('invalid_body');
    const r = service.recommend({ placement: 'similar-items', productIds: ['k1', 'ghost'] });
    expect(r.warnings?.join()).toContain('ghost');
    expect(r.items.length).toBeGreaterThan(0);
  });

  it('serves for-you from EASE when configured, explained by the history item', async () => {
    for (const forYouModel of ['knn', 'ease', 'hybrid']) {
      const { service, append, at } = await setup({ config: { forYouModel } });
      await append(order('buyer', 'ob', ['k1'], at() + 1000));
      const r = service.answer({ placement: 'for-you', userId: 'buyer', limit: 3 });
      expect(ids(r), forYouModel).toContain('g7');
      const g7 = r.items.find((i) => i.productId === 'g7');
      expect(g7?.reasons[0]?.code).toBe('because_bought');
      expect(g7?.reasons[0]?.productId).toBe('k1');
    }
  });

  it('spreads categories when diversity is asked', async () => {
    const { service } = await setup();
    const plain = service.answer({ placement: 'similar-items', productIds: ['g3'], limit: 6 });
    const diverse = service.answer({
      placement: 'similar-items',
      productIds: ['g3'],
      limit: 6,
      diversity: 0.9,
    });
    const kitchen = (r: typeof plain) => ids(r).filter((p) => p.startsWith('k')).length;
    expect(kitchen(diverse)).toBeGreaterThan(kitchen(plain));
  });
});
