import { demoDay } from './calendar.ts';
import { productId, productTitle, repurchaseDays } from './products.ts';
import type { EventTally } from './tally.ts';
import { COMPLEMENTS } from './words/taxonomy.ts';
import type { World } from './world.ts';

export interface PlantedSummary {
  /** Products whose views and sales spike: look for them in trending and burst detection. */
  trendBursts: {
    productId: string;
    title: string;
    category: string;
    from: string;
    to: string;
    peakDay: string;
  }[];
  /** Complements planted to be bought together: frequently-bought-together should return them. */
  coPurchasePairs: {
    productId: string;
    withProductId: string;
    title: string;
    withTitle: string;
    rule: string;
  }[];
  /** Consumables with a repurchase cycle (attribute `repurchase_days`): buy-it-again should time them. */
  consumables: { products: number; examples: { productId: string; repurchaseDays: number }[] };
}

export interface DemoSummary {
  seed: number;
  /** First and last local day generated (YYYY-MM-DD). */
  period: { from: string; to: string; days: number };
  products: number;
  locations: { stores: number; lockers: number; warehouses: number };
  inventoryRows: number;
  shoppers: {
    total: number;
    withAccount: number;
    withLoyaltyCard: number;
    withTwoDevices: number;
    withConsent: number;
  };
  events: { total: number; byType: Record<string, number>; first: string | null; last: string | null };
  orders: { online: number; inStore: number; revenue: number; currency: 'EUR' };
  plantedPatterns: PlantedSummary;
}

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function plantedSummary(world: World, endDate: number): PlantedSummary {
  const { model, patterns } = world;
  const dayOf = (d: number): string => isoDate(demoDay(endDate, world.days, d).date);
  const trendBursts = patterns.bursts.map((b) => {
    const peak = b.profile.indexOf(Math.max(...b.profile));
    return {
      productId: productId(b.product),
      title: productTitle(model, b.product),
      category: model.leaves[model.leafOf[b.product]!]!.label,
      from: dayOf(b.firstDay),
      to: dayOf(b.firstDay + b.profile.length - 1),
      peakDay: dayOf(b.firstDay + peak),
    };
  });
  const coPurchasePairs = patterns.pairs.map((p) => ({
    productId: productId(p.anchor),
    withProductId: productId(p.complement),
    title: productTitle(model, p.anchor),
    withTitle: productTitle(model, p.complement),
    rule: `${COMPLEMENTS[p.rule]!.from[2]} + ${COMPLEMENTS[p.rule]!.to[2]}`,
  }));
  let consumables = 0;
  const examples: { productId: string; repurchaseDays: number }[] = [];
  for (let i = 0; i < model.size; i++) {
    const days = repurchaseDays(model, i);
    if (days === 0) continue;
    consumables++;
    if (examples.length < 5) examples.push({ productId: productId(i), repurchaseDays: days });
  }
  return { trendBursts, coPurchasePairs, consumables: { products: consumables, examples } };
}

export function buildSummary(
  world: World,
  endDate: number,
  inventoryRows: number,
  tally: EventTally,
): DemoSummary {
  const { shoppers, locations } = world;
  const byType = Object.fromEntries(
    [...tally.byType.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  );
  return {
    seed: world.seed,
    period: {
      from: isoDate(demoDay(endDate, world.days, 0).date),
      to: isoDate(demoDay(endDate, world.days, world.days - 1).date),
      days: world.days,
    },
    products: world.model.size,
    locations: {
      stores: locations.stores.length,
      lockers: locations.lockers.length,
      warehouses: locations.warehouses.length,
    },
    inventoryRows,
    shoppers: {
      total: shoppers.length,
      withAccount: shoppers.filter((s) => s.userId !== null).length,
      withLoyaltyCard: shoppers.filter((s) => s.loyaltyId !== null).length,
      withTwoDevices: shoppers.filter((s) => s.devices.length > 1).length,
      withConsent: shoppers.filter((s) => s.consent !== null).length,
    },
    events: {
      total: tally.total,
      byType,
      first: Number.isNaN(tally.first) ? null : new Date(tally.first).toISOString(),
      last: Number.isNaN(tally.last) ? null : new Date(tally.last).toISOString(),
    },
    orders: {
      online: tally.onlineOrders,
      inStore: tally.storeOrders,
      revenue: Math.round(tally.revenue * 100) / 100,
      currency: 'EUR',
    },
    plantedPatterns: plantedSummary(world, endDate),
  };
}
