import { describe, expect, it } from 'vitest';
import { createRng } from '../../kernel/index.ts';
import { autoEts, fitEts } from './ets.ts';
import { fitGbdt, predictGbdt } from './gbdt.ts';
import { adida, classifyDemand, croston, imapa, tsb } from './intermittent.ts';
import { seasonalNaive } from './naive.ts';
import { countQuantiles, withQuantiles } from './quantiles.ts';
import { theta } from './theta.ts';
import { QUANTILE_LEVELS } from './types.ts';

const rng = createRng(7);
const noise = (sd: number) => rng.normal() * sd;
// Exponential sizes: CV² ≈ 1, above the 0.49 cut-off.
const heavy = () => Math.ceil(-10 * Math.log(rng.next() + 1e-9));
const WEEK = [1, 0.8, 0.9, 1, 1.2, 1.6, 1.5];

describe('planted series', () => {
  it('ETS and Theta recover a linear trend', () => {
    const y = Float64Array.from({ length: 300 }, (_, t) => 20 + 0.5 * t + noise(1));
    const truth = Array.from({ length: 14 }, (_, i) => 20 + 0.5 * (300 + i));
    const ets = autoEts(y, 14);
    expect(ets.model).toMatch(/ETS\(A,Ad?,/);
    ets.mean.forEach((v, i) => {
      expect(Math.abs(v - truth[i])).toBeLessThan(3);
    });
    const th = theta(y, 14);
    // Theta halves the drift by design; it still follows the trend's direction.
    expect(th.mean[13]).toBeGreaterThan(y[299] - 2);
  });

  it('ETS picks additive seasonality on a weekly pattern and seasonal naive repeats it', () => {
    const y = Float64Array.from({ length: 364 }, (_, t) => 50 * WEEK[t % 7] + noise(1));
    const ets = autoEts(y, 14);
    expect(ets.model).toMatch(/,A\)$/);
    ets.mean.forEach((v, i) => {
      expect(Math.abs(v - 50 * WEEK[(364 + i) % 7])).toBeLessThan(3);
    });
    const sn = seasonalNaive(y, 7);
    sn.mean.forEach((v, i) => {
      expect(v).toBe(y[357 + i]);
    });
  });

  it('AICc prefers the simple model on white noise', () => {
    const y = Float64Array.from({ length: 400 }, () => 10 + noise(2));
    const nn = fitEts(y, { trend: 'N', season: 'N' });
    const aa = fitEts(y, { trend: 'A', season: 'A' });
    expect(nn.aicc).toBeLessThan(aa.aicc);
  });

  it('intermittent methods recover the mean rate and classify the pattern', () => {
    // Demand occurs with p = 0.2, size 5 ± 1: rate 1/day, ADI ≈ 5, CV² small.
    const y = Float64Array.from({ length: 1000 }, () => (rng.chance(0.2) ? 4 + rng.int(3) : 0));
    expect(classifyDemand(y).demandClass).toBe('intermittent');
    for (const f of [croston(y, 7), tsb(y, 7), adida(y, 7), imapa(y, 7)])
      expect(Math.abs(f.mean[0] - 1)).toBeLessThan(0.35);
    // SBA removes Croston's positive bias: strictly smaller by (1 − α/2).
    expect(croston(y, 1, { variant: 'sba' }).mean[0]).toBeCloseTo(croston(y, 1).mean[0] * 0.95, 6);
  });

  it('TSB decays toward zero after demand stops; Croston does not', () => {
    const y = Float64Array.from({ length: 400 }, (_, t) => (t < 200 && t % 3 === 0 ? 6 : 0));
    expect(tsb(y, 1).mean[0]).toBeLessThan(0.01);
    expect(croston(y, 1).mean[0]).toBeGreaterThan(1);
  });

  it('classifies smooth, erratic and lumpy demand', () => {
    expect(classifyDemand(Float64Array.from({ length: 200 }, () => 10 + rng.int(3))).demandClass).toBe(
      'smooth',
    );
    expect(classifyDemand(Float64Array.from({ length: 200 }, heavy)).demandClass).toBe('erratic');
    expect(
      classifyDemand(Float64Array.from({ length: 400 }, () => (rng.chance(0.1) ? heavy() : 0))).demandClass,
    ).toBe('lumpy');
  });
});

describe('quantiles', () => {
  it('Poisson quantiles match the exact distribution', () => {
    const out = QUANTILE_LEVELS.map(() => new Float64Array(1));
    countQuantiles(2, 2, QUANTILE_LEVELS, out, 0);
    // Poisson(2): P(X≤0)=.135, P(X≤1)=.406, P(X≤2)=.677, P(X≤3)=.857, P(X≤4)=.947, P(X≤5)=.983, P(X≤6)=.9955
    expect(out.map((r) => r[0])).toEqual([0, 0, 1, 1, 2, 3, 3, 5, 6]);
  });

  it('quantiles are monotone and bracket the mean', () => {
    const q = withQuantiles({
      model: 't',
      mean: Float64Array.of(0.3, 5, 400),
      sd: Float64Array.of(1, 4, 30),
    });
    for (let i = 0; i < 3; i++) {
      for (let k = 1; k < q.quantiles.length; k++)
        expect(q.quantiles[k][i]).toBeGreaterThanOrEqual(q.quantiles[k - 1][i]);
      expect(q.quantiles[0][i]).toBeLessThanOrEqual(q.mean[i]);
      expect(q.quantiles[8][i]).toBeGreaterThanOrEqual(q.mean[i]);
    }
  });
});

describe('gradient-boosted trees', () => {
  it('fit a step plus a linear effect', () => {
    const rows = 4000;
    const X = new Float32Array(rows * 2);
    const y = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      X[r * 2] = rng.next();
      X[r * 2 + 1] = rng.next();
      y[r] = (X[r * 2] > 0.5 ? 2 : 0) + X[r * 2 + 1];
    }
    const model = fitGbdt(X, y, 2, { trees: 60, depth: 3, minLeaf: 20 });
    expect(Math.abs(predictGbdt(model, [0.8, 0.5]) - 2.5)).toBeLessThan(0.2);
    expect(Math.abs(predictGbdt(model, [0.2, 0.9]) - 0.9)).toBeLessThan(0.2);
  });
});
