import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { yieldToEventLoop } from './yield.ts';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* a chunk of synchronous rebuild work */
  }
};

describe('yieldToEventLoop', () => {
  it('lets HTTP be served between the chunks of two rebuilds running side by side', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const chunks = 150;
    let done = 0;
    let doneWhenAnswered = -1;
    // Sent before the rebuilds start; a starved loop answers it only once both have finished.
    const answered = fetch(`http://127.0.0.1:${port}/`)
      .then((r) => r.text())
      .then(() => {
        doneWhenAnswered = done;
      });
    const rebuild = async () => {
      for (let i = 0; i < chunks; i++) {
        busy(3); // longer than a 1 ms timer: setTimeout(0) yields would keep the timers phase busy
        done++;
        await yieldToEventLoop();
      }
    };
    await Promise.all([rebuild(), rebuild()]);
    await answered;
    await new Promise<void>((r) => server.close(() => r()));
    expect(doneWhenAnswered).toBeGreaterThanOrEqual(0);
    expect(doneWhenAnswered).toBeLessThan(2 * chunks);
  });
});
