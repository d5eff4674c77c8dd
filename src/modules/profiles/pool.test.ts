import { describe, expect, it } from 'vitest';
import { BlockPool, SlotHeaders } from './pool.ts';

describe('block pool', () => {
  it('keeps each slot’s entries across block moves and growth, and reuses freed blocks', () => {
    const pool = new BlockPool(2, false, 4);
    pool.ensureSlots(4);
    for (let i = 0; i < 300; i++) pool.add(pool.upsert(i % 3, Math.floor(i / 3) % 20), 1, 1);
    expect(pool.count(0)).toBe(pool.count(1));
    for (let slot = 0; slot < 3; slot++) {
      let total = 0;
      for (let e = pool.start(slot), end = e + pool.count(slot); e < end; e++) total += pool.get(e, 1);
      expect(total).toBe(100);
    }
    expect(pool.count(1)).toBe(20);
    expect(pool.get(pool.find(1, 7), 1)).toBe(5);
    expect(pool.find(1, 20)).toBe(-1);
    const allocated = pool.allocated;
    pool.clear(0);
    expect(pool.find(0, 0)).toBe(-1);
    for (let k = 0; k < 20; k++) pool.upsert(3, 1000 + k);
    expect(pool.allocated).toBe(allocated); // slot 3 grew through blocks the others freed
    expect(pool.rows).toBe(60);
    expect(pool.get(pool.find(2, 19), 1)).toBe(5);
  });

  it('clears the values of freed entries (erasure leaves nothing behind in memory)', () => {
    const pool = new BlockPool(3, true);
    const e = pool.upsert(5, 7);
    pool.refs![e] = 'alice@example.com';
    pool.set(e, 1, 42);
    pool.clear(5);
    expect(pool.refs!.includes('alice@example.com')).toBe(false);
    expect([...pool.data].includes(42)).toBe(false);
  });

  it('gives zeroed entries after truncation, and leaves no values in freed or dropped entries', () => {
    const pool = new BlockPool(3, false, 4);
    for (let k = 0; k < 6; k++) {
      const e = pool.upsert(1, k + 1);
      pool.set(e, 1, 100 + k);
      pool.set(e, 2, 200 + k);
    }
    pool.truncate(1, 2);
    const fresh = pool.append(1);
    expect([pool.get(fresh, 0), pool.get(fresh, 1), pool.get(fresh, 2)]).toEqual([0, 0, 0]);
    expect([...pool.data].filter((v) => v >= 100)).toEqual([100, 200, 101, 201]);
    pool.truncate(1, 0);
    expect([...pool.data].some((v) => v !== 0)).toBe(false);
    const reused = pool.append(2);
    expect([pool.get(reused, 1), pool.get(reused, 2)]).toEqual([0, 0]);
  });

  it('pools sharing slot headers keep their own lists', () => {
    const headers = new SlotHeaders(6);
    const a = new BlockPool(2, false, 4, headers);
    const b = new BlockPool(3, false, 4, headers);
    expect(() => new BlockPool(2, false, 4, headers)).toThrow(RangeError);
    for (let i = 0; i < 200; i++) {
      a.add(a.upsert(i % 5, i % 7), 1, 1);
      b.add(b.upsert(i % 3, 100 + (i % 11)), 2, 1);
      if (i === 150) a.clear(2);
    }
    a.ensureSlots(5000);
    expect([a.count(0), a.count(2), b.count(0), b.count(3)]).toEqual([7, 7, 11, 0]);
    expect(a.find(0, 100)).toBe(-1);
    expect(b.get(b.find(1, 104), 2)).toBe(6);
    let total = 0;
    for (let e = a.start(2), end = e + a.count(2); e < end; e++) total += a.get(e, 1);
    expect(total).toBe(10);
  });
});
