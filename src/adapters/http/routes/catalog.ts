import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { PanierError } from '../../../kernel/index.ts';
import {
  type CatalogService,
  categoryPath,
  LOCATION_KINDS,
  MAX_PAGE_SIZE,
} from '../../../modules/catalog/index.ts';
import { type AppEnv, requireKey } from '../auth.ts';
import { readBodyText } from '../body.ts';
import type { HttpDeps } from '../deps.ts';
import { parseQuery } from '../query.ts';
import { parseRowsBody } from '../rows-body.ts';

export interface CatalogRouteDeps extends HttpDeps {
  catalog: CatalogService;
}

/** Bulk bodies up to 10 MB (about 20,000 products); larger imports go through `panier import`. */
export const MAX_CATALOG_BODY_BYTES = 10 * 1024 * 1024;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const id = z.string().min(1).max(128);

const pageQuery = {
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  /** Counted on the first page unless `total=false`; on later pages only with `total=true`. */
  total: flag.optional(),
};
const productsQuery = z.object({
  ...pageQuery,
  category: z
    .string()
    .min(1)
    .transform((v) => categoryPath.parse(v))
    .optional(),
  brand: z.string().min(1).optional(),
  active: flag.optional(),
});
const locationsQuery = z.object({
  ...pageQuery,
  kind: z.enum(LOCATION_KINDS).optional(),
  active: flag.optional(),
});
const inventoryQuery = z.object({ ...pageQuery, productId: id.optional(), locationId: id.optional() });

const page = (q: { cursor?: string; limit?: number; total?: boolean }) => ({
  cursor: q.cursor ?? null,
  limit: q.limit,
  withTotal: q.total ?? q.cursor === undefined,
});

function found<T>(value: T | null, what: string): T {
  if (value === null) throw new PanierError('not_found', `no such ${what}`);
  return value;
}

/** 204 when something was deleted, 404 otherwise. */
function deletedOr404(c: Context, deleted: boolean, what: string): Response {
  if (!deleted) throw new PanierError('not_found', `no such ${what}`);
  return c.body(null, 204);
}

/**
 * Public (write) keys see active products and locations only, so unreleased or withdrawn ones stay
 * private; asking them for inactive ones is 403.
 */
function visibleActive(c: Context<AppEnv>, requested: boolean | undefined): boolean | undefined {
  if (c.get('key').kind !== 'write') return requested;
  if (requested === false) throw new PanierError('key_scope', 'inactive items need a secret key', 'active');
  return true;
}

function visible<T extends { active: boolean }>(c: Context<AppEnv>, item: T | null, what: string): T {
  return found(item && (item.active || c.get('key').kind !== 'write') ? item : null, what);
}

const bulkQuery = z.object({ dryRun: flag.optional() });

/** The rows of a bulk body and the bulk options; `?dryRun=true` validates without writing. */
async function readRows(c: Context, key: string) {
  const { dryRun } = parseQuery(bulkQuery, c);
  const text = await readBodyText(c, MAX_CATALOG_BODY_BYTES);
  const { rows, lines } = parseRowsBody(text, c.req.header('content-type'), key);
  return { rows, options: { lines, dryRun } };
}

/**
 * Catalog admin API. Secret keys write; write (public) keys may also read active products and
 * locations, which storefronts show; inventory levels are business data and need a secret key.
 */
export function catalogRoutes(deps: CatalogRouteDeps): Hono<AppEnv> {
  const { catalog } = deps;
  const secret = requireKey(deps.keys, 'secret');
  const anyKey = requireKey(deps.keys, 'write');
  const app = new Hono<AppEnv>();

  app.post('/v1/catalog/products', secret, async (c) => {
    const { rows, options } = await readRows(c, 'products');
    return c.json(await catalog.upsertProducts(rows, options));
  });
  app.get('/v1/catalog/products', anyKey, async (c) => {
    const q = parseQuery(productsQuery, c);
    const filter = { categoryPrefix: q.category, brand: q.brand, active: visibleActive(c, q.active) };
    return c.json(await catalog.listProducts({ filter, ...page(q) }));
  });
  app.get('/v1/catalog/products/:id', anyKey, async (c) =>
    c.json(visible(c, await catalog.getProduct(c.req.param('id')), 'product')),
  );
  app.delete('/v1/catalog/products/:id', secret, async (c) =>
    deletedOr404(c, await catalog.deleteProduct(c.req.param('id')), 'product'),
  );

  app.post('/v1/catalog/locations', secret, async (c) => {
    const { rows, options } = await readRows(c, 'locations');
    return c.json(await catalog.upsertLocations(rows, options));
  });
  app.get('/v1/catalog/locations', anyKey, async (c) => {
    const q = parseQuery(locationsQuery, c);
    const filter = { kind: q.kind, active: visibleActive(c, q.active) };
    return c.json(await catalog.listLocations({ filter, ...page(q) }));
  });
  app.get('/v1/catalog/locations/:id', anyKey, async (c) =>
    c.json(visible(c, await catalog.getLocation(c.req.param('id')), 'location')),
  );
  app.delete('/v1/catalog/locations/:id', secret, async (c) =>
    deletedOr404(c, await catalog.deleteLocation(c.req.param('id')), 'location'),
  );

  app.post('/v1/catalog/inventory', secret, async (c) => {
    const { rows, options } = await readRows(c, 'inventory');
    return c.json(await catalog.upsertInventory(rows, options));
  });
  app.get('/v1/catalog/inventory', secret, async (c) => {
    const q = parseQuery(inventoryQuery, c);
    const filter = { productId: q.productId, locationId: q.locationId };
    return c.json(await catalog.listInventory({ filter, ...page(q) }));
  });
  app.get('/v1/catalog/inventory/:productId/:locationId', secret, async (c) =>
    c.json(found(await catalog.getInventory(c.req.param()), 'inventory level')),
  );
  app.delete('/v1/catalog/inventory/:productId/:locationId', secret, async (c) =>
    deletedOr404(c, await catalog.deleteInventory(c.req.param()), 'inventory level'),
  );

  return app;
}
