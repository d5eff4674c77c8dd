import { ActivityPool } from './activity.ts';
import { Dict } from './dict.ts';
import { BlockPool, SlotHeaders } from './pool.ts';
import { ActivityWatches } from './watches.ts';

export const CHANNELS = ['online', 'in_store', 'pickup'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CONSENT_PURPOSES = ['personalization', 'email', 'advertising', 'analytics'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const CONSENT_STATUSES = ['granted', 'denied', 'revoked'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export interface Stamped<T> {
  value: T;
  at: number;
  source: string;
}

/**
 * Decayed weights are computed scaled to a fixed epoch (w·e^{λ(t−epoch)}), so they add up in any order
 * and shares between them need no rescaling; `decayedAt` (interest.ts) converts to a value as of now.
 */
export type Scaled = number;

/** Field 0 of every pool entry is its key; the weight of an affinity or store count is field 1. */
export const WEIGHT = 1;
/** Value columns of the product-history pool: purchase days, first and last purchase time. */
export const PRODUCT_N = 1;
export const PRODUCT_FIRST = 2;
export const PRODUCT_LAST = 3;
/** Value columns of the trait pool (the value itself is the row's ref) and of the consent pool. */
export const TRAIT_AT = 1;
export const TRAIT_SOURCE = 2;
export const CONSENT_STATUS = 1;
export const CONSENT_AT = 2;
export const CONSENT_SOURCE = 3;

/**
 * The numeric features of a profile and their place in its row of `ProfileTable.nums`. The fields every
 * product view updates come first, so a view touches one cache line of the profile instead of four.
 */
export const F = {
  lastSeen: 0,
  views: 1,
  viewPriceSum: 2,
  viewPriceN: 3,
  firstSeen: 4,
  orders: 5,
  revenue: 6,
  firstOrderAt: 7,
  lastOrderAt: 8,
  purchaseDays: 9,
  lastOrderDay: 10,
  firstDayRevenue: 11,
  itemsBought: 12,
  itemSpend: 13,
  chOnline: 14,
  chInStore: 15,
  chPickup: 16,
  pPurchase30: 17,
  churnRisk: 18,
  pAlive: 19,
  clv: 20,
  expectedPurchases90: 21,
  nextPurchaseAt: 22,
  lat: 23,
  lon: 24,
} as const;
export type NumericColumn = keyof typeof F;
export const NUMERIC_COLUMNS = Object.keys(F) as NumericColumn[];
/** Doubles per profile row: its 25 fields, unpadded (padding rows to 32 measured no faster, 2026-12-03). */
export const ROW = 25;
/** Score columns: NaN until the profile is scored (and for profiles that never bought). */
export const SCORE_COLUMNS = [
  'pPurchase30',
  'churnRisk',
  'pAlive',
  'clv',
  'expectedPurchases90',
  'nextPurchaseAt',
] as const satisfies readonly NumericColumn[];

/**
 * Profile table: one slot per live profile, its numeric features in one row of a Float64Array and
 * sparse per-profile data in typed-array pools (no JS object per profile beyond its id string).
 */
export class ProfileTable {
  /** Numeric features, row-major: field `F.x` of slot `s` is `nums[s * ROW + F.x]`. */
  nums = new Float64Array(0);
  readonly ids: Array<string | undefined> = [];
  readonly slotOf = new Map<string, number>();
  /** Headers of the three pools an event may update, side by side per slot (10 of 12 fields: 48 bytes). */
  private readonly hot = new SlotHeaders(12);
  readonly activity = new ActivityPool(this.hot);
  readonly categories = new Dict();
  readonly brands = new Dict();
  readonly stores = new Dict();
  readonly products = new Dict();
  /** Which activity entries set an event-specific input bit (the saved segments' event predicates). */
  readonly watches = new ActivityWatches();
  readonly traitNames = new Dict();
  readonly sources = new Dict();
  /** Purchases per store: key = store id, value = count. */
  readonly storeCounts = new BlockPool(2, { headers: this.hot });
  /** Per product bought: purchase days, first and last purchase time. */
  readonly productHistory = new BlockPool(4, { headers: this.hot });
  /** Traits: key = trait name id, values = [at, source id], ref = the value. */
  readonly traitRows = new BlockPool(3, { refs: true });
  /** Consent: key = purpose index, values = [status index, at, source id]. */
  readonly consentRows = new BlockPool(4);
  private readonly pools = [this.storeCounts, this.productHistory, this.traitRows, this.consentRows];
  private readonly free: number[] = [];
  private capacity = 0;
  /** Highest slot index in use + 1. */
  slots = 0;

  constructor(initialCapacity = 1024) {
    this.grow(initialCapacity);
  }

  get size(): number {
    return this.slotOf.size;
  }

  slot(profileId: string): number | undefined {
    return this.slotOf.get(profileId);
  }

  /** The slot of a profile, allocating an empty one the first time. */
  ensure(profileId: string): number {
    const known = this.slotOf.get(profileId);
    if (known !== undefined) return known;
    const slot = this.free.pop() ?? this.slots++;
    if (slot >= this.capacity) this.grow(this.capacity * 2);
    this.reset(slot);
    this.ids[slot] = profileId;
    this.slotOf.set(profileId, slot);
    return slot;
  }

  /** A trait of a profile, or undefined. */
  trait(slot: number, name: string): Stamped<unknown> | undefined {
    const id = this.traitNames.find(name);
    const r = id < 0 ? -1 : this.traitRows.find(slot, id);
    return r < 0 ? undefined : this.traitAt(r);
  }

  /** Every trait of a profile, by name. */
  traits(slot: number): Record<string, Stamped<unknown>> {
    const out: Record<string, Stamped<unknown>> = {};
    const pool = this.traitRows;
    for (let r = pool.start(slot), end = r + pool.count(slot); r < end; r++)
      out[this.traitNames.value(pool.get(r, 0))] = this.traitAt(r);
    return out;
  }

  /** One numeric feature of a profile (the hot paths index `nums` themselves). */
  num(slot: number, field: NumericColumn): number {
    return this.nums[slot * ROW + F[field]]!;
  }

  /** The recorded consent of a profile for one purpose, or undefined. */
  consent(slot: number, purpose: ConsentPurpose): Stamped<ConsentStatus> | undefined {
    const r = this.consentRows.find(slot, CONSENT_PURPOSES.indexOf(purpose));
    if (r < 0) return undefined;
    const p = this.consentRows;
    return {
      value: CONSENT_STATUSES[p.get(r, CONSENT_STATUS)]!,
      at: p.get(r, CONSENT_AT),
      source: this.sources.value(p.get(r, CONSENT_SOURCE)),
    };
  }

  /** Empties a slot's features (before a recompute from the log). */
  reset(slot: number): void {
    const o = slot * ROW;
    this.nums.fill(0, o, o + ROW);
    this.nums[o + F.lat] = Number.NaN;
    this.nums[o + F.lon] = Number.NaN;
    for (const c of SCORE_COLUMNS) this.nums[o + F[c]] = Number.NaN;
    for (const p of this.pools) p.clear(slot);
    this.activity.clear(slot);
  }

  release(profileId: string): void {
    const slot = this.slotOf.get(profileId);
    if (slot === undefined) return;
    this.reset(slot);
    this.ids[slot] = undefined;
    this.slotOf.delete(profileId);
    this.free.push(slot);
  }

  private traitAt(r: number): Stamped<unknown> {
    const p = this.traitRows;
    return {
      value: p.refs![r],
      at: p.get(r, TRAIT_AT),
      source: this.sources.value(p.get(r, TRAIT_SOURCE)),
    };
  }

  private grow(n: number): void {
    const next = new Float64Array(n * ROW);
    next.set(this.nums);
    this.nums = next;
    this.capacity = n;
    this.activity.ensureSlots(n);
    for (const p of this.pools) p.ensureSlots(n);
  }
}
