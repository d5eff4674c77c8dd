import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AppEnv } from '../../src/adapters/http/auth.ts';
import { searchRoutes } from '../../src/adapters/http/routes/search.ts';
import { silentLogger } from '../../src/kernel/index.ts';
import { type ApiKeyRecord, KeyService, type KeyStore } from '../../src/modules/access/index.ts';
import { SearchService, type SearchServiceDeps } from '../../src/modules/search/index.ts';

/** Keys kept in a Map: enough for HTTP tests that do not exercise storage. */
export class MemoryKeyStore implements KeyStore {
  private readonly byHash = new Map<string, ApiKeyRecord>();
  async insert(r: ApiKeyRecord) {
    this.byHash.set(r.hash, r);
  }
  async findByHash(hash: string) {
    return this.byHash.get(hash) ?? null;
  }
  async list() {
    return [...this.byHash.values()];
  }
  async revoke(id: string, at: number) {
    for (const r of this.byHash.values()) if (r.id === id) r.revokedAt = at;
    return true;
  }
}

export interface SearchTestApp {
  app: Hono<AppEnv>;
  search: SearchService;
  writeKey: string;
  secretKey: string;
}

/** The search routes mounted in a parent app, as the real app mounts them. */
export async function searchTestApp(
  deps: SearchServiceDeps = {},
  routeOptions: { maxInFlight?: number } = {},
): Promise<SearchTestApp> {
  const keys = new KeyService(new MemoryKeyStore());
  const writeKey = (await keys.create('write', 'storefront')).key;
  const secretKey = (await keys.create('secret', 'admin')).key;
  const search = new SearchService(deps);
  const app = new Hono<AppEnv>();
  app.route('/', searchRoutes({ keys, logger: silentLogger, search, ...routeOptions }));
  return { app, search, writeKey, secretKey };
}

/** Serves an app on a free loopback port. */
export async function listen(fetch: (req: Request) => Response | Promise<Response>) {
  return new Promise<{ port: number; close: () => Promise<void> }>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({ port: info.port, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
