import { ActivityPool } from './activity.ts';
import { Dict } from './dict.ts';

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
 * Decayed weights are stored scaled to a fixed epoch (w·e^{λ(t−epoch)}), so adding needs no per-entry
 * time and shares between entries need no rescaling; `decayedAt` converts to a value as of now.
 */
export type Scaled = number;

export interface ProductHistory {
  n: number;
  first: number;
  last: number;
}

/** Sparse, per-profile data that does not fit a numeric column; each map exists once first written. */
export interface ProfileExtras {
  traits?: Map<string, Stamped<unknown>>;
  consent?: Map<ConsentPurpose, Stamped<ConsentStatus>>;
  categories?: Map<number, Scaled>;
  brands?: Map<number, Scaled>;
  stores?: Map<number, number>;
  products?: Map<number, ProductHistory>;
}

/** The map `k` of a profile's extras, created on first use (most profiles never need all six). */
export function own<K extends keyof ProfileExtras>(x: ProfileExtras, k: K): NonNullable<ProfileExtras[K]> {
  const found = x[k];
  if (found !== undefined) return found as NonNullable<ProfileExtras[K]>;
  const created = new Map() as NonNullable<ProfileExtras[K]>;
  x[k] = created;
  return created;
}

const NUMERIC = [
  'firstSeen',
  'lastSeen',
  'orders',
  'revenue',
  'firstOrderAt',
  'lastOrderAt',
  'purchaseDays',
  'lastOrderDay',
  'firstDayRevenue',
  'itemsBought',
  'itemSpend',
  'views',
  'viewPriceSum',
  'viewPriceN',
  'lat',
  'lon',
  'chOnline',
  'chInStore',
  'chPickup',
  'pPurchase30',
  'churnRisk',
  'pAlive',
  'clv',
  'expectedPurchases90',
  'nextPurchaseAt',
] as const;
export type NumericColumn = (typeof NUMERIC)[number];
export const NUMERIC_COLUMNS: readonly NumericColumn[] = NUMERIC;

/** Columnar profile table: one slot per live profile, numeric features in Float64Arrays. */
export class ProfileTable {
  readonly cols = {} as Record<NumericColumn, Float64Array>;
  readonly extras: Array<ProfileExtras | undefined> = [];
  readonly ids: Array<string | undefined> = [];
  readonly slotOf = new Map<string, number>();
  readonly activity = new ActivityPool();
  readonly categories = new Dict();
  readonly brands = new Dict();
  readonly stores = new Dict();
  readonly products = new Dict();
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
    this.activity.ensureSlots(this.capacity);
    this.reset(slot);
    this.ids[slot] = profileId;
    this.slotOf.set(profileId, slot);
    return slot;
  }

  extrasOf(slot: number): ProfileExtras {
    let x = this.extras[slot];
    if (x === undefined) {
      x = {};
      this.extras[slot] = x;
    }
    return x;
  }

  /** Empties a slot's features (before a recompute from the log). */
  reset(slot: number): void {
    for (const c of NUMERIC) this.cols[c][slot] = 0;
    this.cols.lat[slot] = Number.NaN;
    this.cols.lon[slot] = Number.NaN;
    this.cols.nextPurchaseAt[slot] = Number.NaN;
    this.extras[slot] = undefined;
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

  private grow(n: number): void {
    for (const c of NUMERIC) {
      const next = new Float64Array(n);
      const prev = this.cols[c];
      if (prev) next.set(prev);
      this.cols[c] = next;
    }
    this.capacity = n;
  }
}
