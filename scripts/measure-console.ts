// Time to data of every console page and the storefront's main views, in headless Chromium against a
// running server: from navigation start until the page marks its API data as rendered (`data-ready`).
// Run after the server's GET /ready answers 200, under the bench lock:
//   flock /tmp/panier-bench.lock node --import tsx scripts/measure-console.ts --url http://127.0.0.1:7460
// Options: --keys data/demo-keys.json, --runs 5, --json (print the raw figures as JSON too).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { api, launchChromium } from '../test/helpers/browser.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:7460' },
    keys: { type: 'string', default: 'data/demo-keys.json' },
    runs: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const base = values.url.replace(/\/$/, '');
const runs = Number(values.runs);
const keys = JSON.parse(readFileSync(values.keys, 'utf8')) as { writeKey: string; secretKey: string };

interface Sample {
  ms: number;
  /** The slowest API request of the load, to see what a slow page waits for. */
  slowest: { path: string; ms: number };
}

/** Records, in the page, when the first element with data-ready appears (ms since navigation start). */
const READY_OBSERVER = `
  window.__readyAt = undefined;
  new MutationObserver((_, obs) => {
    if (window.__readyAt === undefined && document.querySelector('[data-ready]')) {
      window.__readyAt = performance.now();
      obs.disconnect();
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
`;

async function waitReady(): Promise<void> {
  const r = await fetch(`${base}/ready`).catch(() => null);
  if (r?.status !== 200)
    throw new Error(`${base}/ready answered ${r?.status ?? 'nothing'}: start the server and wait`);
}

async function measure(page: Page, url: string): Promise<Sample> {
  await page.goto(url);
  await page.waitForFunction('window.__readyAt !== undefined', undefined, { timeout: 30_000, polling: 50 });
  const ms = await page.evaluate<number>('window.__readyAt');
  const resources = await page.evaluate<{ name: string; duration: number; startTime: number }[]>(
    `performance.getEntriesByType('resource').map((e) => ({ name: e.name, duration: e.duration, startTime: e.startTime }))`,
  );
  const apiCalls = resources.filter((r) => /\/(v1|1)\//.test(r.name) && r.startTime < ms);
  const slow = apiCalls.sort((a, b) => b.duration - a.duration)[0];
  return {
    ms,
    slowest: slow
      ? { path: new URL(slow.name).pathname + new URL(slow.name).search.slice(0, 60), ms: slow.duration }
      : { path: '—', ms: 0 },
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  await waitReady();
  const order = await api<{ events: { userId: string | null; anonymousId: string | null }[] }>(
    base,
    keys.secretKey,
    '/v1/events?type=order_completed&limit=1',
  );
  const who = order.body.events[0];
  const shopper = who?.userId ?? who?.anonymousId ?? '';
  const products = await api<{ items: { id: string; category: string[] }[] }>(
    base,
    keys.secretKey,
    '/v1/catalog/products?limit=1',
  );
  const product = products.body.items[0]!;
  const category = product.category[0]!;

  const consolePages: [string, string][] = [
    ['Live (default: last 24 hours)', 'live'],
    ['Live, last 7 days', 'live/7d'],
    ['Live, last 30 days', 'live/30d'],
    ['Shopper', `shopper/${encodeURIComponent(shopper)}`],
    ['Recommendations', 'recommendations'],
    ['Search', 'search'],
    ['Forecasts', 'forecasts'],
    ['Segments', 'segments'],
    ['Catalog & locations', 'catalog'],
  ];
  const shopViews: [string, string][] = [
    ['shop: home', '#/'],
    ['shop: category', `#/c/${encodeURIComponent(category)}`],
    ['shop: product', `#/p/${encodeURIComponent(product.id)}`],
  ];

  const load = {
    before: loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  };
  const browser = await launchChromium();
  const results: Record<string, Sample[]> = {};
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(READY_OBSERVER);
    await page.goto(`${base}/console/`);
    await page.getByLabel('Secret key').fill(keys.secretKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Console pages' }).waitFor();
    for (const [name, hash] of consolePages) {
      results[name] = [];
      for (let i = 0; i < runs; i++)
        results[name].push(await measure(page, `${base}/console/?at=${Date.now()}#/${hash}`));
    }
    for (const [name, hash] of shopViews) {
      results[name] = [];
      for (let i = 0; i < runs; i++)
        results[name].push(await measure(page, `${base}/shop/?key=${keys.writeKey}&at=${Date.now()}${hash}`));
    }
  } finally {
    await browser.close();
  }
  const after = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  console.log(
    `\n${new Date().toISOString()} · ${base} · ${runs} runs each · load average before ${load.before}, after ${after}\n`,
  );
  console.log('| page | median | max | slowest API call (median) |\n|---|---|---|---|');
  for (const [name, samples] of Object.entries(results)) {
    const ms = samples.map((s) => s.ms);
    const slowest = samples.map((s) => s.slowest).sort((a, b) => a.ms - b.ms)[
      Math.floor(samples.length / 2)
    ]!;
    console.log(
      `| ${name} | ${Math.round(median(ms))} ms | ${Math.round(Math.max(...ms))} ms | \`${slowest.path}\` ${Math.round(slowest.ms)} ms |`,
    );
  }
  if (values.json) console.log(JSON.stringify(results, null, 2));
}

await main();
