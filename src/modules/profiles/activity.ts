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
 * Columnar pool of recent interactions, one singly linked list per profile slot (newest first).
 * Records older than the retention window are dropped by `compact`.
 */
export class ActivityPool {
  at = new Float64Array(1024);
  kind = new Uint8Array(1024);
  category = new Int32Array(1024);
  brand = new Int32Array(1024);
  product = new Int32Array(1024);
  store = new Int32Array(1024);
  next = new Int32Array(1024);
  head = new Int32Array(1024).fill(-1);
  size = 0;

  ensureSlots(n: number): void {
    if (n <= this.head.length) return;
    const head = new Int32Array(Math.max(n, this.head.length * 2)).fill(-1);
    head.set(this.head);
    this.head = head;
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
    if (this.size === this.at.length) this.grow(this.size * 2);
    const i = this.size++;
    this.at[i] = at;
    this.kind[i] = kind;
    this.category[i] = category;
    this.brand[i] = brand;
    this.product[i] = product;
    this.store[i] = store;
    this.next[i] = this.head[slot]!;
    this.head[slot] = i;
  }

  /** Appends the list of `from` to `into` (merge); order inside a list does not matter to predicates. */
  moveAll(from: number, into: number): void {
    const src = this.head[from]!;
    if (src < 0) return;
    let tail = src;
    while (this.next[tail]! >= 0) tail = this.next[tail]!;
    this.next[tail] = this.head[into]!;
    this.head[into] = src;
    this.head[from] = -1;
  }

  clear(slot: number): void {
    this.head[slot] = -1;
  }

  records(slot: number): ActivityRecord[] {
    const out: ActivityRecord[] = [];
    for (let i = this.head[slot]!; i >= 0; i = this.next[i]!)
      out.push({
        at: this.at[i]!,
        kind: this.kind[i]!,
        category: this.category[i]!,
        brand: this.brand[i]!,
        product: this.product[i]!,
        store: this.store[i]!,
      });
    return out;
  }

  /** Rewrites the pool keeping only records at or after `since` (also frees erased profiles' records). */
  compact(since: number, slots: number): void {
    const old = { at: this.at, kind: this.kind, category: this.category, brand: this.brand };
    const rest = { product: this.product, store: this.store, next: this.next };
    this.size = 0;
    this.grow(Math.max(1024, this.at.length));
    for (let s = 0; s < slots; s++) {
      const keep: number[] = [];
      for (let i = this.head[s]!; i >= 0; i = rest.next[i]!) if (old.at[i]! >= since) keep.push(i);
      this.head[s] = -1;
      for (let j = keep.length - 1; j >= 0; j--) {
        const i = keep[j]!;
        this.push(s, {
          at: old.at[i]!,
          kind: old.kind[i]!,
          category: old.category[i]!,
          brand: old.brand[i]!,
          product: rest.product[i]!,
          store: rest.store[i]!,
        });
      }
    }
  }

  private grow(n: number): void {
    const copy = <T extends Float64Array | Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a.subarray(0, Math.min(a.length, this.size)));
      return b;
    };
    this.at = copy(this.at, (k) => new Float64Array(k));
    this.kind = copy(this.kind, (k) => new Uint8Array(k));
    this.category = copy(this.category, (k) => new Int32Array(k));
    this.brand = copy(this.brand, (k) => new Int32Array(k));
    this.product = copy(this.product, (k) => new Int32Array(k));
    this.store = copy(this.store, (k) => new Int32Array(k));
    this.next = copy(this.next, (k) => new Int32Array(k));
  }
}
