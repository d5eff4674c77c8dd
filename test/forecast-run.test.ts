import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../src/adapters/http/auth.ts';
import { onError } from '../src/adapters/http/errors.ts';
import { forecastRoutes } from '../src/adapters/http/routes/forecast.ts';
import { createSqlForecastStore } from '../src/adapters/sql/index.ts';
import { generateDemo } from '../src/app/demo-setup.ts';
import { type ForecastRunSummary, runForecast } from '../src/app/forecasting.ts';
import { silentLogger } from '../src/kernel/index.ts';
import { demandFromEvents, HISTORY_PERIODS, QUANTILE_LEVELS } from '../src/modules/forecast/index.ts';
import { bearer, type TestEngine, testEngine } from './helpers/engine.ts';

const END = Date.UTC(2026, 10, 1);

interface Row {
  node: string;
  level: string;
  product: string | null;
  location: string | null;
  date: string;
  mean: number;
  quantiles: number[];
}
interface Line {
  product: string;
  location: string;
  safetyStock: number;
  reorderPoint: number;
  orderUpTo: number;
  position: number;
  order: number;
  stockoutRisk: number;
  daysOfCover: number | null;
}

describe('panier forecast end to end: demo log → run → SQL store → HTTP', () => {
  let t: TestEngine;
  let app: Hono<AppEnv>;
  let summary: ForecastRunSummary;
  const get = (path: string) => app.request(path, { headers: { authorization: bearer(t.secretKey) } });

  beforeAll(async () => {
    t = await testEngine();
    await generateDemo(t.engine, { products: 300, shoppers: 300, days: 60, endDate: END });
    summary = await runForecast(t.engine, { horizon: 14, workers: 1 });
    app = new Hono<AppEnv>();
    app.onError(onError(silentLogger));
    app.route(
      '/',
      forecastRoutes({
        keys: t.engine.keys,
        logger: silentLogger,
        forecasts: createSqlForecastStore(t.engine.sql),
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('persists a run that names its model and data version', async () => {
    expect(summary.series).toBeGreaterThan(50);
    expect(summary.rows).toBe(summary.nodes * 14);
    expect(summary.run.dataVersion).toMatch(/^log≤\d+/);
    const res = await get('/v1/forecasts?level=total');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      run: { id: string; model: string; startDate: string };
      quantileLevels: number[];
      forecasts: Row[];
    };
    expect(body.run.id).toBe(summary.run.id);
    expect(body.run.model).toContain('bottom_up');
    expect(body.run.startDate).toBe('2026-11-01'); // the demo's days end the day before endDate
    expect(body.quantileLevels).toEqual([...QUANTILE_LEVELS]);
    expect(body.forecasts).toHaveLength(14);
    expect(body.forecasts.every((r) => r.mean > 0)).toBe(true);
  });

  it('answers a product at a location with ordered quantiles, and every level sums its children', async () => {
    const rows = async (query: string) =>
      ((await (await get(`/v1/forecasts?${query}&limit=10000`)).json()) as { forecasts: Row[] }).forecasts;
    const leaves = await rows('level=product&location=store-01');
    expect(leaves.length).toBeGreaterThan(14);
    const busiest = leaves.reduce((a, b) => (b.mean > a.mean ? b : a));
    const one = await rows(`product=${encodeURIComponent(busiest.product!)}&location=store-01`);
    expect(one).toHaveLength(14);
    for (const r of one) {
      expect(r.level).toBe('product');
      for (let q = 1; q < r.quantiles.length; q++)
        expect(r.quantiles[q]!).toBeGreaterThanOrEqual(r.quantiles[q - 1]!);
      expect(r.quantiles[0]!).toBeLessThanOrEqual(r.mean);
      expect(r.quantiles[8]!).toBeGreaterThanOrEqual(r.mean);
    }
    const sumByDate = (list: Row[]) => {
      const m = new Map<string, number>();
      for (const r of list) m.set(r.date, (m.get(r.date) ?? 0) + r.mean);
      return m;
    };
    const leafSum = sumByDate(leaves);
    for (const r of await rows('level=location&location=store-01'))
      expect(r.mean).toBeCloseTo(leafSum.get(r.date)!, 6);
    const locationSum = sumByDate(await rows('level=location'));
    const total = await rows('level=total');
    expect(total).toHaveLength(14);
    for (const r of total) expect(r.mean).toBeCloseTo(locationSum.get(r.date)!, 6);
  });

  it('answers the replenishment plan of a store from the persisted run, riskiest first', async () => {
    const res = await get('/v1/replenishment?location=store-01');
    expect(res.status).toBe(200);
    const { lines } = (await res.json()) as { lines: Line[] };
    expect(lines.length).toBeGreaterThan(0);
    for (let i = 1; i < lines.length; i++)
      expect(lines[i]!.stockoutRisk).toBeLessThanOrEqual(lines[i - 1]!.stockoutRisk);
    for (const l of lines) {
      expect(l.location).toBe('store-01');
      expect(l.order).toBeGreaterThanOrEqual(0);
      expect(l.orderUpTo).toBeGreaterThanOrEqual(l.reorderPoint - 1e-9);
      if (l.order > 0) expect(l.order).toBeGreaterThanOrEqual(l.orderUpTo - l.position - 1e-9);
    }
    const inventory = await t.engine.catalog.getInventory({
      productId: lines[0]!.product,
      locationId: 'store-01',
    });
    const expected = (inventory?.onHand ?? 0) + (inventory?.inTransit ?? 0) - (inventory?.reserved ?? 0);
    expect(lines[0]!.position).toBeCloseTo(expected, 6);
    const risky = (await (await get('/v1/replenishment?location=store-01&atRisk=true')).json()) as {
      lines: Line[];
    };
    expect(risky.lines.every((l) => l.stockoutRisk >= 0.2)).toBe(true);
  });

  it('answers the demand history the run saw: the log’s daily sales of a series, sums at every level', async () => {
    interface History {
      node: string;
      level: string;
      product: string | null;
      location: string | null;
      dates: string[];
      units: number[];
      stockout: number[];
    }
    const history = async (query: string) => {
      const res = await get(`/v1/forecasts/history?${query}`);
      expect(res.status, query).toBe(200);
      return ((await res.json()) as { history: History[] }).history;
    };
    const events = await t.engine.log.scan(0, 1_000_000);
    const direct = demandFromEvents(events, { freq: 'day' });
    const leaves = await history('level=product&location=store-01&limit=1000');
    expect(leaves.length).toBeGreaterThan(10);
    const busiest = leaves.reduce((a, b) =>
      b.units.reduce((x, y) => x + y, 0) > a.units.reduce((x, y) => x + y, 0) ? b : a,
    );
    const [one] = await history(`node=${encodeURIComponent(busiest.node)}`);
    expect(one!.dates).toHaveLength(HISTORY_PERIODS);
    // The history ends the day before the forecast starts.
    expect(one!.dates.at(-1)).toBe('2026-10-31');
    const s = direct.keys.findIndex((k) => k.product === busiest.product && k.location === 'store-01');
    expect(one!.units).toEqual(Array.from(direct.series[s]!.y.subarray(-HISTORY_PERIODS)));
    expect(one!.units.some((u) => u > 0)).toBe(true);
    const byDate = (list: History[]) =>
      list[0]!.dates.map((_, i) => list.reduce((sum, h) => sum + h.units[i]!, 0));
    const [location] = await history('level=location&location=store-01');
    expect(location!.units).toEqual(byDate(leaves).map((u) => expect.closeTo(u, 6)));
    const [total] = await history('level=total&days=14');
    expect(total!.dates).toHaveLength(14);
    const locations = await history('level=location&days=14');
    expect(total!.units).toEqual(byDate(locations).map((u) => expect.closeTo(u, 6)));
    expect(await history('node=product:nowhere/none')).toEqual([]);
  });

  it('refuses bad options and too short a history, storing nothing', async () => {
    await expect(runForecast(t.engine, { horizon: 0 })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(runForecast(t.engine, { horizon: 10, leadTime: 5, reviewPeriod: 7 })).rejects.toMatchObject({
      code: 'invalid_argument',
      path: 'horizon',
    });
    // 60 days are 9 weeks: under the 14 periods a run needs.
    await expect(runForecast(t.engine, { freq: 'week' })).rejects.toMatchObject({ code: 'not_ready' });
    const latest = await createSqlForecastStore(t.engine.sql).latestRun();
    expect(latest?.id).toBe(summary.run.id);
  });

  it('rejects bad query input with a 400 and the field', async () => {
    for (const path of [
      '/v1/forecasts?level=planet',
      '/v1/forecasts?limit=0',
      '/v1/forecasts?limit=abc',
      '/v1/replenishment',
      '/v1/replenishment?location=store-01&atRisk=maybe',
      '/v1/forecasts/history?days=0',
      `/v1/forecasts/history?days=${HISTORY_PERIODS + 1}`,
      '/v1/forecasts/history?level=planet',
      '/v1/forecasts/history?limit=abc',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe('invalid_query');
    }
    expect((await app.request('/v1/forecasts')).status).toBe(401);
    expect((await app.request('/v1/forecasts/history')).status).toBe(401);
  });
});
