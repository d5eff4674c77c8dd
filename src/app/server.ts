import { type ServerType, serve } from '@hono/node-server';
import type { Capabilities } from './capabilities.ts';
import type { Engine } from './engine.ts';
import { buildHttpApp } from './http.ts';

export interface RunningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Starts the HTTP server on the engine; resolves once it listens. */
export function startServer(
  engine: Engine,
  port: number,
  host: string,
  caps?: Capabilities,
): Promise<RunningServer> {
  const app = buildHttpApp(engine, caps);
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
      resolve({
        port: info.port,
        url,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
