// Regenerates the README screenshots (docs/screenshots/*.png) from the real pages over a small demo retailer.
// Run: npm run screenshots  (needs /usr/bin/chromium; builds the console if console/dist is missing)
// or, against a running server: npm run screenshots -- --url http://127.0.0.1:7400 --keys data/demo-keys.json
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { runForecast } from '../src/app/forecasting.ts';
import { evaluateLog } from '../src/app/recs-evaluation.ts';
import { api, demoServer, launchChromium, screenshot } from '../test/helpers/browser.ts';

const OUT = 'docs/screenshots';

interface OrderEvents {
  events: {
    userId: string | null;
    anonymousId: string | null;
    payload: { properties?: { products?: { category?: string }[] } };
  }[];
}

/** Two buyers whose latest orders are in different departments, to show personalization side by side. */
async function contrastingShoppers(demo: Target): Promise<[string, string]> {
  const r = await api<OrderEvents>(demo.url, demo.t.secretKey, '/v1/events?type=order_completed&limit=200');
  const byDept = new Map<string, string>();
  for (const e of r.body.events) {
    const dept = e.payload.properties?.products?.[0]?.category?.split(' > ')[0];
    const id = e.userId ?? e.anonymousId;
    if (dept && id && !byDept.has(dept)) byDept.set(dept, id);
  }
  const ids = [...byDept.values()];
  return [ids[0] ?? '', ids[1] ?? ''];
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
}

interface Target {
  url: string;
  t: { secretKey: string; writeKey: string };
  close(): Promise<void>;
  /** In-process demo only: a forecast run and a recommendation evaluation, so those pages have data. */
  prepare?: () => Promise<unknown>;
}

/** A running server named on the command line, or a seeded demo started in-process. */
async function target(): Promise<Target> {
  const { values } = parseArgs({ options: { url: { type: 'string' }, keys: { type: 'string' } } });
  if (!values.url) {
    const demo = await demoServer();
    return {
      ...demo,
      prepare: async () => {
        await runForecast(demo.t.engine);
        await evaluateLog(demo.t.engine, { k: 20, testDays: 7, minItemSupport: 5, maxTestSessions: 300 });
        // A saved segment, so the Segments page charts its size.
        await api(demo.url, demo.t.secretKey, '/v1/segments/repeat-buyers', {
          method: 'PUT',
          body: { name: 'Repeat buyers', rule: 'feature.orders >= 2' },
        });
      },
    };
  }
  const keys = JSON.parse(readFileSync(values.keys ?? 'data/demo-keys.json', 'utf8')) as Target['t'];
  return { url: values.url.replace(/\/$/, ''), t: keys, close: async () => {} };
}

async function main(): Promise<void> {
  const demo = await target();
  await demo.prepare?.();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${demo.url}/console/`);
    await page.getByLabel('Secret key').fill(demo.t.secretKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Console pages' }).waitFor();

    const order = await api<{ events: { userId: string | null; anonymousId: string | null }[] }>(
      demo.url,
      demo.t.secretKey,
      '/v1/events?type=order_completed&limit=1',
    );
    const who = order.body.events[0]!;
    const shopper = who.userId ?? who.anonymousId!;
    const pages: [string, string][] = [
      ['console-live', 'live'],
      ['console-shopper', `shopper/${encodeURIComponent(shopper)}`],
      ['console-recommendations', 'recommendations'],
      ['console-search', 'search'],
      ['console-forecasts', 'forecasts'],
      ['console-segments', 'segments'],
      ['console-catalog', 'catalog'],
    ];
    for (const [name, hash] of pages) {
      await page.goto(`${demo.url}/console/?at=${Date.now()}#/${hash}`);
      if (hash === 'search') {
        const [a, b] = await contrastingShoppers(demo);
        await page.getByRole('textbox', { name: 'Shopper A' }).fill(a);
        await page.getByRole('textbox', { name: 'Shopper B' }).fill(b);
        await page.getByRole('slider', { name: 'Personalization: 50' }).fill('100');
        // An empty query ranks the whole catalog, so each shopper's tastes show (a word can miss both).
        await page.getByRole('searchbox', { name: 'Query' }).fill('');
      }
      if (hash === 'segments') {
        await page.getByRole('button', { name: 'Preview' }).click();
      }
      if (hash === 'catalog') {
        await page.getByRole('table', { name: 'Products' }).getByRole('button').first().click();
      }
      await settle(page);
      await screenshot(page, name, OUT);
      // The lower part of two pages: the evaluation report, and the chart of a segment's sizes.
      const below = (
        {
          recommendations: ['offline-evaluation', 'console-recommendations-evaluation'],
          segments: ['saved-segments', 'console-segments-sizes'],
        } as Record<string, [string, string]>
      )[hash];
      if (below) {
        await page.evaluate(`document.getElementById('h-${below[0]}').closest('section').scrollIntoView()`);
        await page.waitForTimeout(200);
        await screenshot(page, below[1], OUT);
      }
    }

    await page.goto(`${demo.url}/shop/?key=${demo.t.writeKey}#/`);
    await page.getByText('Pet', { exact: true }).click();
    await page.getByRole('link', { name: 'All Pet' }).click();
    await page.getByRole('list', { name: 'Products in Pet' }).locator('li.card a').first().click();
    await page.locator('#product-title').waitFor();
    await settle(page);
    await screenshot(page, 'shop-product', OUT);
    console.log(`screenshots written to ${OUT}/`);
  } finally {
    await browser.close();
    await demo.close();
  }
}

await main();
