import { type Context, Hono } from 'hono';
import { PanierError } from '../../../kernel/index.ts';
import { decodeParamsString, parseSearchParams, type SearchService } from '../../../modules/search/index.ts';
import type { AppEnv } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { algoliaError, bodyOf, callerKey } from './search-http.ts';
import { searchWriteRoutes } from './search-writes.ts';

export interface SearchRouteDeps extends HttpDeps {
  search: SearchService;
  /** Concurrent search requests beyond this get 429 + Retry-After (default 256). */
  maxInFlight?: number;
  /** Largest search body (default 256 KiB) and write body (default 50 MiB). */
  maxSearchBytes?: number;
  maxWriteBytes?: number;
}

const SEARCH_BYTES = 256 * 1024;
const WRITE_BYTES = 50 * 1024 * 1024;
const MAX_QUERIES = 50;

/** Query-string params other than credentials and agent (GET search, v4 `params`). */
function queryParams(c: Context): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URL(c.req.url).searchParams)
    if (!k.toLowerCase().startsWith('x-algolia-')) out[k] = v;
  return typeof out.params === 'string' ? { ...decodeParamsString(out.params), ...out } : out;
}

/** The Algolia REST surface the official clients and InstantSearch call, plus autocomplete and the report. */
export function searchRoutes(deps: SearchRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const svc = deps.search;
  const maxInFlight = deps.maxInFlight ?? 256;
  const searchBytes = deps.maxSearchBytes ?? SEARCH_BYTES;
  let inFlight = 0;
  app.onError((err, c) => algoliaError(c, err, deps));

  const guarded = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (inFlight >= maxInFlight)
      throw new PanierError('overloaded', 'too many search requests in flight; retry shortly');
    inFlight++;
    try {
      return await fn();
    } finally {
      inFlight--;
    }
  };

  const facetSearch = async (index: string, facet: string, raw: Record<string, unknown>) => {
    const { facetQuery, maxFacetHits, ...rest } = raw;
    const params = parseSearchParams(rest);
    const max = Math.max(1, Math.min(100, Number(maxFacetHits ?? 10) || 10));
    return svc.engine.searchForFacetValues(
      index,
      facet,
      typeof facetQuery === 'string' ? facetQuery : '',
      params,
      max,
    );
  };

  app.post('/1/indexes/:index/queries', async (c) => {
    const key = await callerKey(c, deps, 'write');
    const body = await bodyOf(c, searchBytes);
    const requests = Array.isArray(body.requests) ? body.requests : null;
    if (!requests) throw new PanierError('invalid_body', 'requests: expected an array of queries');
    if (requests.length > MAX_QUERIES)
      throw new PanierError('invalid_body', `at most ${MAX_QUERIES} queries per call`);
    const results = await guarded(() =>
      Promise.all(
        requests.map(async (r: unknown) => {
          const req = (r ?? {}) as Record<string, unknown>;
          const { indexName, type, facet, ...raw } = req;
          if (typeof indexName !== 'string')
            throw new PanierError('invalid_body', 'indexName is required in every request');
          const flat = typeof raw.params === 'string' ? { ...decodeParamsString(raw.params), ...raw } : raw;
          if (type === 'facet') return facetSearch(indexName, String(facet ?? flat.facet ?? ''), flat);
          return svc.search(indexName, parseSearchParams(raw), { source: key.name });
        }),
      ),
    );
    return c.json({ results });
  });

  app.post('/1/indexes/:index/query', async (c) => {
    const key = await callerKey(c, deps, 'write');
    const body = await bodyOf(c, searchBytes);
    return c.json(
      await guarded(() => svc.search(c.req.param('index'), parseSearchParams(body), { source: key.name })),
    );
  });

  app.post('/1/indexes/:index/facets/:facet/query', async (c) => {
    await callerKey(c, deps, 'write');
    const body = await bodyOf(c, searchBytes);
    const flat = typeof body.params === 'string' ? { ...decodeParamsString(body.params), ...body } : body;
    return c.json(await guarded(() => facetSearch(c.req.param('index'), c.req.param('facet'), flat)));
  });

  app.post('/1/events', async (c) => {
    const key = await callerKey(c, deps, 'write');
    const body = await bodyOf(c, 2 * 1024 * 1024);
    await svc.insights(body, { source: key.name });
    return c.json({ status: 200, message: 'OK' });
  });

  app.get('/v1/search/autocomplete', async (c) => {
    await callerKey(c, deps, 'write');
    const q = c.req.query('q') ?? c.req.query('query') ?? '';
    if (q.length > 512) throw new PanierError('invalid_query', 'q: at most 512 characters', 'q');
    const limit = Math.max(1, Math.min(20, Number(c.req.query('limit') ?? 5) || 5));
    const index = c.req.query('index') ?? 'products';
    return c.json(await guarded(() => svc.autocomplete(q, limit, index)));
  });

  app.get('/v1/search/report', async (c) => {
    await callerKey(c, deps, 'secret');
    const limit = Math.max(1, Math.min(1000, Number(c.req.query('limit') ?? 20) || 20));
    return c.json({
      topQueries: svc.analytics.topQueries(limit),
      noResultQueries: svc.analytics.noResultQueries(limit),
    });
  });

  app.route(
    '/',
    searchWriteRoutes({ ...deps, maxWriteBytes: deps.maxWriteBytes ?? WRITE_BYTES }, queryParams, guarded),
  );
  app.onError((err, c) => algoliaError(c, err, deps));
  return app;
}
