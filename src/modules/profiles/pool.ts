/**
 * Per-slot lists of fixed-width numeric entries in one Float64Array: each profile slot owns a contiguous
 * block (capacity a power of two, moved to a block twice as big when full; freed blocks are reused by
 * size). Sparse per-profile data (affinities, store counts, product histories, traits, consent, recent
 * activity) lives here instead of in per-profile Maps and objects: the garbage collector has nothing to
 * trace, an update allocates nothing, and a profile's entries sit in a few cache lines.
 *
 * Field 0 of an entry is its key for `find`/`upsert`. Entry indexes stay valid until the next `append`
 * or `clear` on the same slot. With `withRefs`, each entry also holds one JS value (a trait's value).
 */
export class BlockPool {
  data: Float64Array;
  /** First entry index of each slot's block, its length and its capacity (0 = no block). */
  off = new Int32Array(0);
  len = new Int32Array(0);
  cap = new Int32Array(0);
  readonly refs: unknown[] | null;
  private top = 0;
  private live = 0;
  /** Free blocks by log2(capacity). */
  private readonly freeBlocks: number[][] = [];

  constructor(
    readonly stride: number,
    withRefs = false,
    entries = 1024,
  ) {
    this.data = new Float64Array(entries * stride);
    this.refs = withRefs ? [] : null;
    this.ensureSlots(1024);
  }

  /** Entries in use. */
  get rows(): number {
    return this.live;
  }

  /** Entries allocated, used or free (memory accounting). */
  get allocated(): number {
    return this.data.length / this.stride;
  }

  ensureSlots(n: number): void {
    if (n <= this.off.length) return;
    const size = Math.max(n, this.off.length * 2);
    for (const k of ['off', 'len', 'cap'] as const) {
      const next = new Int32Array(size);
      next.set(this[k]);
      this[k] = next;
    }
  }

  get(entry: number, field: number): number {
    return this.data[entry * this.stride + field]!;
  }

  set(entry: number, field: number, v: number): void {
    this.data[entry * this.stride + field] = v;
  }

  add(entry: number, field: number, v: number): void {
    this.data[entry * this.stride + field]! += v;
  }

  /** The entry whose field 0 equals `key` in the slot's list, or -1. */
  find(slot: number, key: number): number {
    const d = this.data;
    const w = this.stride;
    const start = this.off[slot]!;
    const end = start + this.len[slot]!;
    for (let e = start; e < end; e++) if (d[e * w] === key) return e;
    return -1;
  }

  /** The entry of `key`, appended (other fields zero) when absent. */
  upsert(slot: number, key: number): number {
    const found = this.find(slot, key);
    if (found >= 0) return found;
    const e = this.append(slot);
    this.data[e * this.stride] = key;
    return e;
  }

  /** A new zeroed entry at the end of the slot's list. */
  append(slot: number): number {
    const n = this.len[slot]!;
    if (n === this.cap[slot]) this.move(slot, n === 0 ? 2 : n * 2);
    const e = this.off[slot]! + n;
    this.data.fill(0, e * this.stride, (e + 1) * this.stride);
    this.len[slot] = n + 1;
    this.live++;
    return e;
  }

  /** Keeps the first `n` entries of a slot (after the caller compacted them in place). */
  truncate(slot: number, n: number): void {
    const len = this.len[slot]!;
    if (n >= len) return;
    if (this.refs) for (let e = this.off[slot]! + n; e < this.off[slot]! + len; e++) this.refs[e] = undefined;
    this.live -= len - n;
    this.len[slot] = n;
    if (n === 0) this.clear(slot);
  }

  /** Frees a slot's block (reset, erase, merge source). */
  clear(slot: number): void {
    const cap = this.cap[slot]!;
    if (cap === 0) return;
    const start = this.off[slot]!;
    this.live -= this.len[slot]!;
    if (this.refs) for (let e = start; e < start + this.len[slot]!; e++) this.refs[e] = undefined;
    this.data.fill(0, start * this.stride, (start + this.len[slot]!) * this.stride);
    this.release(start, cap);
    this.off[slot] = 0;
    this.len[slot] = 0;
    this.cap[slot] = 0;
  }

  private move(slot: number, cap: number): void {
    const start = this.reserve(cap);
    const old = this.off[slot]!;
    const n = this.len[slot]!;
    const w = this.stride;
    if (n > 0) {
      this.data.copyWithin(start * w, old * w, (old + n) * w);
      this.data.fill(0, old * w, (old + n) * w);
      if (this.refs)
        for (let i = 0; i < n; i++) {
          this.refs[start + i] = this.refs[old + i];
          this.refs[old + i] = undefined;
        }
    }
    if (this.cap[slot]! > 0) this.release(old, this.cap[slot]!);
    this.off[slot] = start;
    this.cap[slot] = cap;
  }

  private reserve(cap: number): number {
    const reused = this.freeBlocks[Math.log2(cap)]?.pop();
    if (reused !== undefined) return reused;
    const start = this.top;
    this.top += cap;
    if (this.top * this.stride > this.data.length) {
      const bigger = new Float64Array(Math.max(this.top * this.stride, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
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
