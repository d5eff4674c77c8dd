import { type ServerType, serve } from '@hono/node-server';
import type { Engine } from './engine.ts';
import { buildHttpApp } from './http.ts';

export interface RunningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Starts the HTTP server on the engine; resolves once it listens. */
export function startServer(engine: Engine, port: number, host: string): Promise<RunningServer> {
  const app = buildHttpApp(engine);
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
