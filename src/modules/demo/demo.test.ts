import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PanierError } from '../../kernel/index.ts';
import { inventoryInputSchema, locationInputSchema, productInputSchema } from '../catalog/index.ts';
import { createDemo, type DemoSink, runDemo, type SegmentMessage } from './index.ts';

const END = Date.UTC(2026, 10, 23);
const SMALL = { products: 2000, shoppers: 800, days: 28, endDate: END } as const;

function digest(seed: number): string {
  const demo = createDemo({ products: 1000, shoppers: 300, days: 14, endDate: END, seed });
  const hash = createHash('sha256');
  for (const batch of demo.products()) hash.update(JSON.stringify(batch));
  hash.update(JSON.stringify(demo.locations()));
  for (const batch of demo.inventory()) hash.update(JSON.stringify(batch));
  for (const batch of demo.events()) hash.update(JSON.stringify(batch));
  return hash.digest('hex');
}

describe('demo retailer: determinism and shape', () => {
  it('same seed and end date give the same bytes; another seed differs', () => {
    const a = digest(7);
    expect(digest(7)).toBe(a);
    expect(digest(8)).not.toBe(a);
  });

  it('refuses options outside their ranges with a PanierError', () => {
    expect(() => createDemo({ endDate: END + 1 })).toThrow(PanierError);
    expect(() => createDemo({ endDate: END, products: 2_000_000 })).toThrow(/products|less/i);
  });

  it('every product, location and inventory row passes the catalog schemas', () => {
    const demo = createDemo({ ...SMALL, seed: 3 });
    let products = 0;
    for (const batch of demo.products()) {
      for (const p of batch) expect(productInputSchema.safeParse(p).error).toBeUndefined();
      products += batch.length;
    }
    expect(products).toBe(SMALL.products);
    const locations = demo.locations();
    for (const l of locations) expect(locationInputSchema.safeParse(l).error).toBeUndefined();
    expect(locations.filter((l) => l.kind === 'store')).toHaveLength(15);
    expect(locations.filter((l) => l.kind === 'locker')).toHaveLength(30);
    let rows = 0;
    let stockouts = 0;
    for (const batch of demo.inventory()) {
      for (const r of batch) {
        expect(inventoryInputSchema.safeParse(r).error).toBeUndefined();
        if (r.onHand === 0) stockouts++;
      }
      rows += batch.length;
    }
    expect(rows).toBeGreaterThan(SMALL.products * 2);
    expect(stockouts).toBeGreaterThan(0);
    expect(stockouts / rows).toBeLessThan(0.1);
  });

  it('runDemo feeds the sink in order and returns a summary matching what it sent', async () => {
    const seen: string[] = [];
    let events = 0;
    const sink: DemoSink = {
      upsertProducts: async () => void seen.push('products'),
      upsertLocations: async () => void seen.push('locations'),
      upsertInventory: async () => void seen.push('inventory'),
      ingestEvents: async (batch) => {
        seen.push('events');
        events += batch.length;
      },
    };
    const summary = await runDemo(
      sink,
      { ...SMALL, shoppers: 100, days: 7, seed: 1 },
      { start() {}, update() {}, increment() {}, stop() {} },
    );
    const phases = seen.filter((s, k) => s !== seen[k - 1]);
    expect(phases).toEqual(['products', 'locations', 'inventory', 'events']);
    expect(summary.events.total).toBe(events);
    expect(Object.values(summary.events.byType).reduce((a, b) => a + b, 0)).toBe(events);
    expect(summary.products).toBe(SMALL.products);
  });
});

describe('demo retailer: events', () => {
  const demo = createDemo({ ...SMALL, seed: 42 });
  const events: SegmentMessage[] = [];
  for (const batch of demo.events()) events.push(...batch);

  it('emits valid Segment messages in time order with unique deterministic ids', () => {
    expect(events.length).toBeGreaterThan(SMALL.shoppers * SMALL.days * 0.15);
    expect(events.length).toBeLessThan(SMALL.shoppers * SMALL.days * 0.5);
    const ids = new Set<string>();
    let last = 0;
    for (const e of events) {
      expect(e.messageId).toMatch(/^demo-42-\d{9}$/);
      ids.add(e.messageId);
      const t = Date.parse(e.timestamp);
      expect(e.timestamp).toBe(new Date(t).toISOString());
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
      expect(e.userId ?? e.anonymousId).toBeTruthy();
      expect(['track', 'page', 'screen', 'identify', 'alias']).toContain(e.type);
      if (e.type === 'track') expect(e.event).toBeTruthy();
      expect(e.context.library.name).toBe('panier-demo');
      expect(['web', 'app', 'pos']).toContain(e.context.channel);
    }
    expect(ids.size).toBe(events.length);
    expect(last).toBeLessThan(END);
  });

  it('carries the e-commerce fields consumers rely on', () => {
    const viewed = events.find((e) => e.event === 'Product Viewed')!;
    expect(Object.keys(viewed.properties!)).toEqual(
      expect.arrayContaining(['product_id', 'sku', 'name', 'brand', 'category', 'price', 'currency']),
    );
    expect(viewed.properties!.category).toMatch(/ > /);
    const online = events.filter((e) => e.event === 'Order Completed' && e.context.channel !== 'pos');
    const pos = events.filter((e) => e.event === 'Order Completed' && e.context.channel === 'pos');
    expect(online.length).toBeGreaterThan(20);
    expect(pos.length).toBeGreaterThan(online.length);
    for (const o of online) {
      expect(['delivery', 'pickup']).toContain(o.properties!.fulfillment);
      expect(o.properties!.store_id).toBeTruthy();
      if (o.properties!.fulfillment === 'pickup')
        expect(o.properties!.pickup_location_id).toMatch(/^(store|locker)-/);
    }
    expect(pos.every((o) => /^store-/.test(String(o.properties!.store_id)))).toBe(true);
    expect(pos.some((o) => o.userId?.startsWith('LOY'))).toBe(true);
    const identify = events.find((e) => e.type === 'identify')!;
    expect(identify.traits!.email).toMatch(/@example\.(com|org|net)$/);
    const alias = events.find((e) => e.type === 'alias')!;
    expect(alias.previousId).toBe(alias.anonymousId);
    expect(alias.userId).toMatch(/^cust-/);
    expect(events.some((e) => e.event === 'Products Searched')).toBe(true);
    const identified = new Set<string>();
    let consentChanges = 0;
    for (const e of events) {
      if (e.type !== 'identify') continue;
      if (e.traits!.email) identified.add(e.userId!);
      else {
        // A consent change comes later, from a shopper already identified with full traits.
        expect(identified.has(e.userId!)).toBe(true);
        expect(Object.keys(e.traits!.consent as object).sort()).toEqual([
          'advertising',
          'analytics',
          'email',
          'personalization',
        ]);
        consentChanges++;
      }
    }
    expect(consentChanges).toBeGreaterThan(0);
  });
});
