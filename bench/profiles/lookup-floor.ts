// The profile-lookup benchmark's HTTP client, and the floor it measures against: the same client and
// route served by a Hono app that answers a fixed body with no profile work, in the same process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const here = new URL('.', import.meta.url).pathname;

/** Runs `lookup-client.ts` in its own process against a port; resolves with its latencies (ms). */
export function runLookupClient(
  port: number,
  secret: string,
  profiles: number,
  lookups: number,
): { latencies: Promise<number[]>; done: () => boolean } {
  const client = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(here, 'lookup-client.ts'),
      String(port),
      secret,
      String(profiles),
      String(lookups),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  let exited = false;
  client.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const latencies = new Promise<number[]>((resolve, reject) =>
    client.once('exit', (code) => {
      exited = true;
      if (code === 0) resolve(JSON.parse(out) as number[]);
      else reject(new Error(`lookup-client exited with code ${code}`));
    }),
  );
  return { latencies, done: () => exited };
}

/** Latency quantiles (ms) of the same lookups answered with `body` and nothing else. */
export async function lookupFloor(body: string, profiles: number, lookups: number) {
  const app = new Hono();
  app.get('/v1/profiles/:id', (c) => c.body(body, 200, { 'content-type': 'application/json' }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  const lat = (await runLookupClient(port, 'floor', profiles, lookups).latencies).sort((a, b) => a - b);
  server.close();
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!;
  return { p50: q(0.5), p99: q(0.99), max: lat[lat.length - 1]!, bytes: body.length };
}
