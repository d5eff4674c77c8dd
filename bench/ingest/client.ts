// The load generator: pre-encoded HTTP/1.1 requests written on raw keep-alive sockets, one request in
// flight per connection. It is as cheap as we could make it, and the same for every server measured.
import { connect, type Socket } from 'node:net';

/** One complete request (head + body) per batch body, encoded once before the clock starts. */
export function encodeRequests(port: number, key: string | undefined, bodies: readonly string[]): Buffer[] {
  const out: Buffer[] = [];
  const auth = key ? `Authorization: Basic ${Buffer.from(`${key}:`).toString('base64')}\r\n` : '';
  for (const body of bodies) {
    const payload = Buffer.from(body, 'utf8');
    const head =
      `POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n${auth}` +
      `Content-Length: ${payload.length}\r\nConnection: keep-alive\r\n\r\n`;
    out.push(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
  }
  return out;
}

/** Reads responses off a socket: status code of each, body skipped by Content-Length. */
class ResponseReader {
  private buf: Buffer = Buffer.alloc(0);
  private waiting: ((status: number) => void) | null = null;
  closed = false;

  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
      this.drain();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.(0);
      this.waiting = null;
    });
    socket.on('error', () => {});
  }

  /** The status of the next response; 0 when the connection closed first. */
  next(): Promise<number> {
    if (this.closed) return Promise.resolve(0);
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.drain();
    });
  }

  private drain(): void {
    if (!this.waiting) return;
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buf.toString('latin1', 0, end);
    let bodyEnd: number;
    if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const last = this.buf.indexOf('\r\n0\r\n\r\n', end + 2); // the responses here are small: no trailers
      if (last < 0) return;
      bodyEnd = last + 7;
    } else {
      bodyEnd = end + 4 + Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (this.buf.length < bodyEnd) return;
    }
    this.buf = this.buf.subarray(bodyEnd);
    const resolve = this.waiting;
    this.waiting = null;
    resolve(Number(head.slice(9, 12)));
  }
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.setNoDelay(true);
    s.once('error', reject);
  });
}

/** Sends every request over `concurrency` connections; resolves with the wall time and non-200 count. */
export async function drive(
  port: number,
  requests: readonly Buffer[],
  concurrency: number,
): Promise<{ seconds: number; failures: number; latencyMs: { p50: number; p99: number } }> {
  const sockets = await Promise.all(Array.from({ length: concurrency }, () => open(port)));
  let next = 0;
  let failures = 0;
  // Request → reply, per request (a closed loop's throughput is its concurrency over this).
  const latencies = new Float64Array(requests.length);
  const lane = async (socket: Socket) => {
    const reader = new ResponseReader(socket);
    while (next < requests.length && !reader.closed) {
      const i = next++;
      const sent = performance.now();
      socket.write(requests[i]!);
      if ((await reader.next()) !== 200) failures++;
      latencies[i] = performance.now() - sent;
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(sockets.map(lane));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  for (const s of sockets) s.destroy();
  // Only requests that got a reply (a lane closed early leaves the rest unset).
  const timed = latencies
    .slice(0, Math.min(next, requests.length))
    .filter((ms) => ms > 0)
    .sort();
  const at = (q: number) => timed[Math.min(timed.length - 1, Math.floor(q * timed.length))] ?? 0;
  return { seconds, failures, latencyMs: { p50: at(0.5), p99: at(0.99) } };
}
