import { describe, expect, it } from 'vitest';
import { easeScores, invertSpd, trainEase } from './ease.ts';
import { InteractionTable } from './interactions.ts';

describe('EASE', () => {
  it('inverts a symmetric positive definite matrix', () => {
    const n = 4;
    const a = Float64Array.from([4, 1, 0, 2, 1, 5, 1, 0, 0, 1, 3, 1, 2, 0, 1, 6]);
    const p = invertSpd(a, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += a[i * n + k]! * p[k * n + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    expect(() => invertSpd(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/positive definite/);
  });

  it('learns that buyers of one item buy its complement, not what co-occurs by chance', () => {
    const t = new InteractionTable();
    const buy = (actor: string, productId: string, timestamp: number) =>
      t.add({ actor, productId, kind: 'purchase', timestamp, orderId: null, sessionId: null, storeId: null });
    let ts = 0;
    for (let u = 0; u < 200; u++) {
      // every shopper buys two of five staples at random; tea buyers also buy the teapot
      buy(`u${u}`, `staple${u % 5}`, ts++);
      buy(`u${u}`, `staple${(u * 3 + 1) % 5}`, ts++);
      if (u % 4 === 0) {
        buy(`u${u}`, 'tea', ts++);
        buy(`u${u}`, 'teapot', ts++);
      }
    }
    const order = t.chronological();
    const counts = new Float64Array(t.items.size);
    for (const r of order) counts[t.item.get(r)]!++;
    const popularOrder = Int32Array.from(counts.keys()).sort((a, b) => counts[b]! - counts[a]!);
    const m = trainEase(t, order, popularOrder, t.items.size, { topN: 10, lambda: 1, maxItemsPerUser: 50 });
    expect(m.items.length).toBe(7);
    const slot = (p: string) => m.items.indexOf(t.items.id(p)!);
    const out = new Float64Array(m.items.length);
    expect(easeScores(m, [slot('tea')], [1], out)).toBe(true);
    const ranked = [...out.keys()].sort((a, b) => out[b]! - out[a]!);
    expect(t.items.key(m.items[ranked[0]!]!)).toBe('teapot');
    expect(out[slot('tea')]).toBe(0); // the diagonal is zero: an item does not recommend itself
  });
});
