// The profile-lookup benchmark's HTTP client, and the floor it measures against: the same client and
// route served by a Hono app that answers a fixed body with no profile work, in the same process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const here = new URL('.', import.meta.url).pathname;

/**
 * Runs `lookup-client.ts` in its own process against one or more ports (alternating blocks of `block`
 * lookups between them); resolves with each port's latencies (ms).
 */
export function runLookupClient(
  ports: readonly number[],
  secret: string,
  profiles: number,
  lookups: number,
  block = lookups,
): { latencies: Promise<number[][]>; done: () => boolean } {
  const script = join(here, 'lookup-client.ts');
  const args = [ports.join(','), secret, String(profiles), String(lookups), String(block)];
  const client = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let exited = false;
  client.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const latencies = new Promise<number[][]>((resolve, reject) =>
    client.once('exit', (code) => {
      exited = true;
      if (code === 0) resolve(JSON.parse(out) as number[][]);
      else reject(new Error(`lookup-client exited with code ${code}`));
    }),
  );
  return { latencies, done: () => exited };
}

/**
 * The same floor in a process of its own (`floor-server.ts`): its heap is a few MB instead of the
 * benchmark's gigabytes, so the two floors tell what the big heap alone costs the HTTP tail.
 */
export async function startFloorProcess(body: string): Promise<{ port: number; close: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'floor-server.ts'), body], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`floor-server exited with code ${code}`)));
  });
  return { port, close: () => child.stdin!.end() };
}

/** A server answering the lookup route with `body` and nothing else: the HTTP floor of a lookup. */
export async function startFloor(body: string): Promise<{ port: number; close: () => void }> {
  const app = new Hono();
  app.get('/v1/profiles/:id', (c) => c.body(body, 200, { 'content-type': 'application/json' }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  return { port: (server.address() as { port: number }).port, close: () => server.close() };
}
