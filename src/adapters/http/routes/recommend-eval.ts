import { Hono } from 'hono';
import { z } from 'zod';
import { PanierError } from '../../../kernel/index.ts';
import type { EvalRunStore } from '../../../modules/recommend/index.ts';
import { type AppEnv, requireKey } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { parseQuery } from '../query.ts';

export interface RecommendEvalRouteDeps extends HttpDeps {
  evalRuns: EvalRunStore;
}

/** Runs listed beside the report, so a client can ask for an older one by id. */
const RECENT = 10;

const query = z.object({ id: z.string().min(1).max(64).optional() });

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * `GET /v1/recommendations/evaluation[?id=]`: the newest (or the named) offline evaluation report that
 * `panier eval recs` saved, as its `--json` output plus when it ran and on what input. Secret key.
 */
export function recommendEvalRoutes(deps: RecommendEvalRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/v1/recommendations/evaluation', requireKey(deps.keys, 'secret'), async (c) => {
    const { id } = parseQuery(query, c);
    const run = await deps.evalRuns.get(id);
    if (!run)
      throw new PanierError(
        'not_found',
        id
          ? `no recommendation evaluation run ${id}`
          : 'no recommendation evaluation has been run yet: run `panier eval recs --format log` (or on a dataset file) first',
        id ? 'id' : undefined,
      );
    const recent = await deps.evalRuns.recent(RECENT);
    return c.json({
      id: run.id,
      ranAt: iso(run.ranAt),
      format: run.format,
      input: run.input,
      ...run.report,
      runs: recent.map((r) => ({ ...r, ranAt: iso(r.ranAt) })),
    });
  });
  return app;
}
