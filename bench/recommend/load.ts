import { spawn } from 'node:child_process';

export interface LoadResult {
  sent: number;
  ok: number;
  errors: number;
  /** Requests not sent because every connection already had `maxPipeline` waiting (server behind). */
  skipped: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU time of the load generator process, ms (it shares the machine with the server). */
  cpuMs: number;
}

/**
 * Open-loop HTTP/1.1 load from a separate process (so the server's process CPU is the server's alone):
 * raw keep-alive sockets, pre-encoded requests, a 1 ms timer (no busy loop: the generator must not eat
 * the core the server needs). Each request has a scheduled send time, `index / rate`, and its latency
 * is measured from that time, so a stalled server is not hidden (no coordinated omission).
 */
const LOADER = `
const net = require('node:net');
let input = '';
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => run(JSON.parse(input)));
function run(opts) {
const { host, port, path, key, bodies, rate, seconds, connections, maxPipeline } = opts;
const requests = bodies.map((b) => Buffer.from(
  'POST ' + path + ' HTTP/1.1\\r\\nHost: ' + host + '\\r\\nAuthorization: Bearer ' + key +
  '\\r\\nContent-Type: application/json\\r\\nContent-Length: ' + Buffer.byteLength(b) + '\\r\\n\\r\\n' + b));
const lat = [];
let sent = 0, ok = 0, errors = 0, skipped = 0, index = 0;
let t0 = 0;
const conns = [];
function parse(c) {
  for (;;) {
    if (c.need < 0) {
      const end = c.buf.indexOf('\\r\\n\\r\\n');
      if (end < 0) return;
      const head = c.buf.subarray(0, end).toString('latin1');
      c.status = Number(head.slice(9, 12));
      const m = /content-length: *(\\d+)/i.exec(head);
      if (!m) throw new Error('response without content-length');
      c.need = Number(m[1]);
      c.buf = c.buf.subarray(end + 4);
    }
    if (c.buf.length < c.need) return;
    c.buf = c.buf.subarray(c.need);
    c.need = -1;
    const due = c.queue.shift();
    lat.push(performance.now() - due);
    if (c.status === 200) ok++; else errors++;
  }
}
function open(i) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, noDelay: true }, () => resolve());
    const c = { socket, queue: [], buf: Buffer.alloc(0), need: -1, status: 0 };
    socket.on('data', (d) => { c.buf = c.buf.length ? Buffer.concat([c.buf, d]) : d; parse(c); });
    socket.on('error', () => { errors += c.queue.length; c.queue.length = 0; });
    conns[i] = c;
  });
}
let rr = 0;
function fire(due) {
  let best = null;
  for (let k = 0; k < conns.length; k++) {
    const c = conns[(rr + k) % conns.length];
    if (!best || c.queue.length < best.queue.length) best = c;
    if (c.queue.length === 0) break;
  }
  rr = (rr + 1) % conns.length;
  if (best.queue.length >= maxPipeline) { skipped++; return; }
  best.queue.push(due);
  best.socket.write(requests[sent++ % requests.length]);
}
function tick() {
  const now = performance.now();
  const elapsed = (now - t0) / 1000;
  if (elapsed >= seconds) return finish();
  const target = Math.floor(elapsed * rate);
  while (index < target) fire(t0 + (index++ * 1000) / rate);
  setTimeout(tick, 1);
}
function finish() {
  const elapsed = (performance.now() - t0) / 1000;
  const waitUntil = performance.now() + 10000;
  const wait = () => {
    if (conns.some((c) => c.queue.length > 0) && performance.now() < waitUntil) return setTimeout(wait, 5);
    for (const c of conns) c.socket.destroy();
    lat.sort((a, b) => a - b);
    const q = (p) => lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : 0;
    const u = process.cpuUsage();
    process.stdout.write(JSON.stringify({ sent, ok, errors, skipped, seconds: elapsed, p50: q(0.5), p99: q(0.99),
      max: lat[lat.length - 1] ?? 0, cpuMs: (u.user + u.system) / 1000 }));
  };
  wait();
}
Promise.all(Array.from({ length: connections }, (_, i) => open(i))).then(() => { t0 = performance.now(); tick(); });
}
`;

export function httpLoad(opts: {
  url: string;
  key: string;
  bodies: string[];
  rate: number;
  seconds: number;
  connections?: number;
  maxPipeline?: number;
}): Promise<LoadResult> {
  const u = new URL(opts.url);
  const args = JSON.stringify({
    host: u.hostname,
    port: Number(u.port),
    path: u.pathname,
    key: opts.key,
    bodies: opts.bodies,
    rate: opts.rate,
    seconds: opts.seconds,
    connections: opts.connections ?? 32,
    maxPipeline: opts.maxPipeline ?? 8,
  });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', LOADER], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdin.end(args);
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
      else resolve(JSON.parse(out) as LoadResult);
    });
  });
}
