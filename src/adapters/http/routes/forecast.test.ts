import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryForecastStore, normalQuantiles, planLine } from '../../../modules/forecast/index.ts';
import { forecastRoutes } from './forecast.ts';
import { type RouteTestApp, routeTestApp } from './route-test-kit.ts';

let kit: RouteTestApp;
let app: RouteTestApp['app'];
let secret: string;
let write: string;

beforeAll(async () => {
  const store = memoryForecastStore();
  const f = normalQuantiles({
    model: 't',
    mean: new Float64Array(28).fill(12),
    sd: new Float64Array(28).fill(4),
  });
  const policy = { leadTime: 3, reviewPeriod: 7, serviceLevel: 0.95 };
  const run = {
    id: 'r1',
    createdAt: 1,
    model: 'ensemble+bottom_up',
    dataVersion: 'seq:42',
    horizon: 28,
    startDate: '2026-01-01',
  };
  const row = (product: string | null, location: string | null, level: string) => ({
    runId: 'r1',
    node: `${level}:${location}/${product}`,
    level,
    product,
    location,
    date: '2026-01-01',
    mean: 12,
    quantiles: f.quantiles.map((q) => q[0]),
  });
  await store.saveRun(
    run,
    [row('p1', 'S1', 'product'), row('p2', 'S1', 'product'), row(null, 'S1', 'location')],
    [
      { runId: 'r1', ...planLine({ product: 'p1', location: 'S1', onHand: 15 }, f, policy) },
      { runId: 'r1', ...planLine({ product: 'p2', location: 'S1', onHand: 900 }, f, policy) },
    ],
  );
  kit = await routeTestApp(({ keys, logger }) => forecastRoutes({ keys, logger, forecasts: store }));
  ({ app, secret, write } = kit);
});
afterAll(() => kit.close());

const get = (path: string, key = secret) =>
  app.request(path, { headers: { authorization: `Bearer ${key}` } });

interface Body {
  run: { dataVersion: string };
  quantileLevels: number[];
  forecasts: unknown[];
  lines: { product: string; daysOfCover: number | null }[];
}
const json = async (res: Response): Promise<Body> => (await res.json()) as Body;

describe('forecast routes', () => {
  it('GET /v1/forecasts filters by product, location and level from the latest run', async () => {
    const res = await get('/v1/forecasts?location=S1&level=product');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.run.dataVersion).toBe('seq:42');
    expect(body.forecasts).toHaveLength(2);
    expect(body.quantileLevels).toHaveLength(9);
    expect((await json(await get('/v1/forecasts?product=p2'))).forecasts).toHaveLength(1);
  });

  it('GET /v1/replenishment lists a location’s plan, riskiest first, and the at-risk subset', async () => {
    const body = await json(await get('/v1/replenishment?location=S1'));
    expect(body.lines.map((l) => l.product)).toEqual(['p1', 'p2']);
    expect(body.lines[1].daysOfCover).toBeNull();
    const risky = await json(await get('/v1/replenishment?location=S1&atRisk=true'));
    expect(risky.lines).toHaveLength(1);
  });

  it('validates queries and needs a secret key', async () => {
    expect((await get('/v1/replenishment')).status).toBe(400);
    expect((await get('/v1/forecasts?level=galaxy')).status).toBe(400);
    expect((await get('/v1/forecasts', write)).status).toBe(403);
  });
});
