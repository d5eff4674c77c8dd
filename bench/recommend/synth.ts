import { createRng, type LoggedEvent } from '../../src/kernel/index.ts';
import type { Product } from '../../src/modules/catalog/schemas.ts';
import { InteractionTable } from '../../src/modules/recommend/index.ts';

const ADJECTIVES = [
  'red',
  'blue',
  'green',
  'large',
  'small',
  'organic',
  'classic',
  'modern',
  'soft',
  'steel',
  'wooden',
  'linen',
];
const NOUNS = [
  'mug',
  'lamp',
  'chair',
  'towel',
  'candle',
  'plate',
  'bowl',
  'vase',
  'rug',
  'jar',
  'basket',
  'shelf',
  'pillow',
  'kettle',
];
export const PER_CATEGORY = 100;

/** A synthetic catalog: categories of 100 contiguous products, 200 brands, word-list titles. */
export function synthProducts(n: number, seed = 1): Product[] {
  const rng = createRng(seed);
  const out: Product[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(i / PER_CATEGORY);
    out[i] = {
      id: `p${i}`,
      title: `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${rng.pick(NOUNS)}`,
      brand: `brand${c % 200}`,
      category: [`dept${c % 20}`, `cat${c}`],
      price: 5 + rng.int(200),
      currency: 'EUR',
      attributes: {},
      active: true,
      updatedAt: 0,
    };
  }
  return out;
}

/**
 * `events` interactions from browsing sessions that stay in one (power-law popular) category, 15 % of
 * them ending in an order that adds a product of the next category (a planted complement).
 */
export function synthTable(
  products: number,
  events: number,
  seed = 2,
  start = Date.UTC(2026, 9, 1),
): InteractionTable {
  const rng = createRng(seed);
  const table = new InteractionTable();
  const categories = Math.max(1, Math.floor(products / PER_CATEGORY));
  const shoppers = Math.max(1000, Math.floor(events / 10));
  const step = (30 * 86_400_000) / events;
  let n = 0;
  let orders = 0;
  const pick = (c: number) =>
    `p${Math.min(products - 1, c * PER_CATEGORY + Math.floor(PER_CATEGORY * rng.next() ** 2))}`;
  while (n < events) {
    const actor = `s${rng.int(shoppers)}`;
    const c = Math.floor(categories * rng.next() ** 3);
    const length = 3 + rng.int(6);
    const viewed: string[] = [];
    const store = rng.chance(0.05) ? `store${rng.int(50)}` : null;
    for (let j = 0; j < length && n < events; j++, n++) {
      const productId = pick(rng.chance(0.1) ? (c + 1) % categories : c);
      viewed.push(productId);
      table.add({
        actor,
        productId,
        kind: 'view',
        timestamp: start + n * step,
        orderId: null,
        sessionId: null,
        storeId: store,
      });
    }
    if (rng.chance(0.15) && n < events) {
      const orderId = `o${orders++}`;
      const basket = new Set([viewed[viewed.length - 1]!, pick((c + 1) % categories)]);
      for (const productId of basket) {
        if (n >= events) break;
        table.add({
          actor,
          productId,
          kind: 'purchase',
          timestamp: start + n * step,
          orderId,
          sessionId: null,
          storeId: store,
        });
        n++;
      }
    }
  }
  return table;
}

/** Live browsing for `shoppers` shoppers, as logged events, so serving reads real session state. */
export function liveEvents(products: number, shoppers: number, at: number, seed = 3): LoggedEvent[] {
  const rng = createRng(seed);
  const categories = Math.max(1, Math.floor(products / PER_CATEGORY));
  const out: LoggedEvent[] = [];
  for (let s = 0; s < shoppers; s++) {
    const c = Math.floor(categories * rng.next() ** 3);
    for (let j = 0; j < 4; j++) {
      const productId = `p${Math.min(products - 1, c * PER_CATEGORY + rng.int(PER_CATEGORY))}`;
      const timestamp = at - (4 - j) * 60_000;
      out.push({
        seq: out.length + 1,
        messageId: `live-${s}-${j}`,
        kind: 'track',
        type: j === 3 && s % 4 === 0 ? 'product_added' : 'product_viewed',
        name: null,
        userId: `s${s}`,
        anonymousId: null,
        timestamp,
        receivedAt: timestamp,
        storeId: null,
        source: 'bench',
        payload: { properties: { product_id: productId } },
      });
    }
  }
  return out;
}
