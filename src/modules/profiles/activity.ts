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

/** Fields of an activity entry. */
export const ACT_AT = 0;
export const ACT_KIND = 1;
export const ACTIVITY_FIELD = { category: 2, brand: 3, product: 4 } as const;
export const ACT_STORE = 5;
export const ACT_STRIDE = 6;

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
    d[o] = at;
    d[o + 1] = kind;
    d[o + 2] = category;
    d[o + 3] = brand;
    d[o + 4] = product;
    d[o + 5] = store;
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
    for (let e = p.start(slot), end = e + p.count(slot); e < end; e++)
      out.push({
        at: p.get(e, ACT_AT),
        kind: p.get(e, ACT_KIND),
        category: p.get(e, ACTIVITY_FIELD.category),
        brand: p.get(e, ACTIVITY_FIELD.brand),
        product: p.get(e, ACTIVITY_FIELD.product),
        store: p.get(e, ACT_STORE),
      });
    return out;
  }

  /** Drops entries older than `since` in slots `from` (inclusive) to `to` (exclusive), in place. */
  compact(since: number, to: number, from = 0): void {
    const p = this.pool;
    for (let s = from; s < to; s++) {
      const n = p.count(s);
      if (n === 0) continue;
      const start = p.start(s);
      const d = p.chunkOf(start);
      const base = p.offsetOf(start);
      let kept = 0;
      for (let i = 0; i < n; i++) {
        const o = base + i * ACT_STRIDE;
        if (d[o]! < since) continue;
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
