import { describe, expect, it } from 'vitest';
import { buildHierarchy, type SeriesKey } from './hierarchy.ts';
import type { NodeForecast } from './pipeline.ts';
import { forecastRows, replenishmentRows } from './run-output.ts';
import { QUANTILE_LEVELS } from './types.ts';

const KEYS: SeriesKey[] = [
  { product: 'p1', location: 's1', department: 'D', category: 'C', region: 'north' },
  { product: 'p2', location: 's1', department: 'D', category: 'C', region: 'north' },
  { product: 'p1', location: 's2', department: 'D', category: 'C', region: 'south' },
];
const RUN = { id: 'r', createdAt: 1, model: 'm', dataVersion: 'v', horizon: 2, startDate: '2026-01-01' };

function flat(id: string, mean: number): NodeForecast {
  return {
    id,
    mean: Float64Array.of(mean, mean),
    levels: QUANTILE_LEVELS,
    quantiles: QUANTILE_LEVELS.map((l) => Float64Array.of(mean * 2 * l, mean * 2 * l)),
  };
}

describe('run output rows', () => {
  const hierarchy = buildHierarchy(KEYS);
  const nodes = hierarchy.ids.map((id, n) => flat(id, hierarchy.leafCount[n]));

  it('writes every node × date with the product and location that apply to its level', () => {
    const rows = [...forecastRows(RUN, hierarchy, KEYS, nodes, ['2026-01-01', '2026-01-02'])];
    expect(rows).toHaveLength(hierarchy.ids.length * 2);
    const at = (node: string) => rows.find((r) => r.node === node && r.date === '2026-01-02')!;
    expect(at('product:s2/p1')).toMatchObject({ level: 'product', product: 'p1', location: 's2', mean: 1 });
    expect(at('department:s1/D')).toMatchObject({
      level: 'department',
      product: null,
      location: 's1',
      mean: 2,
    });
    expect(at('location:s1')).toMatchObject({ level: 'location', product: null, location: 's1' });
    expect(at('region:north')).toMatchObject({ level: 'region', product: null, location: null });
    expect(at('total')).toMatchObject({ level: 'total', location: null, mean: 3 });
    expect(at('total').quantiles).toHaveLength(QUANTILE_LEVELS.length);
  });

  it('plans one line per stocked series and skips places without stock', () => {
    const lines = replenishmentRows(
      RUN,
      hierarchy,
      KEYS,
      nodes,
      (product, location) =>
        location === 's2' ? undefined : { product, location, onHand: 5, inTransit: 2, reserved: 1 },
      { leadTime: 1, reviewPeriod: 1, serviceLevel: 0.95 },
    );
    expect(lines.map((l) => `${l.location}/${l.product}`)).toEqual(['s1/p1', 's1/p2']);
    expect(lines[0]).toMatchObject({ runId: 'r', position: 6 });
  });
});

describe('slow movers', () => {
  it('plan safety stock from the model SD when count quantiles collapse to zero', () => {
    const keys = [KEYS[0]!];
    const hierarchy = buildHierarchy(keys);
    // Poisson(0.15) a day: every quantile up to 0.835 is 0, so the quantile spread says σ = 0.
    const slow = (id: string): NodeForecast => ({
      id,
      mean: new Float64Array(7).fill(0.15),
      levels: QUANTILE_LEVELS,
      quantiles: QUANTILE_LEVELS.map((l) => new Float64Array(7).fill(l > 0.835 ? 1 : 0)),
    });
    const nodes = hierarchy.ids.map(slow);
    const stockOf = (product: string, location: string) => ({ product, location, onHand: 0 });
    const policy = { leadTime: 4, reviewPeriod: 3, serviceLevel: 0.95 };
    const [fromQuantiles] = replenishmentRows(RUN, hierarchy, keys, nodes, stockOf, policy);
    expect(fromQuantiles!.safetyStock).toBe(0);
    const sd = new Float64Array(7).fill(Math.sqrt(0.15));
    const [fromSd] = replenishmentRows(RUN, hierarchy, keys, nodes, stockOf, policy, [sd]);
    expect(fromSd!.safetyStock).toBeCloseTo(1.6449 * Math.sqrt(0.15) * 2, 3); // z·σ·√L, L = 4
    expect(fromSd!.order).toBeGreaterThan(fromQuantiles!.order);
  });
});
