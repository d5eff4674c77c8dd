import {
  type CanonicalType,
  createRng,
  type EventBus,
  type EventLog,
  type LoggedEvent,
  type PanierEvent,
} from '../../kernel/index.ts';
import type { Location, Product } from '../catalog/schemas.ts';
import type { RecommendCatalog } from './ports.ts';

/** Test fixtures: a small catalog, an in-memory log and a synchronous bus. */
export function product(id: string, category: string[], extra: Partial<Product> = {}): Product {
  return {
    id,
    title: `${category.at(-1)} item ${id}`,
    category,
    price: 10,
    currency: 'EUR',
    attributes: {},
    active: true,
    updatedAt: 0,
    ...extra,
  };
}

export function memoryCatalog(
  products: Product[],
  stock: Record<string, Record<string, number>> = {},
  locations: Location[] = [],
): RecommendCatalog {
  const byId = new Map(products.map((p) => [p.id, p]));
  return {
    product: (id) => byId.get(id),
    availableAt: (p, l) => stock[l]?.[p],
    location: (id) => locations.find((l) => l.id === id),
    locations: () => locations,
    products: () => byId.values(),
  };
}

export class MemoryLog implements EventLog {
  readonly events: LoggedEvent[] = [];
  async append(events: readonly PanierEvent[]) {
    const appended = events.map((e, i) => ({ ...e, seq: this.events.length + i + 1 }));
    for (const e of appended) this.events.push(e);
    return { appended, duplicates: [] };
  }
  async page() {
    return { events: [...this.events].reverse(), next: null };
  }
  async count() {
    return this.events.length;
  }
  async scan(afterSeq: number, limit: number) {
    return this.events.filter((e) => e.seq > afterSeq).slice(0, limit);
  }
  async lastSeq() {
    return this.events.length;
  }
}

export class SyncBus implements EventBus {
  private readonly handlers = new Set<(e: readonly LoggedEvent[]) => void>();
  publish(events: readonly LoggedEvent[]): void {
    for (const h of this.handlers) h(events);
  }
  subscribe(h: (e: readonly LoggedEvent[]) => void) {
    this.handlers.add(h);
    return () => void this.handlers.delete(h);
  }
  async close() {}
}

let counter = 0;
export function track(
  type: CanonicalType,
  who: string,
  properties: Record<string, unknown>,
  timestamp: number,
): PanierEvent {
  counter++;
  return {
    messageId: `m${counter}`,
    kind: 'track',
    type,
    name: type,
    userId: who.startsWith('anon') ? null : who,
    anonymousId: who.startsWith('anon') ? who : null,
    timestamp,
    receivedAt: timestamp,
    storeId: null,
    source: 'test',
    payload: { properties },
  };
}

export const view = (who: string, productId: string, ts: number) =>
  track('product_viewed', who, { product_id: productId }, ts);
export const order = (who: string, orderId: string, ids: string[], ts: number) =>
  track(
    'order_completed',
    who,
    { order_id: orderId, products: ids.map((product_id) => ({ product_id })) },
    ts,
  );

/**
 * A world with two categories (kitchen k0..k19, garden g0..g19): browsing sessions stay inside one
 * category, every order with k1 also holds g7 (the planted co-purchase), k18 and k19 are co-viewed only.
 */
export function world(seed = 7, start = Date.UTC(2026, 0, 1)) {
  const rng = createRng(seed);
  const products = [
    ...Array.from({ length: 20 }, (_, i) =>
      product(`k${i}`, ['Kitchen'], { brand: i % 2 ? 'Acme' : 'Zest', price: 5 + i }),
    ),
    ...Array.from({ length: 20 }, (_, i) => product(`g${i}`, ['Garden'], { brand: 'Leaf', price: 20 + i })),
  ];
  const events: PanierEvent[] = [];
  let t = start;
  for (let s = 0; s < 300; s++) {
    const cat = s % 2 ? 'k' : 'g';
    const who = `u${s % 60}`;
    t += 40 * 60_000;
    for (let j = 0; j < 4; j++) events.push(view(who, `${cat}${rng.int(18)}`, t + j * 60_000));
    // k18 and k19 are looked at together but never bought together (co-view without co-purchase)
    if (s % 5 === 1) events.push(view(who, 'k18', t + 5 * 60_000), view(who, 'k19', t + 6 * 60_000));
    if (s % 3 === 0) {
      const items = [`k${rng.int(19)}`, `g${rng.int(20)}`];
      if (s % 6 === 0) items.push('k1', 'g7');
      events.push(order(who, `o${s}`, [...new Set(items)], t + 10 * 60_000));
    }
  }
  return { products, events, end: t + 20 * 60_000 };
}
