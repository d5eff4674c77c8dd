import { describe, expect, it } from 'vitest';
import { createDemo, type SegmentMessage } from './index.ts';

const END = Date.UTC(2026, 10, 23);
const demo = createDemo({ seed: 11, products: 2000, shoppers: 1500, days: 35, endDate: END });
const events: SegmentMessage[] = [];
for (const batch of demo.events()) events.push(...batch);
const summary = demo.summary();

type Line = { product_id: string; category: string };
const orders = events.filter((e) => e.event === 'Order Completed');
const basket = (e: SegmentMessage): Line[] => e.properties!.products as Line[];
/** Local (Paris, winter: UTC+1 in November, +2 before late October) weekday 0 = Monday. */
const localWeekday = (e: SegmentMessage): number => {
  const t = Date.parse(e.timestamp) + 3_600_000;
  return (new Date(t).getUTCDay() + 6) % 7;
};

describe('demo retailer: planted patterns', () => {
  it('stores peak on Saturday: weekend days sell more than weekdays', () => {
    const perWeekday = new Array(7).fill(0);
    for (const o of orders) if (o.context.channel === 'pos') perWeekday[localWeekday(o)]++;
    const weekday = (perWeekday[0] + perWeekday[1] + perWeekday[2] + perWeekday[3]) / 4;
    expect(perWeekday[5] / weekday).toBeGreaterThan(1.4);
  });

  it('online traffic peaks in the evening', () => {
    const hours = new Array(24).fill(0);
    for (const e of events)
      if (e.type === 'page' || e.type === 'screen') hours[(new Date(e.timestamp).getUTCHours() + 1) % 24]++;
    const evening = hours[19] + hours[20] + hours[21];
    const night = hours[2] + hours[3] + hours[4];
    expect(evening).toBeGreaterThan(night * 10);
  });

  it('planted co-purchase pairs are bought together far above chance', () => {
    const has = orders.map((o) => new Set(basket(o).map((l) => l.product_id)));
    let lifts = 0;
    let measured = 0;
    for (const pair of summary.plantedPatterns.coPurchasePairs) {
      const withAnchor = has.filter((s) => s.has(pair.productId));
      if (withAnchor.length < 5) continue;
      const both = withAnchor.filter((s) => s.has(pair.withProductId)).length;
      const base = has.filter((s) => s.has(pair.withProductId)).length / has.length;
      lifts += both / withAnchor.length / Math.max(base, 1e-9);
      measured++;
    }
    expect(measured).toBeGreaterThanOrEqual(5);
    expect(lifts / measured).toBeGreaterThan(10);
  });

  it('trend bursts spike the planted products views during their window', () => {
    let insideRate = 0;
    let outsideRate = 0;
    for (const burst of summary.plantedPatterns.trendBursts) {
      const from = Date.parse(burst.from) - 3_600_000 * 2;
      const to = Date.parse(burst.to) + 86_400_000;
      let inside = 0;
      let outside = 0;
      for (const e of events) {
        if (e.event !== 'Product Viewed' || e.properties!.product_id !== burst.productId) continue;
        const t = Date.parse(e.timestamp);
        if (t >= from && t < to) inside++;
        else outside++;
      }
      const windowDays = (to - from) / 86_400_000;
      insideRate += inside / windowDays;
      outsideRate += outside / (35 - windowDays);
    }
    expect(insideRate).toBeGreaterThan(2);
    expect(insideRate).toBeGreaterThan(5 * outsideRate);
  });

  it("shoppers' purchases follow their latent department affinity", () => {
    const { shoppers, model } = demo.world;
    const byId = new Map<string, number>();
    for (const s of shoppers) {
      if (s.userId) byId.set(s.userId, s.index);
      if (s.loyaltyId) byId.set(s.loyaltyId, s.index);
      for (const d of s.devices) byId.set(d.anonymousId, s.index);
    }
    const topIndex = new Map(model.tops.map((t, k) => [t.spec.name, k]));
    let own = 0;
    let other = 0;
    let n = 0;
    for (const o of orders) {
      const s = byId.get(o.userId ?? o.anonymousId ?? '');
      if (s === undefined) continue;
      const stranger = shoppers[(s + 1 + (n % (shoppers.length - 1))) % shoppers.length]!;
      for (const line of basket(o)) {
        const top = topIndex.get(line.category.split(' > ')[0]!)!;
        own += shoppers[s]!.affinity[top]!;
        other += stranger.affinity[top]!;
        n++;
      }
    }
    expect(n).toBeGreaterThan(1000);
    expect(own / other).toBeGreaterThan(1.8);
  });

  it('consumables come back at about their repurchase cycle', () => {
    const cycle = new Map<string, number>();
    for (const batch of demo.products()) {
      for (const p of batch)
        if (typeof p.attributes?.repurchase_days === 'number') cycle.set(p.id, p.attributes.repurchase_days);
    }
    const lastBuy = new Map<string, number>();
    const ratios: number[] = [];
    for (const o of orders) {
      const who = o.userId ?? o.anonymousId!;
      if (who.startsWith('pos-')) continue;
      for (const line of basket(o)) {
        const days = cycle.get(line.product_id);
        if (!days) continue;
        const key = `${who}|${line.product_id}`;
        const t = Date.parse(o.timestamp);
        const previous = lastBuy.get(key);
        if (previous !== undefined) ratios.push((t - previous) / 86_400_000 / days);
        lastBuy.set(key, t);
      }
    }
    expect(ratios.length).toBeGreaterThan(50);
    const near = ratios.filter((r) => r > 0.7 && r < 1.3).length;
    expect(near / ratios.length).toBeGreaterThan(0.5);
  });

  it('an anonymous device that logs in is aliased and then carries the userId', () => {
    const aliased = new Map<string, string>();
    for (const e of events) {
      if (e.type === 'alias') aliased.set(e.anonymousId!, e.userId!);
      else if (e.anonymousId && aliased.has(e.anonymousId) && e.context.channel !== 'pos') {
        expect(e.userId).toBe(aliased.get(e.anonymousId));
      }
    }
    expect(aliased.size).toBeGreaterThan(100);
  });
});
