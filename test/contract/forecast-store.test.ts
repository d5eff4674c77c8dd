import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlForecastStore, type SqlDatabase } from '../../src/adapters/sql/index.ts';
import type {
  ForecastHistoryRow,
  ForecastRow,
  ForecastRun,
  ForecastStore,
  ReplenishmentRow,
} from '../../src/modules/forecast/index.ts';
import { backendFactories, type TestBackend } from '../helpers/backends.ts';

const backends = await backendFactories();

function run(id: string, createdAt: number): ForecastRun {
  return {
    id,
    createdAt,
    model: 'ensemble+bottom_up',
    dataVersion: `seq:${createdAt}`,
    horizon: 3,
    startDate: '2026-01-01',
  };
}

/** Product rows at two locations plus their location totals, three days each. */
function rows(runId: string, products: number): ForecastRow[] {
  const out: ForecastRow[] = [];
  for (const location of ['store-1', 'store-2']) {
    for (let d = 0; d < 3; d++) {
      const date = `2026-01-0${d + 1}`;
      let total = 0;
      for (let p = 0; p < products; p++) {
        const mean = 1 + p + d / 10;
        total += mean;
        const quantiles = [0.1, 0.3, 0.6, 0.7, 1, 1.3, 1.4, 1.8, 2].map((f) => f * mean);
        out.push({
          runId,
          node: `product:${location}/p${p}`,
          level: 'product',
          product: `p${p}`,
          location,
          date,
          mean,
          quantiles,
        });
      }
      out.push({
        runId,
        node: `location:${location}`,
        level: 'location',
        product: null,
        location,
        date,
        mean: total,
        quantiles: Array(9).fill(total),
      });
    }
  }
  return out;
}

/** 1,500 product histories at store-1 plus the location's: more than one insert chunk. */
function histories(runId: string): ForecastHistoryRow[] {
  const dates = ['2025-12-29', '2025-12-30', '2025-12-31'];
  const out: ForecastHistoryRow[] = Array.from({ length: 1500 }, (_, p) => ({
    runId,
    node: `product:store-1/p${p}`,
    level: 'product',
    product: `p${p}`,
    location: 'store-1',
    dates,
    units: [p, 0, 2.5],
    imputed: [p, 1.25, 2.5],
    stockout: [0, 1, 0],
  }));
  out.push({
    runId,
    node: 'location:store-1',
    level: 'location',
    product: null,
    location: 'store-1',
    dates,
    units: [1_124_250, 0, 3750],
    imputed: [1_124_250, 1875, 3750],
    stockout: [0, 1500, 0],
  });
  return out;
}

function line(runId: string, product: string, risk: number, cover: number): ReplenishmentRow {
  return {
    runId,
    product,
    location: 'store-1',
    safetyStock: 2.5,
    reorderPoint: 7.25,
    orderUpTo: 20,
    position: 4,
    order: 16,
    stockoutRisk: risk,
    daysOfCover: cover,
  };
}

describe.each(backends)('forecast store contract on $name', ({ make }) => {
  let backend: TestBackend;
  let db: SqlDatabase;
  let store: ForecastStore;
  beforeAll(async () => {
    backend = await make();
    db = await backend.open();
    store = createSqlForecastStore(db);
  });
  afterAll(async () => {
    await db.close();
    await backend.dispose();
  });

  it('has no run before the first save', async () => {
    expect(await store.latestRun()).toBeNull();
  });

  it('saves a run with thousands of rows (chunked) and reads them back exactly', async () => {
    const many = rows('r1', 700); // 2 × 3 × 701 = 4,206 rows: several insert chunks
    await store.saveRun(run('r1', 1000), many, [line('r1', 'p0', 0.1, 5), line('r1', 'p1', 0.9, 1)]);
    expect(await store.latestRun()).toEqual(run('r1', 1000));
    const got = await store.forecasts({ runId: 'r1', product: 'p7', location: 'store-2', limit: 100 });
    const want = many.filter((r) => r.product === 'p7' && r.location === 'store-2');
    expect(got).toHaveLength(3);
    got.forEach((r, i) => {
      expect(r.date).toBe(want[i]!.date);
      expect(r.mean).toBeCloseTo(want[i]!.mean, 6);
      r.quantiles.forEach((q, j) => {
        expect(q).toBeCloseTo(want[i]!.quantiles[j]!, 6);
      });
    });
    const all = await store.forecasts({ runId: 'r1', limit: 10_000 });
    expect(all).toHaveLength(many.length);
  });

  it('filters by level and location and honours the limit', async () => {
    const totals = await store.forecasts({ runId: 'r1', level: 'location', location: 'store-1', limit: 10 });
    expect(totals.map((r) => r.date)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    expect(totals.every((r) => r.product === null && r.node === 'location:store-1')).toBe(true);
    expect(await store.forecasts({ runId: 'r1', location: 'store-1', limit: 5 })).toHaveLength(5);
    const store2 = await store.forecasts({
      runId: 'r1',
      level: 'product',
      location: 'store-2',
      limit: 10_000,
    });
    expect(store2).toHaveLength(2100);
    expect(store2.every((r) => r.location === 'store-2' && r.level === 'product')).toBe(true);
    const p7 = await store.forecasts({ runId: 'r1', product: 'p7', limit: 100 });
    expect(p7.map((r) => `${r.node} ${r.date}`)).toEqual(
      ['store-1', 'store-2'].flatMap((l) =>
        ['2026-01-01', '2026-01-02', '2026-01-03'].map((d) => `product:${l}/p7 ${d}`),
      ),
    );
    expect(await store.forecasts({ runId: 'r1', level: 'total', limit: 5 })).toEqual([]);
    expect(await store.forecasts({ runId: 'nope', limit: 5 })).toEqual([]);
  });

  it('keeps runs apart and answers the latest by creation time', async () => {
    await store.saveRun(run('r0', 500), rows('r0', 1), []);
    expect((await store.latestRun())?.id).toBe('r1');
    await store.saveRun(run('r2', 2000), rows('r2', 2), [line('r2', 'p0', 0.5, 2)]);
    expect((await store.latestRun())?.id).toBe('r2');
    expect(await store.forecasts({ runId: 'r2', level: 'product', limit: 1000 })).toHaveLength(12);
    expect(await store.replenishment({ runId: 'r0', location: 'store-1' })).toEqual([]);
  });

  it('lists replenishment riskiest first, at-risk only on request, infinite cover round-trips', async () => {
    await store.saveRun(
      run('r3', 3000),
      [],
      [line('r3', 'a', 0.05, Number.POSITIVE_INFINITY), line('r3', 'b', 0.6, 3), line('r3', 'c', 0.3, 6)],
    );
    const lines = await store.replenishment({ runId: 'r3', location: 'store-1' });
    expect(lines.map((l) => l.product)).toEqual(['b', 'c', 'a']);
    expect(lines[2]!.daysOfCover).toBe(Number.POSITIVE_INFINITY);
    expect(lines[0]).toEqual(line('r3', 'b', 0.6, 3));
    const risky = await store.replenishment({ runId: 'r3', location: 'store-1', atRiskOnly: true });
    expect(risky.map((l) => l.product)).toEqual(['b', 'c']);
    expect(await store.replenishment({ runId: 'r3', location: 'store-2' })).toEqual([]);
  });

  it('saves the demand history of a run and reads it back by node, product, location and level', async () => {
    const h = histories('r5');
    await store.saveRun({ ...run('r5', 500), startDate: '2026-01-01' }, [], [], h);
    expect(await store.history({ runId: 'r5', node: 'product:store-1/p7', limit: 10 })).toEqual([h[7]]);
    expect(await store.history({ runId: 'r5', product: 'p1499', location: 'store-1', limit: 10 })).toEqual([
      h[1499],
    ]);
    expect(await store.history({ runId: 'r5', level: 'location', limit: 10 })).toEqual([h[1500]]);
    const products = await store.history({ runId: 'r5', level: 'product', limit: 2000 });
    expect(products).toHaveLength(1500);
    expect(products[0]!.node).toBe('product:store-1/p0');
    expect(await store.history({ runId: 'r5', location: 'store-1', limit: 5 })).toHaveLength(5);
    expect(await store.history({ runId: 'r1', limit: 5 })).toEqual([]);
    expect(await store.history({ runId: 'r5', node: 'product:store-2/p7', limit: 5 })).toEqual([]);
  });

  it('prunes all but the newest runs with their rows', async () => {
    // Runs so far, newest first: r3, r2, r1, r5, r0.
    expect((await store.pruneRuns(2)).sort()).toEqual(['r0', 'r1', 'r5']);
    expect(await store.history({ runId: 'r5', limit: 10 })).toEqual([]);
    expect((await store.latestRun())?.id).toBe('r3');
    expect(await store.forecasts({ runId: 'r1', limit: 10 })).toEqual([]);
    expect(await store.forecasts({ runId: 'r2', limit: 10 })).toHaveLength(10);
    expect(await store.replenishment({ runId: 'r2', location: 'store-1' })).toHaveLength(1);
    expect(await store.pruneRuns(2)).toEqual([]);
  });

  it('saves nothing of a run whose rows are rejected', async () => {
    const dup = rows('r4', 1);
    await expect(store.saveRun(run('r4', 4000), [...dup, dup[0]!], [])).rejects.toThrow();
    expect((await store.latestRun())?.id).toBe('r3');
    expect(await store.forecasts({ runId: 'r4', limit: 10 })).toEqual([]);
  });
});
