import { describe, expect, it } from 'vitest';
import { normalizeMessage } from '../collect/index.ts';
import { createDemo } from './index.ts';

describe('demo retailer: through the collector', () => {
  it('every event passes Segment validation and maps to a known e-commerce type', () => {
    const demo = createDemo({
      seed: 5,
      products: 500,
      shoppers: 300,
      days: 10,
      endDate: Date.UTC(2026, 10, 23),
    });
    const ctx = {
      kind: null,
      receivedAt: Date.UTC(2026, 10, 23),
      source: 'demo',
      maxEventBytes: 32 * 1024,
      pathPrefix: '',
    };
    let count = 0;
    for (const batch of demo.events()) {
      for (const msg of batch) {
        const event = normalizeMessage(msg, ctx);
        expect(event.type).not.toBe('custom');
        expect(event.messageId).toBe(msg.messageId);
        expect(event.timestamp).toBe(Date.parse(msg.timestamp));
        if (msg.context.channel === 'pos') expect(event.storeId).toMatch(/^store-/);
        count++;
      }
    }
    expect(count).toBeGreaterThan(500);
  });
});
