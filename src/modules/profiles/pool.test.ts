import { describe, expect, it } from 'vitest';
import { ActivityPool } from './activity.ts';
import { BlockPool, SlotHeaders } from './pool.ts';

describe('block pool', () => {
  it('keeps each slot’s entries across block moves and growth, and reuses freed blocks', () => {
    const pool = new BlockPool(2, { entries: 4 });
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
    const pool = new BlockPool(3, { refs: true });
    const e = pool.upsert(5, 7);
    pool.refs![e] = 'alice@example.com';
    pool.set(e, 1, 42);
    pool.clear(5);
    expect(pool.refs!.includes('alice@example.com')).toBe(false);
    expect(pool.chunks.flatMap((c) => [...c]).includes(42)).toBe(false);
  });

  it('gives zeroed entries after truncation, and leaves no values in freed or dropped entries', () => {
    const pool = new BlockPool(3, { entries: 4 });
    for (let k = 0; k < 6; k++) {
      const e = pool.upsert(1, k + 1);
      pool.set(e, 1, 100 + k);
      pool.set(e, 2, 200 + k);
    }
    pool.truncate(1, 2);
    const fresh = pool.append(1);
    expect([pool.get(fresh, 0), pool.get(fresh, 1), pool.get(fresh, 2)]).toEqual([0, 0, 0]);
    expect(pool.chunks.flatMap((c) => [...c]).filter((v) => v >= 100)).toEqual([100, 200, 101, 201]);
    pool.truncate(1, 0);
    expect(pool.chunks.flatMap((c) => [...c]).some((v) => v !== 0)).toBe(false);
    const reused = pool.append(2);
    expect([pool.get(reused, 1), pool.get(reused, 2)]).toEqual([0, 0]);
  });

  it('pools sharing slot headers keep their own lists', () => {
    const headers = new SlotHeaders(6);
    const a = new BlockPool(2, { entries: 4, headers });
    const b = new BlockPool(3, { entries: 4, headers });
    expect(() => new BlockPool(2, { entries: 4, headers })).toThrow(RangeError);
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

  it('grows by whole chunks once the first is full: no block straddles two, none is copied', () => {
    const pool = new BlockPool(2, { entries: 4, chunkBits: 4 }); // 16 entries per chunk
    pool.ensureSlots(64);
    for (let i = 0; i < 3000; i++) pool.add(pool.upsert(i % 40, Math.floor(i / 40) % 13), 1, 1);
    expect(pool.chunks.length).toBeGreaterThan(3);
    const first = pool.chunks[0];
    for (let i = 0; i < 2000; i++) pool.add(pool.upsert(40 + (i % 20), i % 9), 1, 1);
    expect(pool.chunks[0]).toBe(first);
    for (let slot = 0; slot < 60; slot++) {
      const start = pool.start(slot);
      expect(pool.chunkOf(start)).toBe(pool.chunkOf(start + pool.count(slot) - 1));
      let total = 0;
      for (let e = start; e < start + pool.count(slot); e++) total += pool.get(e, 1);
      expect(total).toBe(slot < 40 ? 75 : 100);
    }
    expect(pool.count(0)).toBe(13);
    const full = new BlockPool(2, { entries: 4, chunkBits: 3 });
    for (let k = 0; k < 8; k++) full.upsert(1, k);
    expect(() => full.upsert(1, 99)).toThrow(RangeError);
  });

  it('keeps an activity list at the limit to its newest half, then takes the next entry', () => {
    const activity = new ActivityPool(undefined, 3); // 8 entries at most
    for (let i = 1; i <= 8; i++) activity.add(2, i, 0, -1, -1, -1, -1);
    const version = activity.version(2);
    activity.add(2, 9, 0, -1, -1, -1, -1);
    expect(activity.records(2).map((r) => r.at)).toEqual([5, 6, 7, 8, 9]);
    expect(activity.version(2)).not.toBe(version);
    activity.compact(7, 3);
    expect(activity.records(2).map((r) => r.at)).toEqual([7, 8, 9]);
  });
});
