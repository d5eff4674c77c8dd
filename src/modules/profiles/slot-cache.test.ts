import { describe, expect, it } from 'vitest';
import { createRng, type LoggedEvent, type PanierEvent } from '../../kernel/index.ts';
import { ProfileEngine } from './engine.ts';
import { plainIds } from './slot-cache.ts';
import { DAY_MS, makeEvent, T0 } from './test-events.ts';

let seq = 0;
const logged = (...events: PanierEvent[]): LoggedEvent[] => events.map((e) => ({ ...e, seq: ++seq }));
const view = (over: Partial<PanierEvent>, at = T0) =>
  makeEvent({ ...over, timestamp: at, props: { product_id: 'p1', category: 'c', price: 10 } });
const views = (eng: ProfileEngine, id: string) => eng.table.num(eng.table.slot(eng.resolve(id)!)!, 'views');

describe('plain ids', () => {
  it('are only userId and anonymousId', () => {
    expect(plainIds(makeEvent({ anonymousId: 'a', props: { product_id: 'p' } }))).toBe(true);
    expect(plainIds(makeEvent({ anonymousId: 'a', props: { email: 'x@y.z' } }))).toBe(false);
    expect(plainIds(makeEvent({ type: 'identify', userId: 'u', props: { phone: '+33612345678' } }))).toBe(
      false,
    );
    expect(plainIds(makeEvent({ anonymousId: 'a', props: { loyaltyId: 'L1' } }))).toBe(false);
    const withTraits = makeEvent({ anonymousId: 'a', payload: { context: { traits: { loyalty_id: 'L' } } } });
    expect(plainIds(withTraits)).toBe(false);
    expect(plainIds(makeEvent({ type: 'alias', userId: 'u', payload: { previousId: 'a' } }))).toBe(false);
  });
});

describe('slot cache', () => {
  it('follows identify linking two devices: a cached device lands in the merged profile', () => {
    const eng = new ProfileEngine();
    eng.ingest(logged(view({ anonymousId: 'laptop' }), view({ anonymousId: 'laptop' })), T0);
    eng.ingest(
      logged(makeEvent({ type: 'identify', userId: 'u', anonymousId: 'phone', timestamp: T0 - 1 })),
      T0,
    );
    eng.ingest(logged(view({ userId: 'u', anonymousId: 'phone' })), T0);
    eng.ingest(
      logged(makeEvent({ type: 'identify', userId: 'u', anonymousId: 'laptop', timestamp: T0 + 1 })),
      T0,
    );
    expect(eng.resolve('laptop')).toBe(eng.resolve('phone'));
    eng.ingest(logged(view({ anonymousId: 'laptop' }), view({ anonymousId: 'phone' })), T0);
    expect(eng.table.size).toBe(1);
    expect(views(eng, 'u')).toBe(5);
  });

  it('follows an alias: the previous id lands in the profile it was aliased to', () => {
    const eng = new ProfileEngine();
    eng.ingest(logged(view({ anonymousId: 'old' }), view({ userId: 'u', anonymousId: 'new' })), T0);
    eng.ingest(logged(makeEvent({ type: 'alias', userId: 'u', payload: { previousId: 'old' } })), T0);
    eng.ingest(logged(view({ anonymousId: 'old' })), T0);
    expect(eng.resolve('old')).toBe(eng.resolve('u'));
    expect(eng.table.size).toBe(1);
    expect(views(eng, 'u')).toBe(3);
  });

  it('follows an admin unmerge: the split-off device and user go to the restored profile', () => {
    const eng = new ProfileEngine();
    eng.ingest(logged(view({ anonymousId: 'd1' }), view({ userId: 'u', anonymousId: 'd2' })), T0);
    eng.ingest(
      logged(makeEvent({ type: 'identify', userId: 'u', anonymousId: 'd1', timestamp: T0 + 1 })),
      T0,
    );
    const [m] = eng.graph.merges();
    const out = eng.graph.unmerge(m!.id, T0 + 2, 'admin');
    for (const pid of [out.from, out.restored]) eng.recomputeProfile(pid, [], T0);
    eng.ingest(logged(view({ anonymousId: 'd2' }), view({ userId: 'u', anonymousId: 'd2' })), T0);
    eng.ingest(logged(view({ anonymousId: 'd1' })), T0);
    const restored = eng.table.slot(eng.resolve('d2')!)!;
    expect(eng.resolve('u')).toBe(eng.resolve('d2'));
    expect(eng.resolve('d1')).not.toBe(eng.resolve('d2'));
    expect(eng.table.num(restored, 'views')).toBe(2);
    expect(eng.table.num(eng.table.slot(eng.resolve('d1')!)!, 'views')).toBe(1);
  });

  it('forgets erased ids: their later events make a new profile, earlier ones stay erased', () => {
    const eng = new ProfileEngine();
    eng.ingest(logged(view({ userId: 'u', anonymousId: 'd' }), view({ anonymousId: 'x' })), T0);
    const erasedAt = seq;
    eng.erase(eng.resolve('u')!, T0, erasedAt);
    eng.ingest(logged(view({ anonymousId: 'x' })), T0);
    const late = logged(view({ userId: 'u', anonymousId: 'd' }))[0]!;
    eng.ingest([{ ...late, seq: erasedAt }], T0);
    expect(eng.resolve('u')).toBeUndefined();
    eng.ingest(logged(view({ userId: 'u', anonymousId: 'd' })), T0);
    expect(views(eng, 'd')).toBe(1);
    expect(views(eng, 'x')).toBe(2);
  });

  it('gives the same profiles, slots and features as linking every event, through merges, unmerges and erasures', () => {
    const rng = createRng(5);
    const cached = new ProfileEngine({ hash: (s) => `h${s}` });
    const linked = new ProfileEngine({ hash: (s) => `h${s}`, slotCache: false });
    const ids = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);
    const users = ids('u', 8);
    const devices = ids('d', 16);
    const seen = { merges: 0, unmerges: 0, erasures: 0 };
    for (let step = 0; step < 3000; step++) {
      const at = T0 + step * 1000;
      const r = rng.next();
      if (r < 0.01 && cached.graph.merges().some((m) => m.undoneAt === null)) {
        const open = cached.graph.merges().filter((m) => m.undoneAt === null);
        const m = rng.pick(open);
        seen.unmerges++;
        for (const eng of [cached, linked]) {
          const out = eng.graph.unmerge(m.id, at, 'admin');
          for (const pid of [out.from, out.restored]) eng.recomputeProfile(pid, [], at);
        }
      } else if (r < 0.02) {
        const pid = cached.resolve(rng.pick([...users, ...devices]));
        if (pid !== undefined) seen.erasures++;
        if (pid !== undefined) for (const eng of [cached, linked]) eng.erase(pid, at, seq - rng.int(3));
      } else {
        const e = randomEvent(rng, users, devices, at);
        const batch = logged(e);
        const before = cached.graph.merges().length;
        for (const eng of [cached, linked]) eng.ingest(batch, at);
        if (cached.graph.merges().length > before) seen.merges++;
      }
      expect(cached.table.ids).toEqual(linked.table.ids);
      for (const id of [...users, ...devices]) expect(cached.resolve(id)).toBe(linked.resolve(id));
    }
    expect(cached.table.nums).toEqual(linked.table.nums);
    expect(cached.table.activity.size).toBe(linked.table.activity.size);
    expect(seen.merges).toBeGreaterThan(50);
    expect(seen.unmerges).toBeGreaterThan(5);
    expect(seen.erasures).toBeGreaterThan(10);
  });
});

describe('a batch in slot order', () => {
  it('gives the same profiles, features and per-profile activity order as linking each event in turn', () => {
    const rng = createRng(9);
    const sorted = new ProfileEngine({ hash: (s) => `h${s}` });
    const inOrder = new ProfileEngine({ hash: (s) => `h${s}`, slotCache: false });
    const users = Array.from({ length: 6 }, (_, i) => `u${i}`);
    const devices = Array.from({ length: 12 }, (_, i) => `d${i}`);
    for (let b = 0, at = T0; b < 300; b++) {
      // Batches of 1–40 events mixing profiles, with identity changes (identify, alias, email) inside.
      const size = 1 + rng.int(40);
      const batch = logged(
        ...Array.from({ length: size }, (_, i) => randomEvent(rng, users, devices, at + i * 1000)),
      );
      at += size * 1000;
      for (const eng of [sorted, inOrder]) eng.ingest(batch, at);
    }
    expect(sorted.table.ids).toEqual(inOrder.table.ids);
    expect(sorted.table.nums).toEqual(inOrder.table.nums);
    const named = (eng: ProfileEngine, slot: number) =>
      eng.table.activity
        .records(slot)
        .map((r) => [
          r.at,
          r.kind,
          eng.table.products.value(r.product),
          eng.table.categories.value(r.category),
        ]);
    let entries = 0;
    for (let slot = 0; slot < sorted.table.ids.length; slot++) {
      if (sorted.table.ids[slot] === undefined) continue;
      expect(named(sorted, slot)).toEqual(named(inOrder, slot));
      entries += named(sorted, slot).length;
    }
    expect(entries).toBeGreaterThan(3000);
    expect(sorted.graph.merges().length).toBeGreaterThan(5);
  });
});

function randomEvent(rng: ReturnType<typeof createRng>, users: string[], devices: string[], at: number) {
  const r = rng.next();
  const userId = rng.chance(0.4) ? rng.pick(users) : null;
  const anonymousId = rng.chance(0.85) || userId === null ? rng.pick(devices) : null;
  if (r < 0.1) return makeEvent({ type: 'identify', userId, anonymousId, timestamp: at });
  if (r < 0.13)
    return makeEvent({ type: 'alias', userId: rng.pick(users), payload: { previousId: rng.pick(devices) } });
  if (r < 0.16)
    return makeEvent({ anonymousId, userId, timestamp: at, props: { email: `${rng.pick(users)}@x.org` } });
  const type = r < 0.25 ? 'order_completed' : 'product_viewed';
  const product = { product_id: `p${rng.int(5)}`, category: `c${rng.int(3)}`, price: 10 };
  const props = type === 'order_completed' ? { revenue: 10, products: [product] } : product;
  return makeEvent({ type, userId, anonymousId, timestamp: at + DAY_MS, props });
}
