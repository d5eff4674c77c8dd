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
});
