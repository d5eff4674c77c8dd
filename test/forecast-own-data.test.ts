import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlForecastStore } from '../src/adapters/sql/index.ts';
import { type ForecastRunSummary, runForecast } from '../src/app/forecasting.ts';
import type { ForecastRow } from '../src/modules/forecast/index.ts';
import { backendFactories, type TestBackend } from './helpers/backends.ts';
import { type TestEngine, testEngine } from './helpers/engine.ts';

const DAY = 86_400_000;
const DAYS = 112;
const START = Date.UTC(2026, 0, 5); // a Monday
const weekend = (d: number) => d % 7 >= 5;

/** Planted retailer: A sells 10/day (20 on weekends) at store-1 at the till; B 3/day at store-2 until it runs out
 * ten days before the end; C 2/day online, fulfilled by store-1, with one order refunded. */
function orders(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const order = (d: number, id: string, store: string, product: string, quantity: number) =>
    out.push({
      type: 'track',
      event: 'Order Completed',
      messageId: `m-${id}`,
      anonymousId: `a-${id}`,
      timestamp: new Date(START + d * DAY + 12 * 3_600_000).toISOString(),
      properties: { order_id: id, store_id: store, products: [{ product_id: product, quantity, price: 4 }] },
    });
  for (let d = 0; d < DAYS; d++) {
    order(d, `a${d}`, 'store-1', 'A', weekend(d) ? 20 : 10);
    if (d < DAYS - 10) order(d, `b${d}`, 'store-2', 'B', 3);
    order(d, `c${d}`, 'store-1', 'C', 2);
  }
  out.push({
    type: 'track',
    event: 'Order Refunded',
    messageId: 'm-refund',
    anonymousId: 'a-refund',
    timestamp: new Date(START + (DAYS - 1) * DAY).toISOString(),
    properties: { order_id: 'c3' },
  });
  return out;
}

describe.each(await backendFactories())(
  'panier forecast on your own data (planted series) on $name',
  ({ name, make }) => {
    let backend: TestBackend;
    let t: TestEngine;
    let daily: ForecastRunSummary;
    const rowsOf = (runId: string, product: string, location: string) =>
      createSqlForecastStore(t.engine.sql).forecasts({ runId, product, location, limit: 100 });
    const mean = (rows: ForecastRow[]) => rows.reduce((a, r) => a + r.mean, 0) / rows.length;

    beforeAll(async () => {
      backend = await make();
      t = await testEngine(name === 'postgres' ? { storage: { url: backend.url } } : {});
      const { catalog, ingestor } = t.engine;
      await catalog.upsertProducts([
        { id: 'A', title: 'Spade', price: 4, category: 'Garden > Tools' },
        { id: 'B', title: 'Seeds', price: 4, category: 'Garden > Seeds' },
        { id: 'C', title: 'Pan', price: 4, category: 'Kitchen' },
      ]);
      await catalog.upsertLocations([
        { id: 'store-1', name: 'North', kind: 'store', lat: 45.7, lon: 4.8, region: 'north' },
        { id: 'store-2', name: 'South', kind: 'store', lat: 43.3, lon: 5.4, region: 'south' },
      ]);
      await catalog.upsertInventory([
        { productId: 'A', locationId: 'store-1', onHand: 30, reserved: 2, inTransit: 0 },
        { productId: 'B', locationId: 'store-2', onHand: 0, inTransit: 12 },
        { productId: 'C', locationId: 'store-1', onHand: 50 },
      ]);
      const all = orders();
      for (let i = 0; i < all.length; i += 100) {
        const r = await ingestor.ingestMessages(all.slice(i, i + 100), 'test');
        expect(r.errors).toEqual([]);
      }
      daily = await runForecast(t.engine, { horizon: 14, workers: 1 });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
      await backend?.dispose();
    });

    it('uses the ensemble with the global model once the history is long enough', () => {
      expect(daily.series).toBe(3);
      expect(daily.run.model).toMatch(/^ensemble/);
      expect(daily.run.startDate).toBe(new Date(START + DAYS * DAY).toISOString().slice(0, 10));
    });

    it('learns the weekly shape of a till product', async () => {
      const rows = await rowsOf(daily.run.id, 'A', 'store-1');
      const day = (r: ForecastRow) => Math.round((Date.parse(`${r.date}T00:00:00Z`) - START) / DAY);
      expect(mean(rows.filter((r) => weekend(day(r))))).toBeGreaterThan(16);
      expect(mean(rows.filter((r) => !weekend(day(r))))).toBeLessThan(13);
    });

    it('does not learn a stockout as zero demand', async () => {
      expect(daily.stockoutSeries).toBe(1);
      expect(mean(await rowsOf(daily.run.id, 'B', 'store-2'))).toBeGreaterThan(2.4);
      const [line] = await createSqlForecastStore(t.engine.sql).replenishment({
        runId: daily.run.id,
        location: 'store-2',
      });
      expect(line).toMatchObject({ product: 'B', position: 12, daysOfCover: 0 });
      expect(line!.stockoutRisk).toBeGreaterThan(0.9);
      expect(line!.order).toBeGreaterThan(0);
    });

    it('counts online orders at their fulfilling store and rolls up by department, category and region', async () => {
      expect(mean(await rowsOf(daily.run.id, 'C', 'store-1'))).toBeCloseTo(2, 0);
      const store = createSqlForecastStore(t.engine.sql);
      const at = async (level: string, location?: string) =>
        (await store.forecasts({ runId: daily.run.id, level, location, limit: 1000 })).filter(
          (r) => r.date === daily.run.startDate,
        );
      const garden = (await at('category', 'store-1')).find((r) => r.node === 'category:store-1/Garden')!;
      const tools = (await at('department', 'store-1')).find(
        (r) => r.node === 'department:store-1/Garden > Tools',
      )!;
      expect(garden.mean).toBeCloseTo(tools.mean, 6);
      const regions = await at('region');
      expect(regions.map((r) => r.node).sort()).toEqual(['region:north', 'region:south']);
      const [total] = await at('total');
      expect(total!.mean).toBeCloseTo(regions[0]!.mean + regions[1]!.mean, 6);
    });

    it('forecasts weekly buckets on request', async () => {
      const weekly = await runForecast(t.engine, { freq: 'week', horizon: 4, workers: 1, keep: 1 });
      expect(weekly.pruned).toEqual([daily.run.id]);
      expect(weekly.run.model).toMatch(/freq=week/);
      const a = await rowsOf(weekly.run.id, 'A', 'store-1');
      expect(a).toHaveLength(4);
      expect(mean(a)).toBeGreaterThan(80); // 5 × 10 + 2 × 20 = 90 a week
      expect(mean(a)).toBeLessThan(100);
    });
  },
);
