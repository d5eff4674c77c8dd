import { describe, expect, it } from 'vitest';
import { createRng } from '../../kernel/index.ts';
import { ScoreBoard, topByScore } from './topk.ts';

describe('top-k selection', () => {
  it('matches a full sort (score descending, ties to the smaller id) and skips -Infinity', () => {
    const rng = createRng(3);
    for (let round = 0; round < 50; round++) {
      const n = 1 + rng.int(300);
      const score = Float64Array.from({ length: n }, () => (rng.chance(0.1) ? -Infinity : rng.int(20)));
      const candidates = Array.from({ length: n }, (_, i) => i);
      const limit = 1 + rng.int(40);
      const expected = candidates
        .filter((c) => score[c] !== -Infinity)
        .sort((a, b) => score[b]! - score[a]! || a - b)
        .slice(0, limit);
      expect(topByScore(candidates, score, limit)).toEqual(expected);
    }
  });

  it('accumulates per item, keeps the best anchor, and starts clean after reset', () => {
    const b = new ScoreBoard(10);
    b.reset();
    b.add(3, 1, 7, 1);
    b.add(3, 2, 8, 2);
    b.add(5, 2.5, 9, 1);
    b.drop(5);
    expect(b.top(5)).toEqual([3]);
    expect([b.score[3], b.anchor[3], b.code[3]]).toEqual([3, 8, 2]);
    b.reset();
    b.add(4, 1);
    expect(b.top(5)).toEqual([4]);
    expect(b.score[4]).toBe(1);
  });
});
