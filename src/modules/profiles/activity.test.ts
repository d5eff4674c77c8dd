import { describe, expect, it } from 'vitest';
import { ActivityPool } from './activity.ts';

describe('activity pool', () => {
  it('keeps per-slot lists across growth, merges lists and compacts old rows', () => {
    const pool = new ActivityPool();
    pool.ensureSlots(3);
    for (let i = 0; i < 3000; i++) pool.add(i % 3, i, 1, i % 7, -1, i, -1);
    expect(pool.records(0)).toHaveLength(1000);
    pool.moveAll(2, 0);
    expect(pool.records(0)).toHaveLength(2000);
    expect(pool.records(2)).toHaveLength(0);
    pool.compact(2500, 3);
    const kept = pool.records(0);
    expect(kept.every((r) => r.at >= 2500)).toBe(true);
    expect(kept).toHaveLength(333);
    expect(pool.records(1).map((r) => r.at)).toContain(2998);
    expect(pool.size).toBe(500);
    expect(pool.records(2)).toHaveLength(0);
  });

  it('packs each entry into three numbers and reads every field back exactly', () => {
    const pool = new ActivityPool();
    pool.ensureSlots(1);
    const at = Date.UTC(2026, 11, 8, 4, 0, 0, 123);
    pool.add(0, at, 3, 66_999_999, 12, 8_000_000_000, 1_000_000);
    pool.add(0, -86_400_001, 0, -1, 0, 0, -1);
    pool.add(0, at, 2, 2 ** 26, -1, 2 ** 33, 2 ** 20);
    expect(pool.records(0)).toEqual([
      { at, kind: 3, category: 66_999_999, brand: 12, product: 8_000_000_000, store: 1_000_000 },
      { at: -86_400_001, kind: 0, category: -1, brand: 0, product: 0, store: -1 },
      // Ids beyond their field are stored as none rather than corrupting the entry's other fields.
      { at, kind: 2, category: -1, brand: -1, product: -1, store: -1 },
    ]);
  });
});
