import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { describe, expect, it } from 'vitest';
import { anyOriginCors } from './cors.ts';

function app(mw: ReturnType<typeof cors>) {
  const a = new Hono();
  a.use('/v1/*', mw);
  a.post('/v1/x', (c) => c.json({ ok: true }));
  a.get('/v1/fail', (c) => {
    c.header('Retry-After', '1');
    return c.json({ error: 'x' }, 503);
  });
  return a;
}

const options = { allowHeaders: ['Authorization', 'Content-Type'], maxAge: 600 };
const ours = app(anyOriginCors(options));
const hono = app(cors({ origin: '*', ...options }));

describe('anyOriginCors', () => {
  it('answers like Hono cors({origin:"*"}) on simple requests, preflights and handler headers', async () => {
    const requests = [
      () =>
        new Request('http://h/v1/x', {
          method: 'POST',
          body: '{}',
          headers: { origin: 'https://shop.example' },
        }),
      () => new Request('http://h/v1/x', { method: 'POST', body: '{}' }),
      () => new Request('http://h/v1/fail'),
      () =>
        new Request('http://h/v1/x', {
          method: 'OPTIONS',
          headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
        }),
    ];
    for (const make of requests) {
      const [a, b] = [await ours.request(make()), await hono.request(make())];
      expect(a.status).toBe(b.status);
      expect([...a.headers.entries()].sort()).toEqual([...b.headers.entries()].sort());
      expect(await a.text()).toBe(await b.text());
    }
    const simple = await ours.request(requests[0]!());
    expect(simple.headers.get('access-control-allow-origin')).toBe('*');
  });
});
