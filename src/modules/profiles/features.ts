import { eventProperties, type LoggedEvent } from '../../kernel/index.ts';
import type { ActivityKind } from './activity.ts';
import { ACTIVITY_KINDS } from './activity.ts';
import { own, type ProfileExtras, type ProfileTable, type Scaled } from './table.ts';
import { applyIdentifyTraits, consentUpdates, setConsent, setTrait } from './traits.ts';

export const DAY = 86_400_000;
/** Half-life of category and brand affinities. */
export const AFFINITY_HALF_LIFE_DAYS = 30;
const LAMBDA = Math.LN2 / (AFFINITY_HALF_LIFE_DAYS * DAY);
const WEIGHT: Record<ActivityKind, number> = { viewed: 1, added: 3, bought: 5, searched: 0 };

const KIND_OF_TYPE: Partial<Record<string, ActivityKind>> = {
  product_viewed: 'viewed',
  product_clicked: 'viewed',
  product_added: 'added',
  order_completed: 'bought',
  products_searched: 'searched',
};

interface LineItem {
  product: string | null;
  category: string | null;
  brand: string | null;
  price: number;
  quantity: number;
}

const num = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
const text = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;

function lineItem(p: Record<string, unknown>): LineItem {
  const price = num(p.price);
  const quantity = num(p.quantity);
  return {
    product: text(p.product_id ?? p.sku ?? p.id),
    category: text(p.category),
    brand: text(p.brand),
    price: Number.isFinite(price) ? price : 0,
    quantity: Number.isFinite(quantity) && quantity > 0 ? quantity : 1,
  };
}

function lineItems(props: Record<string, unknown>): LineItem[] {
  const products = props.products;
  if (Array.isArray(products))
    return products
      .filter((p): p is Record<string, unknown> => p !== null && typeof p === 'object')
      .map(lineItem);
  return props.product_id || props.sku || props.category ? [lineItem(props)] : [];
}

/** Reference time of the scaled weights (2020-01-01); scales stay far from overflow for decades. */
const EPOCH = Date.UTC(2020, 0, 1);

/** Adds a weight observed at `at` (arrival order does not matter: scaled weights simply add up). */
export function addDecayed(m: Map<number, Scaled>, key: number, weight: number, at: number): void {
  m.set(key, (m.get(key) ?? 0) + weight * Math.exp(LAMBDA * (at - EPOCH)));
}

/** A scaled weight as a decayed weight as of `now`. */
export const decayedAt = (scaled: Scaled, now: number): number => scaled * Math.exp(-LAMBDA * (now - EPOCH));

function channelOf(e: LoggedEvent, props: Record<string, unknown>): 'chOnline' | 'chInStore' | 'chPickup' {
  if (e.storeId) return 'chInStore';
  const hint = `${props.shipping_method ?? ''} ${props.fulfillment ?? ''} ${props.delivery ?? ''}`;
  if (props.pickup === true || /pick.?up|click.?(and|&|n).?collect|locker|drive/i.test(hint))
    return 'chPickup';
  return 'chOnline';
}

/** Updates a profile slot from one event. Pure in-memory arithmetic: microseconds per event. */
export function applyEvent(table: ProfileTable, slot: number, e: LoggedEvent): void {
  const c = table.cols;
  const at = e.timestamp;
  if (c.firstSeen[slot] === 0 || at < c.firstSeen[slot]!) c.firstSeen[slot] = at;
  if (at > c.lastSeen[slot]!) c.lastSeen[slot] = at;
  applyLocation(table, slot, e);
  const updates = consentUpdates(e);
  if (e.kind === 'identify' || updates.length > 0) {
    const x = table.extrasOf(slot);
    applyIdentifyTraits(x, e);
    for (const [purpose, status] of updates) setConsent(x, purpose, status, at, e.source);
  }
  const kind = KIND_OF_TYPE[e.type];
  if (kind === undefined) return;
  const props = eventProperties(e);
  const items = lineItems(props);
  if (kind === 'bought') applyOrder(table, slot, e, props, items);
  else if (kind === 'viewed') {
    c.views[slot]! += 1;
    for (const it of items)
      if (it.price > 0) {
        c.viewPriceSum[slot]! += it.price;
        c.viewPriceN[slot]! += 1;
      }
  }
  recordActivity(table, slot, kind, e, items);
}

function applyOrder(
  table: ProfileTable,
  slot: number,
  e: LoggedEvent,
  props: Record<string, unknown>,
  items: LineItem[],
): void {
  const c = table.cols;
  const at = e.timestamp;
  const declared = num(props.revenue ?? props.total);
  const value = Number.isFinite(declared) ? declared : items.reduce((s, it) => s + it.price * it.quantity, 0);
  const day = Math.floor(at / DAY);
  c.orders[slot]! += 1;
  c.revenue[slot]! += value;
  if (c.firstOrderAt[slot] === 0 || at < c.firstOrderAt[slot]!) c.firstOrderAt[slot] = at;
  if (at > c.lastOrderAt[slot]!) c.lastOrderAt[slot] = at;
  if (c.purchaseDays[slot] === 0 || day === Math.floor(c.firstOrderAt[slot]! / DAY))
    c.firstDayRevenue[slot]! += value;
  if (day !== c.lastOrderDay[slot]) {
    c.purchaseDays[slot]! += 1;
    c.lastOrderDay[slot] = day;
  }
  c[channelOf(e, props)][slot]! += 1;
  const x = table.extrasOf(slot);
  if (e.storeId) {
    const store = table.stores.id(e.storeId);
    const stores = own(x, 'stores');
    stores.set(store, (stores.get(store) ?? 0) + 1);
  }
  for (const it of items) {
    c.itemsBought[slot]! += it.quantity;
    c.itemSpend[slot]! += it.price * it.quantity;
    if (it.product === null) continue;
    const p = table.products.id(it.product);
    const products = own(x, 'products');
    const h = products.get(p);
    if (!h) products.set(p, { n: 1, first: at, last: at });
    else if (Math.floor(h.last / DAY) !== day) {
      h.n += 1;
      h.first = Math.min(h.first, at);
      h.last = Math.max(h.last, at);
    }
  }
}

function recordActivity(
  table: ProfileTable,
  slot: number,
  kind: ActivityKind,
  e: LoggedEvent,
  items: LineItem[],
) {
  const kindId = ACTIVITY_KINDS.indexOf(kind);
  const store = e.storeId ? table.stores.id(e.storeId) : -1;
  const weight = WEIGHT[kind];
  const list = items.length > 0 ? items : [null];
  const x = weight > 0 ? table.extrasOf(slot) : undefined;
  for (const it of list) {
    const category = it?.category ? table.categories.id(it.category) : -1;
    const brand = it?.brand ? table.brands.id(it.brand) : -1;
    const product = it?.product ? table.products.id(it.product) : -1;
    table.activity.add(slot, e.timestamp, kindId, category, brand, product, store);
    if (x && category >= 0) addDecayed(own(x, 'categories'), category, weight, e.timestamp);
    if (x && brand >= 0) addDecayed(own(x, 'brands'), brand, weight, e.timestamp);
  }
}

function applyLocation(table: ProfileTable, slot: number, e: LoggedEvent): void {
  const ctx = e.payload.context as Record<string, unknown> | undefined;
  const loc =
    ctx && typeof ctx === 'object' ? (ctx.location as Record<string, unknown> | undefined) : undefined;
  if (!loc || typeof loc !== 'object') return;
  const lat = num(loc.latitude);
  const lon = num(loc.longitude);
  if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
    table.cols.lat[slot] = lat;
    table.cols.lon[slot] = lon;
  }
}

/** Folds slot `from` into slot `into` (identity merge): sums, extremes, maps, activity, traits by time. */
export function mergeSlots(table: ProfileTable, into: number, from: number): void {
  const c = table.cols;
  for (const k of SUMMED) c[k][into]! += c[k][from]!;
  for (const k of ['firstSeen', 'firstOrderAt'] as const)
    if (c[k][from]! > 0 && (c[k][into] === 0 || c[k][from]! < c[k][into]!)) c[k][into] = c[k][from]!;
  for (const k of ['lastSeen', 'lastOrderAt', 'lastOrderDay'] as const)
    c[k][into] = Math.max(c[k][into]!, c[k][from]!);
  if (Number.isNaN(c.lat[into]!) && !Number.isNaN(c.lat[from]!)) {
    c.lat[into] = c.lat[from]!;
    c.lon[into] = c.lon[from]!;
  }
  const src = table.extras[from];
  if (src) mergeExtras(table.extrasOf(into), src);
  table.activity.moveAll(from, into);
}

const SUMMED = [
  'orders',
  'revenue',
  'purchaseDays',
  'firstDayRevenue',
  'itemsBought',
  'itemSpend',
  'views',
  'viewPriceSum',
  'viewPriceN',
  'chOnline',
  'chInStore',
  'chPickup',
] as const;

function mergeExtras(into: ProfileExtras, from: ProfileExtras): void {
  for (const [k, t] of from.traits ?? []) setTrait(into, k, t.value, t.at, t.source);
  for (const [k, t] of from.consent ?? []) setConsent(into, k, t.value, t.at, t.source);
  for (const key of ['categories', 'brands', 'stores'] as const) {
    const src = from[key];
    if (!src) continue;
    const dst = own(into, key);
    for (const [k, v] of src) dst.set(k, (dst.get(k) ?? 0) + v);
  }
  for (const [k, h] of from.products ?? []) {
    const mine = own(into, 'products').get(k);
    if (!mine) own(into, 'products').set(k, { ...h });
    else {
      mine.n += h.n;
      mine.first = Math.min(mine.first, h.first);
      mine.last = Math.max(mine.last, h.last);
    }
  }
}
