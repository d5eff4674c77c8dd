import { describe, expect, it } from 'vitest';
import { F, NUMERIC_COLUMNS, ProfileTable, ROW, SCORE_COLUMNS } from './table.ts';

describe('ProfileTable rows', () => {
  it('gives every numeric field its own place inside a row', () => {
    const places = NUMERIC_COLUMNS.map((c) => F[c]);
    expect(new Set(places).size).toBe(NUMERIC_COLUMNS.length);
    for (const p of places) expect(p >= 0 && p < ROW).toBe(true);
    expect(ROW).toBe(NUMERIC_COLUMNS.length); // no padding: it measured no faster
  });

  it('keeps each profile its own fields when the table grows', () => {
    const t = new ProfileTable(2);
    const slots = Array.from({ length: 40 }, (_, i) => t.ensure(`p${i}`));
    for (const s of slots) {
      t.nums[s * ROW + F.views] = s + 1;
      t.nums[s * ROW + F.revenue] = 10 * s;
    }
    for (let i = 40; i < 300; i++) t.ensure(`p${i}`); // several doublings
    for (const s of slots) {
      expect(t.num(s, 'views')).toBe(s + 1);
      expect(t.num(s, 'revenue')).toBe(10 * s);
    }
  });

  it('resets a released slot: counts to zero, scores and location to NaN', () => {
    const t = new ProfileTable(4);
    const s = t.ensure('a');
    t.nums[s * ROW + F.orders] = 3;
    t.nums[s * ROW + F.pAlive] = 0.8;
    t.release('a');
    const again = t.ensure('b');
    expect(again).toBe(s);
    expect(t.num(again, 'orders')).toBe(0);
    for (const c of [...SCORE_COLUMNS, 'lat', 'lon'] as const) expect(t.num(again, c)).toBeNaN();
  });
});
