import { type ServerType, serve } from '@hono/node-server';
import type { Capabilities } from './capabilities.ts';
import type { Engine } from './engine.ts';
import { buildHttpApp } from './http.ts';

export interface RunningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the HTTP server on the engine; resolves once it listens. Given capabilities still starting (a
 * promise), it serves events and the catalog at once and answers 503 on the capability routes until they
 * are ready, then swaps in the full app.
 */
export function startServer(
  engine: Engine,
  port: number,
  host: string,
  caps?: Capabilities | Promise<Capabilities>,
): Promise<RunningServer> {
  let app =
    caps instanceof Promise ? buildHttpApp(engine, undefined, { warming: true }) : buildHttpApp(engine, caps);
  if (caps instanceof Promise)
    caps.then(
      (ready) => {
        app = buildHttpApp(engine, ready);
      },
      (err) => engine.logger.error({ err }, 'capabilities failed to start'),
    );
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: (req) => app.fetch(req), port, hostname: host }, (info) => {
      keepIdleConnections(server);
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
      resolve({
        port: info.port,
        url,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // idle keep-alive connections close at once; requests still running get a short grace
            const force = setTimeout(() => {
              if ('closeAllConnections' in server) server.closeAllConnections();
            }, 2000);
            force.unref();
          }),
      });
    });
  });
}

/**
 * Idle keep-alive connections stay open 65 s (Node's default is 5 s): a client whose own idle timer
 * fires late (a busy event loop) otherwise reuses a socket the server has just closed and gets
 * ECONNRESET; load balancers and SDK agents expect the server to outlast their 60 s pools.
 */
function keepIdleConnections(server: ServerType): void {
  if (!('keepAliveTimeout' in server)) return;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}
