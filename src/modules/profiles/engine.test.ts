import { describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../kernel/index.ts';
import { ProfileEngine } from './engine.ts';
import { compileRule } from './segments/compile.ts';
import { parseRule } from './segments/parser.ts';
import { sha256Hex } from './sha256.ts';
import { DAY_MS, makeEvent, T0 } from './test-events.ts';
import { featuresOf } from './view.ts';

let seq = 0;
const logged = (...events: ReturnType<typeof makeEvent>[]): LoggedEvent[] =>
  events.map((e) => ({ ...e, seq: ++seq }));

describe('identity stitching', () => {
  it('anonymous browsing then login yields one profile holding both histories', () => {
    const eng = new ProfileEngine();
    eng.ingest(
      logged(
        makeEvent({ anonymousId: 'a1', props: { product_id: 'p1', category: 'Shoes', price: 80 } }),
        makeEvent({ anonymousId: 'a1', props: { product_id: 'p2', category: 'Shoes', price: 60 } }),
      ),
      T0,
    );
    eng.ingest(logged(makeEvent({ userId: 'u1', anonymousId: 'x-other', props: { product_id: 'p9' } })), T0);
    const before = eng.resolve('u1');
    eng.ingest(
      logged(
        makeEvent({ type: 'identify', userId: 'u1', anonymousId: 'a1', props: { email: ' Ann@X.org ' } }),
      ),
      T0 + 1,
    );
    const pid = eng.resolve('a1');
    expect(pid).toBeDefined();
    expect(eng.resolve('u1')).toBe(pid);
    expect(eng.resolve('x-other')).toBe(pid);
    expect(eng.resolve('ann@x.org')).toBe(pid);
    expect(eng.graph.keys(pid!)).toContain(`email:${sha256Hex('ann@x.org')}`);
    expect(eng.table.num(eng.table.slot(pid!)!, 'views')).toBe(3);
    expect(eng.graph.merges(pid).length).toBe(1);
    expect([before, pid]).toContain(eng.graph.merges(pid)[0]!.survivor);
    expect(eng.table.size).toBe(1);
  });

  it('two devices of the same user merge into one profile, and an unmerge splits them back', () => {
    const eng = new ProfileEngine();
    eng.ingest(logged(makeEvent({ anonymousId: 'phone', type: 'identify', userId: 'u2' })), T0);
    eng.ingest(logged(makeEvent({ anonymousId: 'laptop', props: { product_id: 'p1' } })), T0);
    expect(eng.resolve('laptop')).not.toBe(eng.resolve('phone'));
    eng.ingest(logged(makeEvent({ anonymousId: 'laptop', type: 'identify', userId: 'u2' })), T0 + 5);
    expect(eng.resolve('laptop')).toBe(eng.resolve('phone'));
    const [m] = eng.graph.merges();
    const out = eng.graph.unmerge(m!.id, T0 + 10, 'admin');
    expect(eng.resolve('laptop')).toBe(out.restored);
    expect(eng.resolve('phone')).toBe(out.from);
    eng.ingest(logged(makeEvent({ anonymousId: 'laptop', type: 'identify', userId: 'u2' })), T0 + 20);
    expect(eng.resolve('laptop')).not.toBe(eng.resolve('phone'));
  });

  it('never merges two different users sharing a device or an email', () => {
    const eng = new ProfileEngine();
    eng.ingest(logged(makeEvent({ type: 'identify', userId: 'alice', anonymousId: 'family-tablet' })), T0);
    eng.ingest(logged(makeEvent({ type: 'identify', userId: 'bob', anonymousId: 'family-tablet' })), T0 + 1);
    expect(eng.resolve('alice')).not.toBe(eng.resolve('bob'));
    expect(eng.resolve('family-tablet')).toBe(eng.resolve('alice'));
    expect(() => eng.graph.mergeProfiles(eng.resolve('alice')!, eng.resolve('bob')!, 0, 'x')).toThrow(
      /userIds/,
    );
    expect(() => eng.graph.mergeProfiles(eng.resolve('alice')!, eng.resolve('alice')!, 0, 'x')).toThrow(
      /itself/,
    );
    expect(() => eng.graph.mergeProfiles(eng.resolve('alice')!, 'prf_nope', 0, 'x')).toThrow(
      /does not exist/,
    );
  });

  it('joins in-store purchases through the loyalty id and hashed phone', () => {
    const eng = new ProfileEngine();
    eng.ingest(
      logged(
        makeEvent({
          type: 'identify',
          userId: 'u3',
          props: { loyalty_id: 'L-77', phone: '+33 6 12 34 56 78' },
        }),
      ),
      T0,
    );
    eng.ingest(
      logged(
        makeEvent({
          type: 'order_completed',
          anonymousId: 'pos-terminal-4',
          storeId: 'lyon-1',
          props: {
            loyalty_id: 'L-77',
            revenue: 42,
            products: [{ product_id: 'p5', price: 21, quantity: 2 }],
          },
        }),
      ),
      T0 + DAY_MS,
    );
    const pid = eng.resolve('u3')!;
    expect(eng.resolve('0033612345678')).toBe(pid);
    const slot = eng.table.slot(pid)!;
    expect(eng.table.num(slot, 'orders')).toBe(1);
    expect(eng.table.num(slot, 'chInStore')).toBe(1);
  });
});

describe('traits', () => {
  it('resolve conflicts by event timestamp, whatever the arrival order, keeping the source', () => {
    const eng = new ProfileEngine();
    eng.ingest(
      logged(
        makeEvent({
          type: 'identify',
          userId: 'u',
          timestamp: T0 + 2000,
          source: 'crm',
          props: { city: 'Lyon' },
        }),
      ),
      T0,
    );
    eng.ingest(
      logged(
        makeEvent({
          type: 'identify',
          userId: 'u',
          timestamp: T0 + 1000,
          source: 'web',
          props: { city: 'Paris', plan: 'gold' },
        }),
      ),
      T0,
    );
    const slot = eng.table.slot(eng.resolve('u')!)!;
    expect(eng.table.trait(slot, 'city')).toEqual({ value: 'Lyon', at: T0 + 2000, source: 'crm' });
    expect(eng.table.trait(slot, 'plan')?.value).toBe('gold');
  });

  it('merge keeps the newest value of each trait across both profiles', () => {
    const eng = new ProfileEngine();
    eng.ingest(
      logged(makeEvent({ type: 'identify', anonymousId: 'd1', timestamp: T0 + 5, props: { size: 'M' } })),
      T0,
    );
    eng.ingest(
      logged(makeEvent({ type: 'identify', userId: 'u', timestamp: T0 + 1, props: { size: 'L' } })),
      T0,
    );
    eng.ingest(
      logged(makeEvent({ type: 'identify', userId: 'u', anonymousId: 'd1', timestamp: T0 + 3 })),
      T0,
    );
    expect(eng.table.trait(eng.table.slot(eng.resolve('u')!)!, 'size')?.value).toBe('M');
  });
});

describe('interest', () => {
  it('keeps categories and brands apart in one list: top weights, shares and merges', () => {
    const eng = new ProfileEngine();
    const v = (anonymousId: string, category: string, brand: string, price = 10) =>
      makeEvent({ anonymousId, props: { product_id: `${category}-${brand}`, category, brand, price } });
    eng.ingest(logged(v('a', 'Shoes', 'Acme'), v('a', 'Shoes', 'Zed'), v('a', 'Hats', 'Acme')), T0);
    eng.ingest(logged(v('b', 'Hats', 'Zed'), v('b', 'Acme', 'Shoes')), T0);
    const slot = eng.table.slot(eng.resolve('a')!)!;
    const f = featuresOf(eng.table, slot, T0, eng.stats);
    expect(f.topCategories).toEqual([
      { name: 'Shoes', weight: 0.6667 },
      { name: 'Hats', weight: 0.3333 },
    ]);
    expect(f.topBrands.map((w) => w.name)).toEqual(['Acme', 'Zed']);
    const share = (rule: string, id: string) =>
      compileRule(parseRule(rule))(eng.table.slot(eng.resolve(id)!)!, eng.context(T0));
    expect(share('affinity.category("Shoes") > 0.6', 'a')).toBe(true);
    expect(share('affinity.brand("Acme") > 0.6', 'a')).toBe(true);
    expect(share('affinity.brand("Shoes") > 0.4', 'b')).toBe(true);
    expect(share('affinity.category("Shoes") > 0', 'b')).toBe(false);
    eng.ingest(logged(makeEvent({ type: 'identify', userId: 'u', anonymousId: 'a' })), T0);
    eng.ingest(logged(makeEvent({ type: 'identify', userId: 'u', anonymousId: 'b' })), T0);
    const merged = featuresOf(eng.table, eng.table.slot(eng.resolve('u')!)!, T0, eng.stats);
    expect(merged.topCategories.map((w) => w.name)).toEqual(['Shoes', 'Hats', 'Acme']);
    expect(merged.topBrands).toEqual([
      { name: 'Acme', weight: 0.4 },
      { name: 'Zed', weight: 0.4 },
      { name: 'Shoes', weight: 0.2 },
    ]);
  });
});

describe('refresh at scale', () => {
  it('reports more membership changes in one range than a call can take as arguments', () => {
    const eng = new ProfileEngine();
    const n = 160_000; // above V8's ~120,000-argument limit of a spread call
    for (let i = 0; i < n; i += 10_000) {
      const batch: LoggedEvent[] = [];
      for (let j = i; j < i + 10_000; j++)
        batch.push({
          ...makeEvent({ type: 'identify', userId: `u${j}`, props: { plan: 'gold' } }),
          seq: ++seq,
        });
      eng.ingest(batch, T0);
    }
    eng.segments.put({ id: 'gold', name: 'gold', rule: 'trait.plan = "gold"', createdAt: T0, updatedAt: T0 });
    const changes = eng.refresh(T0);
    expect(changes.length).toBe(n);
    expect(changes.every((c) => c.entered && c.segmentId === 'gold')).toBe(true);
    expect(eng.segments.count('gold')).toBe(n);
  });
});
