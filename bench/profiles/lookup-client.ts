// HTTP client of the profile-lookup benchmark, in its own process (the server's event loop and heap
// carry only the server's work). argv: port secret profiles lookups; prints latencies (ms) as JSON.
import { Agent, request } from 'node:http';
import { createRng } from '../../src/kernel/index.ts';

const [port, secret, profilesArg, lookupsArg] = process.argv.slice(2);
const PROFILES = Number(profilesArg);
const LOOKUPS = Number(lookupsArg);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const get = (path: string) =>
  new Promise<number>((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      { host: '127.0.0.1', port: Number(port), path, agent, headers: { authorization: `Bearer ${secret}` } },
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
for (let i = 0; i < 500; i++) await get(`/v1/profiles/${id()}`).catch(() => 0); // warm-up
const lat: number[] = [];
for (let i = 0; i < LOOKUPS; i++) lat.push(await get(`/v1/profiles/${id()}`).catch(() => Number.NaN));
agent.destroy();
process.stdout.write(`${JSON.stringify(lat)}\n`);
