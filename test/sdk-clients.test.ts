import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { Analytics as SegmentAnalytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/app/server.ts';
import { bearer, type TestEngine, testEngine } from './helpers/engine.ts';

let t: TestEngine;
let server: RunningServer;
beforeAll(async () => {
  t = await testEngine();
  server = await startServer(t.engine, 0, '127.0.0.1');
});
afterAll(async () => {
  await server.close();
  await t.close();
});

async function eventsOf(query: string) {
  const res = await fetch(`${server.url}/v1/events?${query}`, {
    headers: { authorization: bearer(t.secretKey) },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    total: number;
    events: Array<{ messageId: string; kind: string; type: string; payload: Record<string, unknown> }>;
  };
}

describe('real SDK clients against a running panier', () => {
  it('@segment/analytics-node (option host): identify, track, page, with a repeated messageId stored once', async () => {
    const analytics = new SegmentAnalytics({
      writeKey: t.writeKey,
      host: server.url,
      flushAt: 3,
      maxRetries: 1,
    });
    const failures: unknown[] = [];
    analytics.on('error', (e) => failures.push(e));
    analytics.identify({
      userId: 'seg-user',
      traits: { email: 'seg@example.com' },
      messageId: 'seg-identify',
    });
    analytics.track({
      userId: 'seg-user',
      event: 'Product Viewed',
      properties: { product_id: 'P1' },
      messageId: 'seg-track',
    });
    analytics.page({ userId: 'seg-user', name: 'Home', messageId: 'seg-page' });
    analytics.track({
      userId: 'seg-user',
      event: 'Product Viewed',
      properties: { product_id: 'P1' },
      messageId: 'seg-track',
    });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(failures).toEqual([]);
    const got = await eventsOf('userId=seg-user');
    expect(got.total).toBe(3);
    expect(got.events.map((e) => e.messageId).sort()).toEqual(['seg-identify', 'seg-page', 'seg-track']);
    const track = got.events.find((e) => e.messageId === 'seg-track')!;
    expect(track.type).toBe('product_viewed');
    expect((track.payload.context as { library: { name: string } }).library.name).toBe(
      '@segment/analytics-node',
    );
  });

  it('@rudderstack/rudder-sdk-node (option dataPlaneUrl, gzip by default): identify, track, page, duplicates once', async () => {
    const client = new RudderAnalytics(t.writeKey, {
      dataPlaneUrl: server.url,
      flushAt: 100,
      flushInterval: 60_000,
      logLevel: 'error',
      retryCount: 0,
    });
    // The client's types omit messageId, but it keeps one that is set (and generates one otherwise).
    const withId = <T extends object>(m: T, messageId: string) => Object.assign(m, { messageId });
    client.identify(withId({ userId: 'rud-user', traits: { plan: 'gold' } }, 'rud-identify'));
    client.track(
      withId(
        { userId: 'rud-user', event: 'Order Completed', properties: { order_id: 'O1', revenue: 12 } },
        'rud-track',
      ),
    );
    client.page(withId({ userId: 'rud-user', name: 'Checkout' }, 'rud-page'));
    client.track(
      withId(
        { userId: 'rud-user', event: 'Order Completed', properties: { order_id: 'O1', revenue: 12 } },
        'rud-track',
      ),
    );
    await client.flush();
    const got = await eventsOf('userId=rud-user');
    expect(got.events.map((e) => e.messageId).sort()).toEqual(['rud-identify', 'rud-page', 'rud-track']);
    expect(got.events.find((e) => e.messageId === 'rud-track')!.type).toBe('order_completed');
  });
});
