import { describe, expect, it } from 'vitest';
import type { LoggedEvent, PanierEvent } from '../../kernel/index.ts';
import { ACTIVITY_KINDS } from './activity.ts';
import { ProfileEngine } from './engine.ts';
import { applyEvent } from './features.ts';
import { INPUT, WATCH_BIT_COUNT, WATCH_BIT_FIRST } from './inputs.ts';
import { ProfileTable } from './table.ts';
import { makeEvent, T0 } from './test-events.ts';
import { ActivityWatches } from './watches.ts';

let seq = 0;
const logged = (...events: PanierEvent[]): LoggedEvent[] => events.map((e) => ({ ...e, seq: ++seq }));
const VIEWED = ACTIVITY_KINDS.indexOf('viewed');
const BOUGHT = ACTIVITY_KINDS.indexOf('bought');
const view = (anonymousId: string, category: string) =>
  makeEvent({ anonymousId, props: { product_id: 'p1', category, brand: 'b1', price: 10 } });

describe('activity watches', () => {
  it('give an entry the bits of what it names, and nothing for what nobody watches', () => {
    const w = new ActivityWatches();
    expect(w.any).toBe(false);
    const cat7 = w.watch(VIEWED, 'category', 7);
    const store3 = w.watch(BOUGHT, 'store', 3);
    expect(cat7).toBe(1 << WATCH_BIT_FIRST);
    expect(store3).toBe(1 << (WATCH_BIT_FIRST + 1));
    expect(w.bitsOf(VIEWED, 7, -1, -1, -1)).toBe(cat7);
    expect(w.bitsOf(VIEWED, 8, 7, 7, 3)).toBe(0); // a view of category 8 in store 3 is watched by no one
    expect(w.bitsOf(BOUGHT, 7, -1, -1, 3)).toBe(store3);
    expect(w.bitsOf(VIEWED, 5000, -1, -1, -1)).toBe(0); // beyond the ids any watch named
    w.clear();
    expect([w.any, w.bitsOf(VIEWED, 7, -1, -1, -1)]).toEqual([false, 0]);
  });

  it('share bits round-robin past their number, keeping every watch', () => {
    const w = new ActivityWatches();
    const bits = Array.from({ length: WATCH_BIT_COUNT + 5 }, (_, i) => w.watch(VIEWED, 'brand', i));
    expect(new Set(bits).size).toBe(WATCH_BIT_COUNT);
    expect(bits.map((_, i) => w.bitsOf(VIEWED, -1, i, -1, -1))).toEqual(bits);
  });

  it('are what applyEvent reports for an event of a watched category, with the verb input kept', () => {
    const table = new ProfileTable();
    const bit = table.watches.watch(VIEWED, 'category', table.categories.id('c7'));
    const slot = table.ensure('prf_a');
    const watched = applyEvent(table, slot, { ...view('a', 'c7'), seq: 1 });
    const other = applyEvent(table, slot, { ...view('a', 'c8'), seq: 2 });
    expect(watched & bit).toBe(bit);
    expect(other & bit).toBe(0);
    expect(other & INPUT.viewed).toBe(INPUT.viewed); // rules without a target still read every view
  });

  it('keep every saved segment current when there are more targeted predicates than bits', () => {
    const eng = new ProfileEngine({ hash: (s) => `h${s}` });
    const n = WATCH_BIT_COUNT + 5;
    for (let i = 0; i < n; i++)
      eng.segments.put({
        id: `s${i}`,
        name: `s${i}`,
        rule: `viewed category "c${i}"`,
        createdAt: 0,
        updatedAt: 0,
      });
    eng.segments.put({ id: 'shop', name: 'shop', rule: 'bought in store "st1"', createdAt: 0, updatedAt: 0 });
    eng.segments.remove('s0', T0); // the watches are registered again without it
    const changes = eng.ingest(
      logged(
        ...Array.from({ length: n }, (_, i) => view(`a${i}`, `c${i}`)),
        makeEvent({ anonymousId: 'b', type: 'order_completed', storeId: 'st1', props: { revenue: 5 } }),
      ),
      T0,
    );
    const entered = changes.filter((c) => c.entered).map((c) => c.segmentId);
    expect(entered.sort()).toEqual([...Array.from({ length: n - 1 }, (_, i) => `s${i + 1}`), 'shop'].sort());
  });
});
