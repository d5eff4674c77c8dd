import { describe, expect, it } from 'vitest';
import { normalQuantiles } from './quantiles.ts';
import {
  inventoryPosition,
  newsvendorQuantity,
  orderUpTo,
  reorderPoint,
  safetyStock,
  suggestedOrder,
} from './replenishment.ts';
import { planLine, stockoutRisks } from './replenishment-plan.ts';

/** Flat daily forecast N(mean, sd²) with M5 quantiles. */
const flat = (mean: number, sd: number, days = 28) =>
  normalQuantiles({
    model: 't',
    mean: new Float64Array(days).fill(mean),
    sd: new Float64Array(days).fill(sd),
  });

describe('replenishment formulas (hand-worked)', () => {
  it('safety stock and reorder point: CSL 95%, L = 3, d = 12, σ = 4', () => {
    // z = 1.6449; SS = 1.6449 · 4 · √3 = 11.396; ROP = 36 + 11.396 = 47.396
    const ss = safetyStock({ serviceLevel: 0.95, sigmaDaily: 4, leadTime: 3 });
    expect(ss).toBeCloseTo(11.396, 2);
    expect(reorderPoint(12, 3, ss)).toBeCloseTo(47.396, 2);
  });

  it('safety stock with variable lead time', () => {
    // z·√(L σ² + d² σ_L²) = 1.6449 · √(3·16 + 144·1) = 1.6449 · 13.856 = 22.79
    expect(
      safetyStock({ serviceLevel: 0.95, sigmaDaily: 4, leadTime: 3, meanDaily: 12, leadTimeSd: 1 }),
    ).toBeCloseTo(22.79, 1);
  });

  it('order-up-to from quantiles: R = 7, L = 3 → S = 10·12 + 1.6449·4·√10', () => {
    // σ read back from the 16.5/83.5% quantiles of N(12, 4²) is 4 (up to rounding).
    expect(orderUpTo(flat(12, 4), { leadTime: 3, reviewPeriod: 7, serviceLevel: 0.95 })).toBeCloseTo(
      120 + 1.6449 * 4 * Math.sqrt(10),
      1,
    );
  });

  it('newsvendor: cu = 2.5, co = 1 → CR = 0.714, Q* on N(12, 4²) ≈ 14.3', () => {
    const f = flat(12, 4, 1);
    const q = newsvendorQuantity(
      f.quantiles.map((r) => r[0]),
      f.levels,
      2.5,
      1,
    );
    // Linear interpolation between the 0.25/0.75 quantiles (9.30, 14.70) lands slightly below the exact 14.26.
    expect(q).toBeGreaterThan(13.5);
    expect(q).toBeLessThan(14.7);
  });

  it('orders net of on hand, reserved and in transit, rounded to packs with a minimum', () => {
    const ip = inventoryPosition({ onHand: 40, inTransit: 24, reserved: 10, backorders: 2 });
    expect(ip).toBe(52);
    expect(suggestedOrder(130.8, ip, { packSize: 12 })).toBe(84); // need 78.8 → 7 packs
    expect(suggestedOrder(60, ip, { packSize: 12, minOrder: 24 })).toBe(24);
    expect(suggestedOrder(50, ip)).toBe(0);
  });

  it('plans a line and lists stockout risks', () => {
    const f = flat(12, 4);
    const policy = { leadTime: 3, reviewPeriod: 7, serviceLevel: 0.95 };
    const short = planLine({ product: 'p', location: 's', onHand: 20, reserved: 5 }, f, policy);
    const fine = planLine({ product: 'q', location: 's', onHand: 200 }, f, policy);
    expect(short.daysOfCover).toBe(1); // 15 available: day 0 uses 12, day 1 reaches 24
    expect(short.stockoutRisk).toBeGreaterThan(0.99);
    expect(short.order).toBeCloseTo(Math.ceil(short.orderUpTo - 15), 6);
    expect(fine.order).toBe(0);
    expect(stockoutRisks([fine, short]).map((l) => l.product)).toEqual(['p']);
  });

  it('rejects a service level outside (0, 1)', () => {
    expect(() => safetyStock({ serviceLevel: 1, sigmaDaily: 1, leadTime: 1 })).toThrow(/service level/);
  });
});
