import { eventProperties, type LoggedEvent } from '../../kernel/index.ts';
import type { ActivityKind } from './activity.ts';
import { ACTIVITY_KINDS } from './activity.ts';
import { INPUT } from './inputs.ts';
import type { BlockPool } from './pool.ts';
import {
  CONSENT_AT,
  CONSENT_PURPOSES,
  CONSENT_SOURCE,
  CONSENT_STATUS,
  CONSENT_STATUSES,
  F,
  PRODUCT_FIRST,
  PRODUCT_LAST,
  PRODUCT_N,
  type ProfileTable,
  ROW,
  TRAIT_AT,
  TRAIT_SOURCE,
} from './table.ts';
import { applyIdentifyTraits, consentUpdates, setConsent, setTrait } from './traits.ts';

export const DAY = 86_400_000;

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
  /** The product's dictionary id once looked up (-1 before): an order needs it twice. */
  productId: number;
}

const num = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
const text = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;

/**
 * The line items of the event being applied, in objects reused from event to event (`applyEvent` is
 * synchronous and never reentered): new ones were two thirds of what the handler allocated.
 */
const ITEMS: LineItem[] = [];

function fillItem(i: number, p: Record<string, unknown>): void {
  let it = ITEMS[i];
  if (it === undefined) {
    it = { product: null, category: null, brand: null, price: 0, quantity: 1, productId: -1 };
    ITEMS.push(it);
  }
  const price = num(p.price);
  const quantity = num(p.quantity);
  it.product = text(p.product_id ?? p.sku ?? p.id);
  it.category = text(p.category);
  it.brand = text(p.brand);
  it.price = Number.isFinite(price) ? price : 0;
  it.quantity = Number.isFinite(quantity) && quantity > 0 ? quantity : 1;
  it.productId = -1;
}

function productIdOf(table: ProfileTable, it: LineItem): number {
  if (it.productId < 0 && it.product !== null) it.productId = table.products.id(it.product);
  return it.productId;
}

/** Reads the event's line items into `ITEMS`; returns how many there are. */
function readItems(props: Record<string, unknown>): number {
  const products = props.products;
  let n = 0;
  if (Array.isArray(products)) {
    for (const p of products)
      if (p !== null && typeof p === 'object') fillItem(n++, p as Record<string, unknown>);
  } else if (props.product_id || props.sku || props.category) fillItem(n++, props);
  return n;
}

function addTo(pool: BlockPool, slot: number, key: number, v: number): void {
  pool.add(pool.upsert(slot, key), 1, v);
}

function channelOf(e: LoggedEvent, props: Record<string, unknown>): 'chOnline' | 'chInStore' | 'chPickup' {
  if (e.storeId) return 'chInStore';
  const hint = `${props.shipping_method ?? ''} ${props.fulfillment ?? ''} ${props.delivery ?? ''}`;
  if (props.pickup === true || /pick.?up|click.?(and|&|n).?collect|locker|drive/i.test(hint))
    return 'chPickup';
  return 'chOnline';
}

const INPUTS_OF_KIND: Record<ActivityKind, number> = {
  viewed: INPUT.views | INPUT.price | INPUT.interest | INPUT.viewed,
  added: INPUT.interest | INPUT.added,
  bought: INPUT.orders | INPUT.price | INPUT.interest | INPUT.bought,
  searched: INPUT.searched,
};

/**
 * Updates a profile slot from one event. Pure in-memory arithmetic; the common event allocates
 * nothing. Returns the inputs it changed (`INPUT` bits; `INPUT.orders` means rescore the profile).
 */
export function applyEvent(table: ProfileTable, slot: number, e: LoggedEvent): number {
  const nums = table.nums;
  const o = slot * ROW;
  const at = e.timestamp;
  let changed: number = INPUT.seen;
  if (nums[o + F.firstSeen] === 0 || at < nums[o + F.firstSeen]!) nums[o + F.firstSeen] = at;
  if (at > nums[o + F.lastSeen]!) nums[o + F.lastSeen] = at;
  if (applyLocation(table, slot, e)) changed |= INPUT.location;
  const updates = consentUpdates(e);
  if (e.kind === 'identify') {
    applyIdentifyTraits(table, slot, e);
    changed |= INPUT.traits;
  }
  for (const [purpose, status] of updates) setConsent(table, slot, purpose, status, at, e.source);
  if (updates.length > 0) changed |= INPUT.consent;
  const kind = KIND_OF_TYPE[e.type];
  if (kind === undefined) return changed;
  const props = eventProperties(e);
  const n = readItems(props);
  if (kind === 'bought') applyOrder(table, slot, e, props, n);
  else if (kind === 'viewed') {
    nums[o + F.views]! += 1;
    for (let i = 0; i < n; i++) {
      const it = ITEMS[i]!;
      if (it.price > 0) {
        nums[o + F.viewPriceSum]! += it.price;
        nums[o + F.viewPriceN]! += 1;
      }
    }
  }
  return changed | INPUTS_OF_KIND[kind] | recordActivity(table, slot, kind, e, n);
}

function applyOrder(
  table: ProfileTable,
  slot: number,
  e: LoggedEvent,
  props: Record<string, unknown>,
  n: number,
): void {
  const nums = table.nums;
  const o = slot * ROW;
  const at = e.timestamp;
  const declared = num(props.revenue ?? props.total);
  let total = 0;
  for (let i = 0; i < n; i++) total += ITEMS[i]!.price * ITEMS[i]!.quantity;
  const value = Number.isFinite(declared) ? declared : total;
  const day = Math.floor(at / DAY);
  nums[o + F.orders]! += 1;
  nums[o + F.revenue]! += value;
  if (nums[o + F.firstOrderAt] === 0 || at < nums[o + F.firstOrderAt]!) nums[o + F.firstOrderAt] = at;
  if (at > nums[o + F.lastOrderAt]!) nums[o + F.lastOrderAt] = at;
  if (nums[o + F.purchaseDays] === 0 || day === Math.floor(nums[o + F.firstOrderAt]! / DAY))
    nums[o + F.firstDayRevenue]! += value;
  if (day !== nums[o + F.lastOrderDay]) {
    nums[o + F.purchaseDays]! += 1;
    nums[o + F.lastOrderDay] = day;
  }
  nums[o + F[channelOf(e, props)]]! += 1;
  if (e.storeId) addTo(table.storeCounts, slot, table.stores.id(e.storeId), 1);
  const history = table.productHistory;
  for (let i = 0; i < n; i++) {
    const it = ITEMS[i]!;
    nums[o + F.itemsBought]! += it.quantity;
    nums[o + F.itemSpend]! += it.price * it.quantity;
    if (it.product === null) continue;
    const p = productIdOf(table, it);
    let r = history.find(slot, p);
    if (r < 0) {
      r = history.upsert(slot, p);
      history.set(r, PRODUCT_N, 1);
      history.set(r, PRODUCT_FIRST, at);
      history.set(r, PRODUCT_LAST, at);
    } else if (Math.floor(history.get(r, PRODUCT_LAST) / DAY) !== day) {
      history.add(r, PRODUCT_N, 1);
      history.set(r, PRODUCT_FIRST, Math.min(history.get(r, PRODUCT_FIRST), at));
      history.set(r, PRODUCT_LAST, Math.max(history.get(r, PRODUCT_LAST), at));
    }
  }
}

/** Appends the event's activity entries; returns the watch bits they set (`ActivityWatches`). */
function recordActivity(
  table: ProfileTable,
  slot: number,
  kind: ActivityKind,
  e: LoggedEvent,
  n: number,
): number {
  const kindId = ACTIVITY_KINDS.indexOf(kind);
  const store = e.storeId ? table.stores.id(e.storeId) : -1;
  const watches = table.watches.any ? table.watches : null;
  if (n === 0) {
    table.activity.add(slot, e.timestamp, kindId, -1, -1, -1, store);
    return watches ? watches.bitsOf(kindId, -1, -1, -1, store) : 0;
  }
  let bits = 0;
  // Category and brand affinities are derived from these entries when read (interest.ts).
  for (let i = 0; i < n; i++) {
    const it = ITEMS[i]!;
    const category = it.category ? table.categories.id(it.category) : -1;
    const brand = it.brand ? table.brands.id(it.brand) : -1;
    const product = it.product ? productIdOf(table, it) : -1;
    table.activity.add(slot, e.timestamp, kindId, category, brand, product, store);
    if (watches) bits |= watches.bitsOf(kindId, category, brand, product, store);
  }
  return bits;
}

function applyLocation(table: ProfileTable, slot: number, e: LoggedEvent): boolean {
  const ctx = e.payload.context as Record<string, unknown> | undefined;
  const loc =
    ctx && typeof ctx === 'object' ? (ctx.location as Record<string, unknown> | undefined) : undefined;
  if (!loc || typeof loc !== 'object') return false;
  const lat = num(loc.latitude);
  const lon = num(loc.longitude);
  if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
    table.nums[slot * ROW + F.lat] = lat;
    table.nums[slot * ROW + F.lon] = lon;
    return true;
  }
  return false;
}

/** Folds slot `from` into slot `into` (identity merge): sums, extremes, maps, activity, traits by time. */
export function mergeSlots(table: ProfileTable, into: number, from: number): void {
  const nums = table.nums;
  const a = into * ROW;
  const b = from * ROW;
  for (const k of SUMMED) nums[a + F[k]]! += nums[b + F[k]]!;
  for (const k of ['firstSeen', 'firstOrderAt'] as const) {
    const v = nums[b + F[k]]!;
    if (v > 0 && (nums[a + F[k]] === 0 || v < nums[a + F[k]]!)) nums[a + F[k]] = v;
  }
  for (const k of ['lastSeen', 'lastOrderAt', 'lastOrderDay'] as const)
    nums[a + F[k]] = Math.max(nums[a + F[k]]!, nums[b + F[k]]!);
  if (Number.isNaN(nums[a + F.lat]!) && !Number.isNaN(nums[b + F.lat]!)) {
    nums[a + F.lat] = nums[b + F.lat]!;
    nums[a + F.lon] = nums[b + F.lon]!;
  }
  mergePools(table, into, from);
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

/** Folds the sparse pools of `from` into `into`: sums for counts, newest value for traits (affinities follow the activity). */
function mergePools(table: ProfileTable, into: number, from: number): void {
  const stores = table.storeCounts;
  for (let r = stores.start(from), end = r + stores.count(from); r < end; r++)
    addTo(stores, into, stores.get(r, 0), stores.get(r, 1));
  const h = table.productHistory;
  for (let r = h.start(from), end = r + h.count(from); r < end; r++) {
    const mine = h.find(into, h.get(r, 0));
    if (mine < 0) {
      const n = h.upsert(into, h.get(r, 0));
      for (const i of [PRODUCT_N, PRODUCT_FIRST, PRODUCT_LAST]) h.set(n, i, h.get(r, i));
    } else {
      h.add(mine, PRODUCT_N, h.get(r, PRODUCT_N));
      h.set(mine, PRODUCT_FIRST, Math.min(h.get(mine, PRODUCT_FIRST), h.get(r, PRODUCT_FIRST)));
      h.set(mine, PRODUCT_LAST, Math.max(h.get(mine, PRODUCT_LAST), h.get(r, PRODUCT_LAST)));
    }
  }
  const t = table.traitRows;
  for (let r = t.start(from), end = r + t.count(from); r < end; r++) {
    const source = table.sources.value(t.get(r, TRAIT_SOURCE));
    setTrait(table, into, table.traitNames.value(t.get(r, 0)), t.refs![r], t.get(r, TRAIT_AT), source);
  }
  const k = table.consentRows;
  for (let r = k.start(from), end = r + k.count(from); r < end; r++) {
    const status = CONSENT_STATUSES[k.get(r, CONSENT_STATUS)]!;
    const source = table.sources.value(k.get(r, CONSENT_SOURCE));
    setConsent(table, into, CONSENT_PURPOSES[k.get(r, 0)]!, status, k.get(r, CONSENT_AT), source);
  }
}
