import { Worker } from 'node:worker_threads';

export interface LoadResult {
  sent: number;
  ok: number;
  errors: number;
  /** Requests not sent because `maxInFlight` were already waiting (the server fell behind). */
  skipped: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Open-loop HTTP load from a worker thread (own event loop, keep-alive agent): `rate` requests/s for
 * `seconds`, at most `maxInFlight` outstanding; latency is measured from each send.
 */
const LOADER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, key, bodies, rate, seconds, maxInFlight } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: maxInFlight });
const target = new URL(url);
const lat = [];
let sent = 0, ok = 0, errors = 0, skipped = 0, inFlight = 0;
const t0 = performance.now();
function fire() {
  const body = bodies[sent % bodies.length];
  sent++;
  inFlight++;
  const start = performance.now();
  const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' + key, 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on('end', () => { inFlight--; lat.push(performance.now() - start); if (res.statusCode === 200) ok++; else errors++; });
  });
  req.on('error', () => { inFlight--; errors++; });
  req.end(body);
}
function tick() {
  const elapsed = (performance.now() - t0) / 1000;
  if (elapsed >= seconds) {
    const wait = () => inFlight > 0 ? setTimeout(wait, 5) : done(elapsed);
    return wait();
  }
  const due = Math.floor(elapsed * rate) - sent - skipped;
  for (let i = 0; i < due; i++) inFlight < maxInFlight ? fire() : skipped++;
  setImmediate(tick);
}
function done(elapsed) {
  lat.sort((a, b) => a - b);
  const q = (p) => lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : 0;
  parentPort.postMessage({ sent, ok, errors, skipped, seconds: elapsed, p50: q(0.5), p99: q(0.99), max: lat[lat.length - 1] ?? 0 });
  agent.destroy();
}
tick();
`;

export function httpLoad(opts: {
  url: string;
  key: string;
  bodies: string[];
  rate: number;
  seconds: number;
  maxInFlight: number;
}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOADER, { eval: true, workerData: opts });
    worker.once('message', (r: LoadResult) => {
      void worker.terminate();
      resolve(r);
    });
    worker.once('error', reject);
  });
}
