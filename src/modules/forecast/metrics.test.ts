import { describe, expect, it } from 'vitest';
import { pinball, rmsse, spl } from './metrics.ts';

describe('M5 metrics', () => {
  it('RMSSE scales by the in-sample naive MSE from the first sale', () => {
    // Train 0,0,2,4,2: from first sale, diffs 2,-2 → scale 4. Errors 1,-1 → MSE 1 → RMSSE 0.5.
    expect(rmsse([0, 0, 2, 4, 2], [3, 3], [2, 4])).toBeCloseTo(0.5, 12);
  });

  it('pinball loss and SPL', () => {
    expect(pinball(10, 8, 0.9)).toBeCloseTo(1.8, 12);
    expect(pinball(10, 12, 0.9)).toBeCloseTo(0.2, 12);
    // Scale = mean |diff| = 2; one level u = 0.5, q = 3 vs actual 5 → 1 / 2 = 0.5
    expect(spl([0, 2, 4, 2], [5], [[3]], [0.5])).toBeCloseTo(0.5, 12);
  });
});
