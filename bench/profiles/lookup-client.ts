// HTTP client of the profile-lookup benchmark, in its own process (the server's event loop and heap
// carry only the server's work). argv: ports (comma-separated) secret profiles lookups block. With
// several ports it alternates blocks of `block` lookups between them, so each server is measured under
// the same conditions of a shared machine; prints one array of latencies (ms) per port as JSON.
import { Agent, request } from 'node:http';
import { createRng } from '../../src/kernel/index.ts';

const [portsArg, secret, profilesArg, lookupsArg, blockArg] = process.argv.slice(2);
const PORTS = portsArg!.split(',').map(Number);
const PROFILES = Number(profilesArg);
const LOOKUPS = Number(lookupsArg);
const BLOCK = Number(blockArg ?? LOOKUPS);
const agents = PORTS.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
const get = (p: number, path: string) =>
  new Promise<number>((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      {
        host: '127.0.0.1',
        port: PORTS[p],
        path,
        agent: agents[p],
        headers: { authorization: `Bearer ${secret}` },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
const rng = createRng(3);
const id = () => {
  const p = rng.int(PROFILES);
  return p % 2 === 0 ? `u${p}` : `a${p}`;
};
for (let p = 0; p < PORTS.length; p++)
  for (let i = 0; i < 500; i++) await get(p, `/v1/profiles/${id()}`).catch(() => 0); // warm-up
const lat: number[][] = PORTS.map(() => []);
for (let done = 0; done < LOOKUPS; done += BLOCK)
  for (let p = 0; p < PORTS.length; p++)
    for (let i = done; i < Math.min(LOOKUPS, done + BLOCK); i++)
      lat[p]!.push(await get(p, `/v1/profiles/${id()}`).catch(() => Number.NaN));
for (const a of agents) a.destroy();
process.stdout.write(`${JSON.stringify(lat)}\n`);
