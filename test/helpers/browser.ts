import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { DEFAULT_STATIC_DIRS } from '../../src/adapters/http/routes/static.ts';
import { startCapabilities } from '../../src/app/capabilities.ts';
import { generateDemo } from '../../src/app/demo-setup.ts';
import { type RunningServer, startServer } from '../../src/app/server.ts';
import { utcMidnight } from '../../src/modules/demo/index.ts';
import { type TestEngine, testEngine } from './engine.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SCREENSHOTS = 'artifacts/screenshots';

/** Builds the console and storefront when `console/dist` is missing (npm test builds first). */
export function ensureBuilt(): void {
  if (existsSync(join(DEFAULT_STATIC_DIRS.consoleDir, 'index.html'))) return;
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'console/vite.config.ts'],
    {
      stdio: 'ignore',
    },
  );
}

export interface DemoServer {
  t: TestEngine;
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}

/**
 * A small seeded demo retailer served over HTTP on a free port, on a temporary SQLite file. The data
 * ends at `endDate` (a UTC midnight, default today's). With one seed the generated data still differs
 * by the end date's weekday, so a test that checks what the models make of that data passes a fixed
 * `endDate`; tests of "last 24 hours"-style windows keep the default, which keeps the data recent.
 */
export async function demoServer(options: { endDate?: number } = {}): Promise<DemoServer> {
  ensureBuilt();
  const t = await testEngine();
  const endDate = options.endDate ?? utcMidnight(Date.now());
  await generateDemo(t.engine, { products: 1500, shoppers: 800, days: 21, endDate });
  const caps = await startCapabilities(t.engine, t.dir);
  const server = await startServer(t.engine, 0, '127.0.0.1', caps);
  return {
    t,
    server,
    url: server.url,
    close: async () => {
      await server.close();
      caps.stop();
      await t.close();
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export async function screenshot(page: Page, name: string, dir = SCREENSHOTS): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

/** Calls the API the way the pages do; returns the status and parsed body. */
export async function api<T = Record<string, unknown>>(
  base: string,
  key: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null; // a router's plain-text 404
  }
  return { status: res.status, body: body as T };
}

/** False when the server has no such route (the capability is not wired in this build). */
export async function endpointExists(
  base: string,
  key: string,
  path: string,
  body?: unknown,
): Promise<boolean> {
  const r = await api<{ error?: { message?: string } }>(base, key, path, {
    method: body === undefined ? 'GET' : 'POST',
    body,
  });
  const message = r.body?.error?.message;
  return !(r.status === 404 && (message === undefined || message.startsWith('no such endpoint')));
}

/** Numbers as the console formats them (en-GB grouping). */
export const formatted = (n: number) =>
  new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(n);
