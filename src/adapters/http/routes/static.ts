import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { PanierError } from '../../../kernel/index.ts';
import type { AppEnv } from '../auth.ts';
import { errorResponse } from '../errors.ts';

export interface StaticRouteOptions {
  /** The built console (`console/dist`), served at /console. */
  consoleDir: string;
  /** The built storefront (`console/dist/shop`), served at /shop. */
  shopDir: string;
  /** The demo's keys file (default `data/demo-keys.json` under the working directory, as `npm start` writes it); only its public write key is handed to the storefront. */
  demoKeysFile?: string;
  /** Search index the storefront queries. */
  indexName?: string;
}

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Where `npm run build` puts the console and the storefront, whatever the working directory. */
export const DEFAULT_STATIC_DIRS = {
  consoleDir: join(ROOT, 'console/dist'),
  shopDir: join(ROOT, 'console/dist/shop'),
} as const;

function notBuilt(c: Context, what: string): Response {
  return errorResponse(c, new PanierError('not_built', `the ${what} is not built; run \`npm run build\``));
}

/** The storefront's public settings: the demo write key (never the secret one) when the demo made one. */
function shopConfig(c: Context, options: StaticRouteOptions): Response {
  const indexName = options.indexName ?? 'products';
  const file = options.demoKeysFile ?? resolve('data/demo-keys.json');
  if (!existsSync(file)) return c.json({ writeKey: null, indexName });
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { writeKey?: unknown };
  const writeKey =
    typeof saved.writeKey === 'string' && saved.writeKey.startsWith('pk_') ? saved.writeKey : null;
  return c.json({ writeKey, indexName });
}

/** One built single-page app under a prefix; a missing build answers 503 with what to do. */
function mountApp(app: Hono<AppEnv>, prefix: string, dir: string, what: string): void {
  const index = join(dir, 'index.html');
  // Created once the build exists, so a server started before `npm run build` picks it up.
  let files: MiddlewareHandler | null = null;
  app.get(prefix, (c) => c.redirect(`${prefix}/`, 301));
  app.get(`${prefix}/*`, async (c, next) => {
    if (!existsSync(index)) return notBuilt(c, what);
    files ??= serveStatic({ root: dir, rewriteRequestPath: (p) => p.slice(prefix.length) || '/' });
    if (c.req.path.startsWith(`${prefix}/assets/`))
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return files(c, next);
  });
}

/** The retailer's console at /console and the demo storefront at /shop, both static builds. */
export function staticRoutes(options: StaticRouteOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/shop/config.json', (c) => shopConfig(c, options));
  mountApp(app, '/console', options.consoleDir, 'console');
  mountApp(app, '/shop', options.shopDir, 'storefront');
  app.get('/', (c) => c.redirect('/console/', 302));
  return app;
}
