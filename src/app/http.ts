import { Hono } from 'hono';
import type { AppEnv } from '../adapters/http/auth.ts';
import { anyOriginCors } from '../adapters/http/cors.ts';
import { errorResponse, onError } from '../adapters/http/errors.ts';
import { catalogRoutes } from '../adapters/http/routes/catalog.ts';
import { collectRoutes } from '../adapters/http/routes/collect.ts';
import { forecastRoutes } from '../adapters/http/routes/forecast.ts';
import { profilesRoutes } from '../adapters/http/routes/profiles.ts';
import { recommendRoutes } from '../adapters/http/routes/recommend.ts';
import { recommendEvalRoutes } from '../adapters/http/routes/recommend-eval.ts';
import { searchRoutes } from '../adapters/http/routes/search.ts';
import { DEFAULT_STATIC_DIRS, staticRoutes } from '../adapters/http/routes/static.ts';
import {
  createSqlEvalRunStore,
  createSqlForecastStore,
  migrationsPending,
  ping,
} from '../adapters/sql/index.ts';
import { PanierError } from '../kernel/index.ts';
import type { Capabilities } from './capabilities.ts';
import type { Engine } from './engine.ts';

/** Capability routes answered 503 (with Retry-After) while their services rebuild at start. */
const WARMING_PATHS = [
  '/v1/profiles/*',
  '/v1/segments',
  '/v1/segments/*',
  '/v1/recommendations',
  '/v1/search/*',
  '/1/*',
];

/** The HTTP face of an engine: one Hono app with every module's routes (capabilities when started). */
export function buildHttpApp(
  engine: Engine,
  caps?: Capabilities,
  options: { warming?: boolean } = {},
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(onError(engine.logger));
  app.notFound((c) =>
    errorResponse(c, new PanierError('not_found', `no such endpoint: ${c.req.method} ${c.req.path}`)),
  );
  // Browsers call ingest, search and recommendations from the storefront's origin.
  app.use(
    '/v1/*',
    anyOriginCors({ allowHeaders: ['Authorization', 'Content-Type', 'X-Panier-Key'], maxAge: 600 }),
  );
  app.use('/1/*', anyOriginCors({ maxAge: 600 }));

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', async (c) => {
    try {
      await ping(engine.sql);
      const pending = await migrationsPending(engine.sql);
      if (pending > 0) throw new PanierError('not_ready', `${pending} migration(s) pending`);
      if (options.warming)
        throw new PanierError('not_ready', 'profiles, search and recommendations are warming up');
      return c.json({ status: 'ready', storage: engine.sql.dialect });
    } catch (e) {
      if (e instanceof PanierError) throw e;
      throw new PanierError('not_ready', `storage unreachable: ${(e as Error).message}`);
    }
  });

  app.route(
    '/',
    collectRoutes({
      keys: engine.keys,
      logger: engine.logger,
      ingestor: engine.ingestor,
      log: engine.log,
      limits: engine.config.ingest,
    }),
  );
  const base = { keys: engine.keys, logger: engine.logger };
  app.route('/', catalogRoutes({ ...base, catalog: engine.catalog }));
  app.route('/', forecastRoutes({ ...base, forecasts: createSqlForecastStore(engine.sql) }));
  app.route('/', recommendEvalRoutes({ ...base, evalRuns: createSqlEvalRunStore(engine.sql) }));
  if (options.warming)
    for (const path of WARMING_PATHS)
      app.all(path, () => {
        throw new PanierError(
          'not_ready',
          'warming up: profiles, search and recommendations are rebuilding from the log',
        );
      });
  if (caps) {
    app.route('/', profilesRoutes({ ...base, profiles: caps.profiles, erase: caps.erase }));
    app.route('/', recommendRoutes({ ...base, recommend: caps.recommend }));
    app.route('/', searchRoutes({ ...base, search: caps.search }));
  }
  app.route('/', staticRoutes(DEFAULT_STATIC_DIRS));
  return app;
}
