import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { staticRoutes } from './static.ts';

const dir = mkdtempSync(join(tmpdir(), 'panier-static-'));
const built = join(dir, 'dist');
mkdirSync(join(built, 'assets'), { recursive: true });
mkdirSync(join(built, 'shop'), { recursive: true });
writeFileSync(join(built, 'index.html'), '<!doctype html><title>console</title>');
writeFileSync(join(built, 'shop', 'index.html'), '<!doctype html><title>shop</title>');
writeFileSync(join(built, 'assets', 'app-123.js'), 'export {};');
const keys = join(dir, 'demo-keys.json');
writeFileSync(keys, JSON.stringify({ writeKey: 'pk_public', secretKey: 'sk_private' }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('static routes', () => {
  const app = staticRoutes({ consoleDir: built, shopDir: join(built, 'shop'), demoKeysFile: keys });

  it('serves the console and the storefront with long-lived caching for hashed assets only', async () => {
    const page = await app.request('/console/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>console</title>');
    expect(page.headers.get('cache-control')).toBeNull();
    const asset = await app.request('/console/assets/app-123.js');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await (await app.request('/shop/')).text()).toContain('<title>shop</title>');
    expect((await app.request('/console')).headers.get('location')).toBe('/console/');
  });

  it('refuses paths that climb out of the build', async () => {
    expect((await app.request('/console/../demo-keys.json')).status).not.toBe(200);
    expect((await app.request('/console/%2e%2e/demo-keys.json')).status).not.toBe(200);
  });

  it('hands the storefront the public write key and never the secret one', async () => {
    const body = await (await app.request('/shop/config.json')).json();
    expect(body).toEqual({ writeKey: 'pk_public', indexName: 'products' });
    const none = staticRoutes({ consoleDir: built, shopDir: built, demoKeysFile: join(dir, 'missing.json') });
    expect(await (await none.request('/shop/config.json')).json()).toEqual({
      writeKey: null,
      indexName: 'products',
    });
  });

  it('answers 503 with what to run when the console is not built', async () => {
    const missing = staticRoutes({ consoleDir: join(dir, 'nope'), shopDir: join(dir, 'nope2') });
    const res = await missing.request('/console/');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not_built');
    expect(body.error.message).toContain('npm run build');
    expect((await missing.request('/shop/')).status).toBe(503);
  });
});
