/**
 * The `limit` best of `count` candidates by `score[candidate]` (higher first, ties to the smaller id),
 * with a binary min-heap: O(count · log limit), no sort of the whole candidate set. Candidates scored
 * -Infinity are left out. Returns a new array of candidate ids, best first.
 */
export function topByScore(
  candidates: ArrayLike<number>,
  score: ArrayLike<number>,
  limit: number,
  count = candidates.length,
): number[] {
  if (limit <= 0 || count === 0) return [];
  const heap: number[] = [];
  // "a ranks below b": lower score, or the same score and a larger id
  const below = (a: number, b: number) => {
    const sa = score[a]!;
    const sb = score[b]!;
    return sa < sb || (sa === sb && a > b);
  };
  for (let n = 0; n < count; n++) {
    const c = candidates[n]!;
    if (score[c] === Number.NEGATIVE_INFINITY) continue;
    if (heap.length < limit) {
      let i = heap.length;
      heap.push(c);
      while (i > 0) {
        const parent = (i - 1) >> 1;
        const h = heap[i]!;
        if (!below(h, heap[parent]!)) break;
        heap[i] = heap[parent]!;
        heap[parent] = h;
        i = parent;
      }
    } else if (below(heap[0]!, c)) {
      heap[0] = c;
      siftDown(heap, 0, heap.length, below);
    }
  }
  // heap sort in place: repeatedly move the worst to the end, so the array ends best first
  for (let end = heap.length - 1; end > 0; end--) {
    const worst = heap[0]!;
    heap[0] = heap[end]!;
    heap[end] = worst;
    siftDown(heap, 0, end, below);
  }
  return heap;
}

function siftDown(heap: number[], i: number, size: number, below: (a: number, b: number) => boolean): void {
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) return;
    const r = l + 1;
    const m = r < size && below(heap[r]!, heap[l]!) ? r : l;
    const h = heap[i]!;
    if (!below(heap[m]!, h)) return;
    heap[i] = heap[m]!;
    heap[m] = h;
    i = m;
  }
}

/**
 * A sparse score vector over dense item ids, reused across requests (stamped, never cleared): add a
 * score to an item, remember which anchor contributed most, then read the top items.
 */
export class ScoreBoard {
  readonly score: Float64Array;
  readonly best: Float64Array;
  readonly anchor: Int32Array;
  readonly code: Uint8Array;
  private readonly stamp: Uint32Array;
  private epoch = 0;
  private touched: Int32Array;
  count = 0;

  constructor(size: number) {
    this.score = new Float64Array(size);
    this.best = new Float64Array(size);
    this.anchor = new Int32Array(size);
    this.code = new Uint8Array(size);
    this.stamp = new Uint32Array(size);
    this.touched = new Int32Array(Math.min(size, 4096));
  }

  get size(): number {
    return this.score.length;
  }

  /** Starts a new vector (O(1)). */
  reset(): this {
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    this.count = 0;
    return this;
  }

  has(item: number): boolean {
    return this.stamp[item] === this.epoch;
  }

  add(item: number, value: number, anchor = -1, code = 0): void {
    if (item < 0 || item >= this.score.length) return;
    if (this.stamp[item] !== this.epoch) {
      this.stamp[item] = this.epoch;
      this.score[item] = value;
      this.best[item] = value;
      this.anchor[item] = anchor;
      this.code[item] = code;
      if (this.count === this.touched.length) {
        const next = new Int32Array(Math.min(this.score.length, this.touched.length * 2));
        next.set(this.touched);
        this.touched = next;
      }
      this.touched[this.count++] = item;
      return;
    }
    this.score[item]! += value;
    if (value > this.best[item]!) {
      this.best[item] = value;
      this.anchor[item] = anchor;
      this.code[item] = code;
    }
  }

  /** Sets the score outright (no accumulation); used after normalising. */
  set(item: number, value: number): void {
    if (this.stamp[item] === this.epoch) this.score[item] = value;
  }

  /** Leaves an item out of `top` (the anchors themselves, say). */
  drop(item: number): void {
    if (item >= 0 && item < this.score.length && this.stamp[item] === this.epoch)
      this.score[item] = Number.NEGATIVE_INFINITY;
  }

  /** The `limit` best items, best first. */
  top(limit: number): number[] {
    return topByScore(this.touched, this.score, limit, this.count);
  }

  /** Items touched since the last reset (a view of the scratch buffer). */
  items(): Int32Array {
    return this.touched.subarray(0, this.count);
  }
}

/** A reusable list of ints (scratch across requests): `clear` is O(1), the buffer only grows. */
export class IntList {
  buf: Int32Array<ArrayBuffer> = new Int32Array(256);
  length = 0;
  clear(): this {
    this.length = 0;
    return this;
  }
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  /** The `limit` best entries by `score[entry]`, best first. */
  top(score: ArrayLike<number>, limit: number): number[] {
    return topByScore(this.buf, score, limit, this.length);
  }
}
