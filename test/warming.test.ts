import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Capabilities, startCapabilities } from '../src/app/capabilities.ts';
import { generateDemo } from '../src/app/demo-setup.ts';
import { type RunningServer, startServer } from '../src/app/server.ts';
import { utcMidnight } from '../src/modules/demo/index.ts';
import { bearer, type TestEngine, testEngine } from './helpers/engine.ts';

let t: TestEngine;
let server: RunningServer;
let caps: Capabilities | undefined;
let release: (c: Capabilities) => void = () => {};

beforeAll(async () => {
  t = await testEngine();
  await generateDemo(t.engine, { products: 300, shoppers: 150, days: 14, endDate: utcMidnight(Date.now()) });
  const later = new Promise<Capabilities>((r) => {
    release = r;
  });
  server = await startServer(t.engine, 0, '127.0.0.1', later);
});
afterAll(async () => {
  await server.close();
  caps?.stop();
  await t.close();
});

const get = (path: string) =>
  fetch(`${server.url}${path}`, { headers: { authorization: bearer(t.secretKey) } });

describe('serving while the capabilities rebuild', () => {
  it('serves events and the catalog at once, and 503 with Retry-After on capability routes', async () => {
    expect((await get('/v1/events?limit=1')).status).toBe(200);
    expect((await get('/v1/catalog/products?limit=1')).status).toBe(200);
    const recs = await get('/v1/recommendations?placement=popular');
    expect(recs.status).toBe(503);
    expect(recs.headers.get('retry-after')).toBe('1');
    expect(((await recs.json()) as { error: { code: string } }).error.code).toBe('not_ready');
    expect((await get('/ready')).status).toBe(503);
  });

  it('swaps in the full app once they are ready', async () => {
    caps = await startCapabilities(t.engine, t.dir);
    release(caps);
    await new Promise((r) => setTimeout(r, 10));
    const recs = await get('/v1/recommendations?placement=popular&limit=3');
    expect(recs.status).toBe(200);
    expect(((await recs.json()) as { items: unknown[] }).items.length).toBe(3);
    expect((await get('/ready')).status).toBe(200);
  });
});
