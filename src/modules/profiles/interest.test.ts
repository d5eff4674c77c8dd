import { describe, expect, it } from 'vitest';
import { ACTIVITY_KINDS } from './activity.ts';
import { AFFINITY_HALF_LIFE_DAYS, decayedAt, interestShare, interestWeights } from './interest.ts';
import { ProfileTable } from './table.ts';
import { DAY_MS as DAY } from './test-events.ts';

const NOW = Date.UTC(2026, 10, 1);
const [VIEWED, BOUGHT, SEARCHED] = (['viewed', 'bought', 'searched'] as const).map((k) =>
  ACTIVITY_KINDS.indexOf(k),
);

describe('interest derived from activity', () => {
  const table = new ProfileTable(4);
  const slot = table.ensure('prf_a');
  const shoes = table.categories.id('shoes');
  const hats = table.categories.id('hats');
  const add = (daysAgo: number, kind: number, category: number) =>
    table.activity.add(slot, NOW - daysAgo * DAY, kind, category, -1, -1, -1);

  it('halves a view every half-life, weighs a purchase as five views and a search as none', () => {
    add(0, VIEWED, shoes);
    add(AFFINITY_HALF_LIFE_DAYS, VIEWED, hats);
    add(0, SEARCHED, hats);
    const w = interestWeights(table, slot, 'category');
    expect(decayedAt(w.get(shoes)!, NOW)).toBeCloseTo(1, 9);
    expect(decayedAt(w.get(hats)!, NOW)).toBeCloseTo(0.5, 9);
    expect(interestShare(table, slot, 'category', shoes)).toBeCloseTo(1 / 1.5, 9);
    add(0, BOUGHT, hats);
    expect(interestShare(table, slot, 'category', hats)).toBeCloseTo(5.5 / 6.5, 9);
  });

  it('is zero for a profile without activity or an id it never touched', () => {
    const empty = table.ensure('prf_b');
    expect(interestWeights(table, empty, 'brand').size).toBe(0);
    expect(interestShare(table, empty, 'category', shoes)).toBe(0);
    expect(interestShare(table, slot, 'brand', 0)).toBe(0);
  });
});
