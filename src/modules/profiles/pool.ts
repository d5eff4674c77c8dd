/** Entries per chunk of a pool, as a power of two (2^20: 16 MB of entries of two numbers). */
export const CHUNK_BITS = 20;

export interface BlockPoolOptions {
  /** Each entry also holds one JS value (a trait's value). */
  refs?: boolean;
  /** Entries the first chunk starts with (it doubles up to a whole chunk). */
  entries?: number;
  /** Slot headers shared with other pools (its own by default). */
  headers?: SlotHeaders;
  /** Keep a per-slot version (see the class comment). */
  versioned?: boolean;
  /** log2 of the entries per chunk. */
  chunkBits?: number;
}

/**
 * Per-slot lists of fixed-width numeric entries in Float64Array chunks: each profile slot owns a
 * contiguous block inside one chunk (capacity a power of two, moved to a block twice as big when full;
 * freed blocks are reused by size). The first chunk grows by doubling; the pool then grows by adding
 * chunks, so growing never copies (or stalls on) the whole pool. Sparse per-profile data (affinities,
 * store counts, product histories, traits, consent, recent activity) lives here instead of in
 * per-profile Maps and objects: the garbage collector has nothing to trace, an update allocates
 * nothing, and a profile's entries sit in a few cache lines.
 *
 * Field 0 of an entry is its key for `find`/`upsert`. Entry indexes stay valid until the next `append`
 * or `clear` on the same slot. With `withRefs`, each entry also holds one JS value (a trait's value).
 * With `versioned`, a slot's version changes whenever entries it already had change or go (clear,
 * truncate), so a reader that remembers how many entries it has seen can look at new ones only.
 */
export class BlockPool {
  /** The entries: entry `e` is at `chunks[e >> chunkBits]`, from `(e & mask) * stride`. */
  readonly chunks: Float64Array[];
  /** The most entries one slot's list can hold (a block never straddles two chunks). */
  readonly maxEntries: number;
  private readonly mask: number;
  /**
   * Per slot, side by side (one cache line for a slot's whole header): the first entry index of its
   * block, its length and its capacity (0 = no block), and its version when versioned, at `base` in the
   * slot's shared headers.
   */
  private readonly h: SlotHeaders;
  private readonly base: number;
  readonly refs: unknown[] | null;
  private top = 0;
  private live = 0;
  /** Free blocks by log2(capacity). */
  private readonly freeBlocks: number[][] = [];

  private readonly versioned: boolean;
  private readonly chunkBits: number;

  constructor(
    readonly stride: number,
    options: BlockPoolOptions = {},
  ) {
    const { refs = false, entries = 1024, headers = new SlotHeaders(4), versioned = false } = options;
    this.versioned = versioned;
    this.chunkBits = options.chunkBits ?? CHUNK_BITS;
    this.h = headers;
    this.base = headers.claim(versioned ? 4 : 3);
    this.maxEntries = 2 ** this.chunkBits;
    this.mask = this.maxEntries - 1;
    this.chunks = [new Float64Array(Math.min(entries, this.maxEntries) * stride)];
    this.refs = refs ? [] : null;
    this.ensureSlots(1024);
  }

  /** Entries in use. */
  get rows(): number {
    return this.live;
  }

  /** Entries allocated, used or free (memory accounting). */
  get allocated(): number {
    let n = 0;
    for (const c of this.chunks) n += c.length;
    return n / this.stride;
  }

  /** The chunk holding an entry (and every entry of its block). */
  chunkOf(entry: number): Float64Array {
    return this.chunks[entry >> this.chunkBits]!;
  }

  /** Where an entry's fields start in its chunk. */
  offsetOf(entry: number): number {
    return (entry & this.mask) * this.stride;
  }

  ensureSlots(n: number): void {
    this.h.ensureSlots(n);
  }

  /** First entry index of a slot's list. */
  start(slot: number): number {
    return this.h.meta[slot * this.h.width + this.base]!;
  }

  /** Entries in a slot's list. */
  count(slot: number): number {
    return this.h.meta[slot * this.h.width + this.base + 1]!;
  }

  /** Changes whenever entries the slot already had change or go (0 when not versioned). */
  version(slot: number): number {
    return this.versioned ? this.h.meta[slot * this.h.width + this.base + 3]! : 0;
  }

  private bump(m: number): void {
    if (this.versioned) this.h.meta[m + 3] = (this.h.meta[m + 3]! + 1) | 0;
  }

  get(entry: number, field: number): number {
    return this.chunks[entry >> this.chunkBits]![(entry & this.mask) * this.stride + field]!;
  }

  set(entry: number, field: number, v: number): void {
    this.chunks[entry >> this.chunkBits]![(entry & this.mask) * this.stride + field] = v;
  }

  add(entry: number, field: number, v: number): void {
    this.chunks[entry >> this.chunkBits]![(entry & this.mask) * this.stride + field]! += v;
  }

  /** The entry whose field 0 equals `key` in the slot's list, or -1. */
  find(slot: number, key: number): number {
    const w = this.stride;
    const meta = this.h.meta;
    const m = slot * this.h.width + this.base;
    const start = meta[m]!;
    const n = meta[m + 1]!;
    if (n === 0) return -1;
    const d = this.chunks[start >> this.chunkBits]!;
    for (let i = 0, o = (start & this.mask) * w; i < n; i++, o += w) if (d[o] === key) return start + i;
    return -1;
  }

  /** The entry of `key`, appended (other fields zero) when absent. */
  upsert(slot: number, key: number): number {
    const found = this.find(slot, key);
    if (found >= 0) return found;
    const e = this.append(slot);
    this.set(e, 0, key);
    return e;
  }

  /** A new zeroed entry at the end of the slot's list (entries past a list's end are always zero). */
  append(slot: number): number {
    const meta = this.h.meta;
    const m = slot * this.h.width + this.base;
    const n = meta[m + 1]!;
    if (n === meta[m + 2]) {
      if (n >= this.maxEntries)
        throw new RangeError(`a list of this pool holds at most ${this.maxEntries} entries`);
      this.move(slot, n === 0 ? 2 : n * 2);
    }
    const e = meta[m]! + n;
    meta[m + 1] = n + 1;
    this.live++;
    return e;
  }

  /** Keeps the first `n` entries of a slot (after the caller compacted them in place). */
  truncate(slot: number, n: number): void {
    const len = this.count(slot);
    if (n >= len) return;
    const start = this.start(slot);
    if (this.refs) for (let e = start + n; e < start + len; e++) this.refs[e] = undefined;
    const o = this.offsetOf(start);
    zero(this.chunkOf(start), o + n * this.stride, o + len * this.stride);
    this.live -= len - n;
    const m = slot * this.h.width + this.base;
    this.h.meta[m + 1] = n;
    this.bump(m);
    if (n === 0) this.clear(slot);
  }

  /** Frees a slot's block (reset, erase, merge source). */
  clear(slot: number): void {
    const meta = this.h.meta;
    const m = slot * this.h.width + this.base;
    const cap = meta[m + 2]!;
    if (cap === 0) return;
    this.bump(m);
    const start = meta[m]!;
    const len = meta[m + 1]!;
    this.live -= len;
    if (this.refs) for (let e = start; e < start + len; e++) this.refs[e] = undefined;
    const o = this.offsetOf(start);
    zero(this.chunkOf(start), o, o + len * this.stride);
    this.release(start, cap);
    meta[m] = 0;
    meta[m + 1] = 0;
    meta[m + 2] = 0;
  }

  private move(slot: number, cap: number): void {
    const meta = this.h.meta;
    const m = slot * this.h.width + this.base;
    const start = this.reserve(cap);
    const old = meta[m]!;
    const n = meta[m + 1]!;
    const w = this.stride;
    if (n > 0) {
      const from = this.chunkOf(old);
      const to = this.chunkOf(start);
      const o = this.offsetOf(old);
      const at = this.offsetOf(start);
      // Blocks do not overlap. A loop for a short block: a subarray for set() is an allocation, and
      // set() and copyWithin() are runtime calls costing more than copying a few entries.
      if (n * w <= SHORT_COPY) for (let i = 0; i < n * w; i++) to[at + i] = from[o + i]!;
      else if (to === from) from.copyWithin(at, o, o + n * w);
      else to.set(from.subarray(o, o + n * w), at);
      zero(from, o, o + n * w);
      if (this.refs)
        for (let i = 0; i < n; i++) {
          this.refs[start + i] = this.refs[old + i];
          this.refs[old + i] = undefined;
        }
    }
    if (meta[m + 2]! > 0) this.release(old, meta[m + 2]!);
    meta[m] = start;
    meta[m + 2] = cap;
  }

  private reserve(cap: number): number {
    const reused = this.freeBlocks[Math.log2(cap)]?.pop();
    if (reused !== undefined) return reused;
    let start = this.top;
    // A block never straddles two chunks: the tail of a chunk too short for it stays unused.
    if ((start & this.mask) + cap > this.maxEntries)
      start = ((start >> this.chunkBits) + 1) << this.chunkBits;
    this.top = start + cap;
    const c = start >> this.chunkBits;
    const need = ((this.top - 1) & this.mask) + 1;
    if (c === this.chunks.length) this.chunks.push(new Float64Array(this.maxEntries * this.stride));
    else if (need * this.stride > this.chunks[c]!.length) {
      // Only the first chunk starts small; it doubles up to a whole chunk.
      const bigger = new Float64Array(
        Math.min(this.maxEntries, Math.max(need, (this.chunks[c]!.length / this.stride) * 2)) * this.stride,
      );
      bigger.set(this.chunks[c]!);
      this.chunks[c] = bigger;
    }
    return start;
  }

  private release(start: number, cap: number): void {
    const c = Math.log2(cap);
    const list = this.freeBlocks[c];
    if (list) list.push(start);
    else this.freeBlocks[c] = [start];
  }
}

/**
 * The slot headers of one or more pools, side by side: per slot, `width` Int32 fields, three per pool
 * (offset, length, capacity). Pools that one event updates together share one, so a profile's headers
 * sit in one or two adjacent cache lines instead of one line (and page) per pool.
 */
export class SlotHeaders {
  meta = new Int32Array(0);
  private fields = 0;

  constructor(readonly width: number) {}

  /** The first of `n` fields (three, or four with a version) for one more pool. */
  claim(n = 3): number {
    if (this.fields + n > this.width)
      throw new RangeError(`slot headers hold ${this.width} fields, ${this.fields} are taken`);
    this.fields += n;
    return this.fields - n;
  }

  ensureSlots(n: number): void {
    if (n * this.width <= this.meta.length) return;
    const next = new Int32Array(Math.max(n, (this.meta.length / this.width) * 2) * this.width);
    next.set(this.meta);
    this.meta = next;
  }
}

/** Numbers copied by a loop rather than a runtime call when a block moves. */
const SHORT_COPY = 96;

/** Zeroes `d[from..to)`: a loop for an entry or a few (TypedArray `fill` is a runtime call). */
function zero(d: Float64Array, from: number, to: number): void {
  if (to - from > 64) d.fill(0, from, to);
  else for (let i = from; i < to; i++) d[i] = 0;
}
