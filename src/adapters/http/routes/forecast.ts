import { Hono } from 'hono';
import { z } from 'zod';
import { PanierError } from '../../../kernel/index.ts';
import {
  type ForecastRun,
  type ForecastStore,
  HIERARCHY_LEVELS,
  HISTORY_PERIODS,
  QUANTILE_LEVELS,
} from '../../../modules/forecast/index.ts';
import { type AppEnv, requireKey } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { parseQuery } from '../query.ts';

export interface ForecastRouteDeps extends HttpDeps {
  forecasts: ForecastStore;
}

export const MAX_FORECAST_ROWS = 10_000;

const id = z.string().min(1).max(128);
const forecastsQuery = z.object({
  product: id.optional(),
  location: id.optional(),
  level: z.enum(HIERARCHY_LEVELS).optional(),
  run: id.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_FORECAST_ROWS).optional(),
});
export const MAX_HISTORY_NODES = 1000;
const historyQuery = z.object({
  node: z.string().min(1).max(300).optional(),
  product: id.optional(),
  location: id.optional(),
  level: z.enum(HIERARCHY_LEVELS).optional(),
  run: id.optional(),
  /** The newest periods kept (a run saves HISTORY_PERIODS of them). */
  days: z.coerce.number().int().min(1).max(HISTORY_PERIODS).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_HISTORY_NODES).optional(),
});
const replenishmentQuery = z.object({
  location: id,
  run: id.optional(),
  atRisk: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

async function runOf(store: ForecastStore, requested?: string): Promise<ForecastRun | { id: string }> {
  if (requested) return { id: requested };
  const run = await store.latestRun();
  if (!run) throw new PanierError('not_found', 'no forecast run yet (run `panier forecast` first)');
  return run;
}

/**
 * Read API over persisted forecasts: by product, location and hierarchy level, and the replenishment
 * plan of one location. Forecasts and stock plans are business data, so a secret key is required.
 */
export function forecastRoutes(deps: ForecastRouteDeps): Hono<AppEnv> {
  const { forecasts } = deps;
  const secret = requireKey(deps.keys, 'secret');
  const app = new Hono<AppEnv>();

  app.get('/v1/forecasts', secret, async (c) => {
    const q = parseQuery(forecastsQuery, c);
    const run = await runOf(forecasts, q.run);
    const rows = await forecasts.forecasts({
      runId: run.id,
      product: q.product,
      location: q.location,
      level: q.level,
      limit: q.limit ?? 1000,
    });
    return c.json({ run, quantileLevels: QUANTILE_LEVELS, forecasts: rows });
  });

  app.get('/v1/forecasts/history', secret, async (c) => {
    const q = parseQuery(historyQuery, c);
    const run = await runOf(forecasts, q.run);
    const rows = await forecasts.history({
      runId: run.id,
      node: q.node,
      product: q.product,
      location: q.location,
      level: q.level,
      limit: q.limit ?? 100,
    });
    const days = q.days ?? HISTORY_PERIODS;
    const history = rows.map(({ runId: _, ...r }) => ({
      ...r,
      dates: r.dates.slice(-days),
      units: r.units.slice(-days),
      imputed: r.imputed.slice(-days),
      stockout: r.stockout.slice(-days),
    }));
    return c.json({ run, history });
  });

  app.get('/v1/replenishment', secret, async (c) => {
    const q = parseQuery(replenishmentQuery, c);
    const run = await runOf(forecasts, q.run);
    const lines = await forecasts.replenishment({
      runId: run.id,
      location: q.location,
      atRiskOnly: q.atRisk,
    });
    // JSON has no Infinity: "never runs out within the horizon" becomes null.
    const body = lines.map((l) => ({
      ...l,
      daysOfCover: Number.isFinite(l.daysOfCover) ? l.daysOfCover : null,
    }));
    return c.json({ run, location: q.location, lines: body });
  });

  return app;
}
