import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../../kernel/index.ts';
import { bgnbdLogLik, bgnbdTotalLogLik, expectedPurchases, fitBgNbd, pAlive, type RfmRow } from './bgnbd.ts';
import { expectedSpend, fitGammaGamma } from './gamma-gamma.ts';
import { hyp2f1, lnGamma } from './special.ts';

function gamma(rng: Rng, shape: number, rate: number): number {
  if (shape < 1) return gamma(rng, shape + 1, rate) * rng.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const v = (1 + c * z) ** 3;
    if (v > 0 && Math.log(Math.max(rng.next(), 1e-300)) < 0.5 * z * z + d - d * v + d * Math.log(v))
      return (d * v) / rate;
  }
}

/** Simulates BG/NBD customers: returns calibration rows and holdout purchase counts. */
function simulate(n: number, T: number, holdout: number, seed: number) {
  const rng = createRng(seed);
  const [r, alpha, a, b] = [0.6, 8, 0.9, 3];
  const rows: RfmRow[] = [];
  const future: number[] = [];
  for (let i = 0; i < n; i++) {
    const lambda = gamma(rng, r, alpha);
    const ga = gamma(rng, a, 1);
    const p = ga / (ga + gamma(rng, b, 1));
    let t = 0;
    let x = 0;
    let tx = 0;
    let inHoldout = 0;
    for (;;) {
      t += -Math.log(Math.max(rng.next(), 1e-300)) / lambda;
      if (t > T + holdout) break;
      if (t <= T) {
        x++;
        tx = t;
      } else inHoldout++;
      if (rng.next() < p) break;
    }
    rows.push({ x, tx, T });
    future.push(inHoldout);
  }
  return { rows, future, truth: { r, alpha, a, b } };
}

describe('special functions', () => {
  it('lnGamma and 2F1 match closed forms', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
    for (const z of [0.1, 0.5, 0.9]) expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 8);
  });
});

describe('BG/NBD', () => {
  it('recovers simulated parameters by MLE and forecasts holdout purchases in aggregate', () => {
    const { rows, future, truth } = simulate(4000, 52, 26, 7);
    const fit = fitBgNbd(rows);
    const byX = new Map<number, RfmRow[]>();
    for (const row of rows) {
      const group = byX.get(row.x);
      if (group) group.push(row);
      else byX.set(row.x, [row]);
    }
    const direct = rows.reduce((s, row) => s + bgnbdLogLik(truth, row), 0);
    expect(bgnbdTotalLogLik(truth, byX)).toBeCloseTo(direct, 6);
    expect(fit.logLik).toBeGreaterThanOrEqual(direct);
    expect(fit.r).toBeGreaterThan(truth.r * 0.7);
    expect(fit.r).toBeLessThan(truth.r * 1.4);
    expect(fit.a / (fit.a + fit.b)).toBeCloseTo(truth.a / (truth.a + truth.b), 1);
    const predicted = rows.reduce((s, row) => s + expectedPurchases(fit, row, 26), 0);
    const actual = future.reduce((s, v) => s + v, 0);
    expect(Math.abs(predicted - actual) / actual).toBeLessThan(0.1);
  });

  it('P(alive) is 1 without repeat purchases and falls as silence lengthens', () => {
    const p = { r: 0.5, alpha: 8, a: 0.9, b: 3 };
    expect(pAlive(p, { x: 0, tx: 0, T: 40 })).toBe(1);
    expect(pAlive(p, { x: 4, tx: 10, T: 40 })).toBeLessThan(pAlive(p, { x: 4, tx: 35, T: 40 }));
  });
});

describe('Gamma-Gamma', () => {
  it('recovers the population mean spend and shrinks individual means toward it', () => {
    const rng = createRng(3);
    const [p, q, g] = [6, 4, 15];
    const rows = Array.from({ length: 3000 }, () => {
      const nu = gamma(rng, q, g);
      const x = 1 + rng.int(6);
      let sum = 0;
      for (let i = 0; i < x; i++) sum += gamma(rng, p, nu);
      return { x, m: sum / x };
    });
    const fit = fitGammaGamma(rows);
    const populationMean = (p * g) / (q - 1);
    expect(expectedSpend(fit, { x: 0, m: 0 }) / populationMean).toBeGreaterThan(0.85);
    expect(expectedSpend(fit, { x: 0, m: 0 }) / populationMean).toBeLessThan(1.15);
    const one = expectedSpend(fit, { x: 1, m: 100 });
    const many = expectedSpend(fit, { x: 20, m: 100 });
    expect(one).toBeLessThan(many);
    expect(many).toBeLessThan(100);
  });
});
