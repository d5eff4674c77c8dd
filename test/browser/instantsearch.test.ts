import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, searchTestApp } from '../helpers/search-app.ts';

const CHROMIUM = '/usr/bin/chromium';

const PRODUCTS = [
  { objectID: '1', title: 'Smartphone Galaxy', brand: 'Samsung', price: 699 },
  { objectID: '2', title: 'Smartphone case', brand: 'Acme', price: 19 },
  { objectID: '3', title: 'Smartwatch sport', brand: 'Samsung', price: 249 },
  { objectID: '4', title: 'Running shoes', brand: 'Acme', price: 89 },
  { objectID: '5', title: 'Wireless headphones', brand: 'Sony', price: 199 },
  { objectID: '6', title: 'Smart speaker', brand: 'Acme', price: 99 },
];

/** The page's script: InstantSearch.js with the lite client pointed at the local server. */
function pageScript(port: number, key: string): string {
  return `
import instantsearch from 'instantsearch.js';
import { searchBox, hits, refinementList, pagination } from 'instantsearch.js/es/widgets';
import { liteClient } from 'algoliasearch/lite';
const searchClient = liteClient('PANIER', ${JSON.stringify(key)}, {
  hosts: [{ url: '127.0.0.1', port: ${port}, protocol: 'http', accept: 'readWrite' }],
});
const search = instantsearch({ indexName: 'products', searchClient, insights: false });
search.addWidgets([
  searchBox({ container: '#searchbox' }),
  hits({
    container: '#hits',
    templates: { item: (hit, { html, components }) => html\`<span class="hit" data-id="\${hit.objectID}">\${components.Highlight({ hit, attribute: 'title' })}</span>\` },
  }),
  refinementList({ container: '#brand', attribute: 'brand' }),
  pagination({ container: '#pagination' }),
]);
search.start();
`;
}

const HTML = `<!doctype html><html><head><meta charset="utf-8"><title>panier search</title></head>
<body><div id="searchbox"></div><div id="brand"></div><div id="hits"></div><div id="pagination"></div>
<script src="/app.js"></script></body></html>`;

describe.skipIf(!existsSync(CHROMIUM))('InstantSearch.js page in headless Chromium', () => {
  let close: () => Promise<void>;
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  let url = '';

  beforeAll(async () => {
    const t = await searchTestApp();
    let script = '';
    t.app.get('/', (c) => c.html(HTML));
    t.app.get('/app.js', (c) => c.body(script, 200, { 'content-type': 'text/javascript' }));
    const server = await listen(t.app.fetch);
    close = server.close;
    url = `http://127.0.0.1:${server.port}/`;
    const admin = { 'x-algolia-api-key': t.secretKey };
    await t.app.request('/1/indexes/products/settings', {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ attributesForFaceting: ['brand'], searchableAttributes: ['title', 'brand'] }),
    });
    await t.app.request('/1/indexes/products/batch', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ requests: PRODUCTS.map((body) => ({ action: 'addObject', body })) }),
    });
    const out = await build({
      stdin: { contents: pageScript(server.port, t.writeKey), resolveDir: process.cwd(), loader: 'js' },
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      logLevel: 'silent',
    });
    script = out.outputFiles[0]!.text;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  it('refines hits as the shopper types and filters them by a clicked facet', async () => {
    const page = await browser.newPage();
    const offsite: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(url)) offsite.push(r.url());
    });
    await page.goto(url);
    const ids = () => page.$$eval('.hit', (els) => els.map((e) => e.getAttribute('data-id')).sort());
    await page.waitForFunction("document.querySelectorAll('.hit').length === 6");
    expect(await page.$$('.ais-Pagination')).not.toHaveLength(0);

    await page.fill('.ais-SearchBox-input', 'smart');
    await page.waitForFunction("document.querySelectorAll('.hit').length === 4");
    expect(await ids()).toEqual(['1', '2', '3', '6']);
    expect(await page.innerHTML('.hit[data-id="3"]')).toContain(
      '<mark class="ais-Highlight-highlighted">Smart</mark>',
    );

    await page.click('.ais-RefinementList-item:has-text("Acme") input');
    await page.waitForFunction("document.querySelectorAll('.hit').length === 2");
    expect(await ids()).toEqual(['2', '6']);
    expect(offsite).toEqual([]);
    await page.close();
  });
});
