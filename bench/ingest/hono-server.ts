// Experiment: the bare ceiling's work (read, JSON.parse, answer) behind Hono on @hono/node-server.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/v1/batch', async (c) => {
  const text = Buffer.from(await c.req.arrayBuffer()).toString('utf8');
  const body = JSON.parse(text) as { batch: unknown[] };
  return c.json({ success: true, accepted: body.batch.length });
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
});
