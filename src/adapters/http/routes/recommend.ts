import { type Context, Hono } from 'hono';
import { PanierError } from '../../../kernel/index.ts';
import type { RecommendService } from '../../../modules/recommend/index.ts';
import { type AppEnv, requireKey } from '../auth.ts';
import { readJson } from '../body.ts';
import type { HttpDeps } from '../deps.ts';

export interface RecommendRouteDeps extends HttpDeps {
  recommend: RecommendService;
}

const MAX_BODY = 64 * 1024;
const LIST_PARAMS = new Set(['productIds', 'exclude', 'brand']);
const NUMBER_PARAMS = new Set(['limit', 'blend', 'diversity', 'priceMin', 'priceMax']);
const BOOLEAN_PARAMS = new Set(['excludePurchased', 'excludeInCart']);
const FILTER_PARAMS = new Set([
  'category',
  'brand',
  'priceMin',
  'priceMax',
  'inStockAt',
  'near',
  'excludePurchased',
  'excludeInCart',
  'exclude',
]);

/** `POST /v1/recommendations` (JSON body) and `GET /v1/recommendations?placement=…`; write or secret keys. */
export function recommendRoutes(deps: RecommendRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/v1/recommendations', requireKey(deps.keys, 'write'));
  app.post('/v1/recommendations', async (c) => c.json(deps.recommend.recommend(await readJson(c, MAX_BODY))));
  app.get('/v1/recommendations', (c) => c.json(deps.recommend.recommend(fromQuery(c))));
  return app;
}

/** Query string → request object: lists are comma-separated or repeated, `near=lat,lon,radiusKm`. */
export function fromQuery(c: Context): Record<string, unknown> {
  const url = new URL(c.req.url);
  const req: Record<string, unknown> = {};
  const filters: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    if (key.toLowerCase().startsWith('x-')) continue;
    const values = url.searchParams.getAll(key);
    const target = FILTER_PARAMS.has(key) ? filters : req;
    if (LIST_PARAMS.has(key)) target[key] = values.flatMap((v) => v.split(',')).filter((v) => v.length > 0);
    else if (NUMBER_PARAMS.has(key)) target[key] = Number(values[0]);
    else if (BOOLEAN_PARAMS.has(key)) target[key] = values[0] === 'true' || values[0] === '1';
    else if (key === 'near') filters.near = near(values[0]!);
    else target[key] = values[0];
  }
  if (Object.keys(filters).length > 0) req.filters = filters;
  return req;
}

function near(v: string): { lat: number; lon: number; radiusKm: number } {
  const [lat, lon, radiusKm] = v.split(',').map(Number);
  if (![lat, lon, radiusKm].every((x) => Number.isFinite(x)))
    throw new PanierError('invalid_query', 'near must be "lat,lon,radiusKm"', 'near');
  return { lat: lat!, lon: lon!, radiusKm: radiusKm! };
}
