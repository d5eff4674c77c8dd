import { describe, expect, it } from 'vitest';
import { createRng } from '../../kernel/index.ts';
import { forecastSeries } from './auto.ts';
import { scoreMethod } from './evaluation.ts';
import type { SeriesKey } from './hierarchy.ts';
import { runPipeline } from './pipeline.ts';
import type { DemandSeries } from './types.ts';

const rng = createRng(3);
const n = 200;
const h = 14;
const keys: SeriesKey[] = [];
const series: DemandSeries[] = [];
for (const location of ['S1', 'S2']) {
  for (const product of ['a', 'b', 'c', 'd']) {
    keys.push({
      product,
      location,
      department: product < 'c' ? 'D1' : 'D2',
      category: 'C',
      region: location === 'S1' ? 'R1' : 'R2',
    });
    const rate = product === 'a' ? 8 : 0.6;
    series.push({
      id: `${product}@${location}`,
      y: Float64Array.from({ length: n }, (_, t) =>
        Math.round(rate * (t % 7 === 5 ? 1.5 : 1) * (0.5 + rng.next())),
      ),
    });
  }
}
const calendar = { dow: Uint8Array.from({ length: n + h }, (_, t) => t % 7) };

describe('pipeline', () => {
  for (const method of ['bottom_up', 'wls_struct', 'wls_var'] as const) {
    it(`gives coherent, non-negative, sorted forecasts (${method})`, () => {
      const res = runPipeline({ keys, series, calendar }, { horizon: h, reconcile: method });
      const { hierarchy, nodes } = res;
      hierarchy.children.forEach((kids, p) => {
        if (!kids.length) return;
        for (let t = 0; t < h; t++)
          expect(kids.reduce((s, c) => s + nodes[c].mean[t], 0)).toBeCloseTo(nodes[p].mean[t], 8);
      });
      for (const node of nodes) {
        for (let t = 0; t < h; t++) {
          expect(node.mean[t]).toBeGreaterThanOrEqual(0);
          for (let q = 1; q < node.quantiles.length; q++)
            expect(node.quantiles[q][t]).toBeGreaterThanOrEqual(node.quantiles[q - 1][t]);
        }
      }
      expect(Object.keys(res.timings)).toContain('reconcile');
    });
  }

  it('applies multiplier signals (e.g. a social-trend uplift) last, by name', () => {
    const panel = { y: series.map((s) => s.y), calendar };
    const base = forecastSeries(panel, 0, { horizon: h, method: 'ets' });
    const up = forecastSeries(
      {
        ...panel,
        signals: [{ name: 'trend_uplift', mode: 'multiplier', value: (_s, t) => (t >= n + 7 ? 1.5 : 1) }],
      },
      0,
      { horizon: h, method: 'ets' },
    );
    expect(up.model).toContain('trend_uplift');
    expect(up.mean[0]).toBeCloseTo(base.mean[0], 9);
    expect(up.mean[10]).toBeCloseTo(base.mean[10] * 1.5, 9);
  });

  it('scores a perfect forecast at zero error', () => {
    const train = series.map((s) => s.y.slice(0, n - h));
    const actual = series.map((s) => s.y.slice(n - h));
    const score = scoreMethod(
      { keys, train, actual, dollarSales: new Float64Array(keys.length).fill(1) },
      {
        mean: actual,
        quantiles: actual.map((a) => Array.from({ length: 9 }, () => a)),
        aggregateSpread: 'snaive',
      },
      'oracle',
      0,
    );
    for (const level of score.levels) expect(level.wrmsse).toBe(0);
    expect(score.levels[11].wspl).toBe(0);
  });
});
