import { describe, expect, it } from 'vitest';
import { auc, brier, calibration, ece, errors } from './evaluation.ts';

describe('evaluation metrics', () => {
  it('AUC is 1 for a perfect ranking, 0.5 for ties, and counts ties as half', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(auc([0.5, 0.5, 0.5, 0.5], [false, true, false, true])).toBe(0.5);
    expect(auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
  });

  it('calibration bins, ECE, Brier and error summaries', () => {
    const p = [0.1, 0.1, 0.9, 0.9];
    const y = [false, false, true, false];
    const bins = calibration(p, y, 2);
    expect(bins).toEqual([
      { n: 2, predicted: 0.1, observed: 0 },
      { n: 2, predicted: 0.9, observed: 0.5 },
    ]);
    expect(ece(bins)).toBeCloseTo(0.25, 10);
    expect(brier(p, y)).toBeCloseTo((0.01 + 0.01 + 0.01 + 0.81) / 4, 10);
    const e = errors([1, 2, 3], [1, 2, 5]);
    expect(e.mae).toBeCloseTo(2 / 3, 10);
    expect(e.aggregateBias).toBeCloseTo(-2 / 8, 10);
  });
});
