import { BlockPool, CHUNK_BITS, type SlotHeaders } from './pool.ts';

/** Event predicates look back at most this far; older rows are compacted away at each refit. */
export const ACTIVITY_RETENTION_DAYS = 365;

/** Interaction kinds kept for event predicates in segments. */
export const ACTIVITY_KINDS = ['viewed', 'added', 'bought', 'searched'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export interface ActivityRecord {
  at: number;
  kind: number;
  category: number;
  brand: number;
  product: number;
  store: number;
}

/**
 * An entry is three doubles (24 bytes instead of 48 for six fields, so appends, block moves and the
 * predicates' scans touch half the cache lines), each holding two integers exactly (below 2^53):
 * time · 4 + kind; (product + 1) · 2^20 + (store + 1); (category + 1) · 2^26 + (brand + 1).
 * Ids are dictionary ids, -1 for none; an id too large for its field (2^20 − 1 or more for a store,
 * 2^26 − 1 for a category or brand, 2^33 − 1 for a product) is stored as none.
 */
export const ACT_STRIDE = 3;
const KINDS = 4;
const STORE_SPAN = 2 ** 20;
const BRAND_SPAN = 2 ** 26;
const PRODUCT_LIMIT = 2 ** 33;

/** What an entry can name besides its time and kind. */
export const ACTIVITY_IDS = ['category', 'brand', 'product', 'store'] as const;
export type ActivityIdField = (typeof ACTIVITY_IDS)[number];

const within = (id: number, span: number): number => (id >= 0 && id < span - 1 ? id + 1 : 0);
const low = (v: number, span: number): number => v - span * Math.floor(v / span);

/** The time of the entry at offset `o` of chunk `d`. */
export const entryAt = (d: Float64Array, o: number): number => Math.floor(d[o]! / KINDS);
/**
 * The smallest packed first number of an entry at or after time `t`: comparing it with `d[o]` tells
 * the window without decoding the time (a decoded time is not a small integer, so a call returning
 * one that is not inlined allocates).
 */
export const timeKey = (t: number): number => Math.ceil(t) * KINDS;
/** Its kind (index in `ACTIVITY_KINDS`). */
export const entryKind = (d: Float64Array, o: number): number => low(d[o]!, KINDS);

/** One of its ids (-1 for none). */
export function entryId(d: Float64Array, o: number, field: ActivityIdField): number {
  switch (field) {
    case 'category':
      return Math.floor(d[o + 2]! / BRAND_SPAN) - 1;
    case 'brand':
      return low(d[o + 2]!, BRAND_SPAN) - 1;
    case 'product':
      return Math.floor(d[o + 1]! / STORE_SPAN) - 1;
    case 'store':
      return low(d[o + 1]!, STORE_SPAN) - 1;
  }
}

/**
 * Recent interactions, one contiguous block of entries per profile slot (oldest first, except after a
 * merge appends another profile's entries). Entries older than the retention window are dropped by
 * `compact`.
 */
export class ActivityPool {
  readonly pool: BlockPool;

  /** `headers`: slot headers shared with other pools (its own by default). */
  constructor(headers?: SlotHeaders, chunkBits = CHUNK_BITS) {
    this.pool = new BlockPool(ACT_STRIDE, { headers, versioned: true, chunkBits });
  }

  /** Changes whenever a slot's existing entries change or go (appends leave it alone). */
  version(slot: number): number {
    return this.pool.version(slot);
  }

  get size(): number {
    return this.pool.rows;
  }

  ensureSlots(n: number): void {
    this.pool.ensureSlots(n);
  }

  push(slot: number, r: ActivityRecord): void {
    this.add(slot, r.at, r.kind, r.category, r.brand, r.product, r.store);
  }

  /** Positional form of `push` for the event hot path (no record object). */
  add(
    slot: number,
    at: number,
    kind: number,
    category: number,
    brand: number,
    product: number,
    store: number,
  ) {
    const p = this.pool;
    if (p.count(slot) === p.maxEntries) this.keepNewest(slot, p.maxEntries / 2);
    const e = p.append(slot);
    const o = p.offsetOf(e);
    const d = p.chunkOf(e);
    d[o] = Math.floor(at) * KINDS + kind;
    d[o + 1] = within(product, PRODUCT_LIMIT) * STORE_SPAN + within(store, STORE_SPAN);
    d[o + 2] = within(category, BRAND_SPAN) * BRAND_SPAN + within(brand, BRAND_SPAN);
  }

  /** Appends the entries of `from` to `into` (merge); order inside a list does not matter to predicates. */
  moveAll(from: number, into: number): void {
    const p = this.pool;
    const start = p.start(from);
    const n = p.count(from);
    for (let i = 0; i < n; i++) {
      const e = p.append(into);
      for (let f = 0; f < ACT_STRIDE; f++) p.set(e, f, p.get(start + i, f));
    }
    p.clear(from);
  }

  clear(slot: number): void {
    this.pool.clear(slot);
  }

  records(slot: number): ActivityRecord[] {
    const p = this.pool;
    const out: ActivityRecord[] = [];
    for (let e = p.start(slot), end = e + p.count(slot); e < end; e++) {
      const d = p.chunkOf(e);
      const o = p.offsetOf(e);
      out.push({
        at: entryAt(d, o),
        kind: entryKind(d, o),
        category: entryId(d, o, 'category'),
        brand: entryId(d, o, 'brand'),
        product: entryId(d, o, 'product'),
        store: entryId(d, o, 'store'),
      });
    }
    return out;
  }

  /** Drops entries older than `since` in slots `from` (inclusive) to `to` (exclusive), in place. */
  compact(since: number, to: number, from = 0): void {
    const p = this.pool;
    const sinceKey = timeKey(since);
    for (let s = from; s < to; s++) {
      const n = p.count(s);
      if (n === 0) continue;
      const start = p.start(s);
      const d = p.chunkOf(start);
      const base = p.offsetOf(start);
      let kept = 0;
      for (let i = 0; i < n; i++) {
        const o = base + i * ACT_STRIDE;
        if (d[o]! < sinceKey) continue;
        if (kept !== i) d.copyWithin(base + kept * ACT_STRIDE, o, o + ACT_STRIDE);
        kept++;
      }
      p.truncate(s, kept);
    }
  }

  /**
   * A list at the pool's limit (a bot, not a shopper: a million interactions within the retention)
   * keeps its newest `keep` entries by position, so the next one fits.
   */
  private keepNewest(slot: number, keep: number): void {
    const p = this.pool;
    const n = p.count(slot);
    const d = p.chunkOf(p.start(slot));
    const base = p.offsetOf(p.start(slot));
    d.copyWithin(base, base + (n - keep) * ACT_STRIDE, base + n * ACT_STRIDE);
    p.truncate(slot, keep);
  }
}
