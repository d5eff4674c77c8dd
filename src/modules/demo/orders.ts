import type { Rng } from '../../kernel/index.ts';
import { type DemoDay, HOUR_MS, STORE_HOURS, SUNDAY_HOURS } from './calendar.ts';
import type { PendingEvents } from './pending.ts';
import { CURRENCY, productPrice } from './products.ts';
import { cumulative, pickCumulative, poisson } from './random.ts';
import { type Actor, productLine, track } from './segment.ts';
import type { Shopper } from './shoppers.ts';
import { chooseProduct, complementFor, pickLeaf, quantityFor, scheduleRepurchases } from './shopping.ts';
import type { Burst, Line, RunState, World } from './world.ts';

const STORE_HOUR_CUM = cumulative(STORE_HOURS);
const SUNDAY_HOUR_CUM = cumulative(SUNDAY_HOURS);
const FREE_SHIPPING_FROM = 50;
const SHIPPING = 4.99;

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function nextOrderId(world: World, state: RunState): string {
  state.orders++;
  return `ord-${world.seed}-${String(state.orders).padStart(8, '0')}`;
}

export function orderLines(
  world: World,
  lines: readonly Line[],
): { products: Record<string, unknown>[]; revenue: number } {
  let revenue = 0;
  const products: Record<string, unknown>[] = [];
  for (const line of lines) {
    revenue += productPrice(world.model, line.product) * line.quantity;
    products.push(productLine(world.model, line.product, line.quantity));
  }
  return { products, revenue: round2(revenue) };
}

/** Where an online order is fulfilled: pickup at a store or locker, or delivery from a warehouse or store. */
export function fulfillment(world: World, rng: Rng, shopper: Shopper): Record<string, unknown> {
  const { stores, lockers, warehouses } = world.locations;
  if (rng.chance(shopper.pickupShare)) {
    if (rng.chance(shopper.lockerShare)) {
      const locker = lockers[shopper.locker]!;
      return { fulfillment: 'pickup', pickup_location_id: locker.id, store_id: stores[locker.store]!.id };
    }
    const store = stores[shopper.store]!.id;
    return { fulfillment: 'pickup', pickup_location_id: store, store_id: store };
  }
  // Ship-from-store takes some deliveries; the rest leave the warehouses.
  if (rng.chance(0.3)) return { fulfillment: 'delivery', store_id: stores[shopper.store]!.id };
  return { fulfillment: 'delivery', store_id: warehouses[rng.chance(0.7) ? 0 : warehouses.length - 1]! };
}

export function onlineOrder(
  world: World,
  state: RunState,
  shopper: Shopper,
  lines: readonly Line[],
): Record<string, unknown> {
  const rng = state.rng;
  const { products, revenue } = orderLines(world, lines);
  const where = fulfillment(world, rng, shopper);
  const shipping = where.fulfillment === 'delivery' && revenue < FREE_SHIPPING_FROM ? SHIPPING : 0;
  return {
    order_id: nextOrderId(world, state),
    total: round2(revenue + shipping),
    revenue,
    shipping,
    currency: CURRENCY,
    ...where,
    products,
  };
}

export function visitTime(rng: Rng, day: DemoDay): number {
  const sunday = day.weekday === 6;
  const hour = 9 + pickCumulative(sunday ? SUNDAY_HOUR_CUM : STORE_HOUR_CUM, rng.next());
  return day.start + hour * HOUR_MS + Math.floor(rng.next() * HOUR_MS);
}

// Plain loops rather than callbacks in the per-event paths: fewer closures to allocate.
export function findLine(lines: readonly Line[], product: number): Line | undefined {
  for (const line of lines) if (line.product === product) return line;
  return undefined;
}

export function productsOf(lines: readonly Line[]): number[] {
  const products: number[] = [];
  for (const line of lines) products.push(line.product);
  return products;
}

function addLine(lines: Line[], product: number, quantity: number): void {
  const existing = findLine(lines, product);
  if (existing) existing.quantity += quantity;
  else lines.push({ product, quantity });
}

/** A basket at the till: affinity-driven picks, planted complements, bursting products, consumables due. */
function storeBasket(
  world: World,
  rng: Rng,
  shopper: Shopper,
  due: readonly number[],
  extraTrip: boolean,
  bursts: readonly Burst[],
): Line[] {
  const lines: Line[] = [];
  for (const p of due) addLine(lines, p, quantityFor(world, rng, p));
  // A trip made only because staples ran out stays small.
  const picks = extraTrip ? poisson(rng, 1) : 1 + poisson(rng, 3.5);
  for (let k = 0; k < picks; k++) {
    const product = chooseProduct(world, rng, shopper, pickLeaf(world, rng, shopper, true));
    addLine(lines, product, quantityFor(world, rng, product));
    const complement = complementFor(world, rng, shopper, product);
    if (complement !== null) addLine(lines, complement, 1);
  }
  for (const b of bursts) if (rng.chance(0.03 * b.intensity)) addLine(lines, b.product, 1);
  return lines;
}

/** An in-store purchase: one POS `Order Completed`, by loyalty id when the card is scanned. */
export function storeVisit(
  world: World,
  state: RunState,
  buffer: PendingEvents,
  day: DemoDay,
  start: number,
  shopper: Shopper,
  due: readonly number[],
  extraTrip: boolean,
  bursts: readonly Burst[],
): void {
  const rng = state.rng;
  const { stores } = world.locations;
  let store = rng.chance(0.85) ? shopper.store : rng.int(stores.length);
  if (day.weekday === 6 && !stores[store]!.openSunday) {
    if (due.length === 0) return;
    store = stores.findIndex((s) => s.openSunday);
  }
  const lines = storeBasket(world, rng, shopper, due, extraTrip, bursts);
  const { products, revenue } = orderLines(world, lines);
  const orderId = nextOrderId(world, state);
  const scanned = shopper.loyaltyId !== null && rng.chance(0.9);
  // A scanned card names the shopper; otherwise the receipt is its own anonymous visitor.
  const actor: Actor = scanned
    ? { userId: shopper.loyaltyId!, channel: 'pos' }
    : { anonymousId: `pos-${orderId}`, channel: 'pos' };
  const properties: Record<string, unknown> = {
    order_id: orderId,
    store_id: stores[store]!.id,
    total: revenue,
    revenue,
    currency: CURRENCY,
    products,
  };
  if (scanned) properties.loyalty_id = shopper.loyaltyId;
  buffer.push(start, track(actor, 'Order Completed', properties));
  scheduleRepurchases(world, state.due, rng, shopper.index, day.index, productsOf(lines), due);
}
