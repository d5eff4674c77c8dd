/** Growable typed buffers, so index builds do not go through boxed JS arrays. */
export class IntBuffer {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Reads a value at a dotted path ("categories.lvl0") inside a record. */
export function valueAt(record: Record<string, unknown>, path: string): unknown {
  if (path in record) return record[path];
  if (!path.includes('.')) return undefined;
  let cur: unknown = record;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur)
      ? cur.map((v) => (v as Record<string, unknown>)?.[part])
      : (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Strings inside a value (string, number, array of them, nested objects flattened). */
export function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) stringsOf(v, out);
  return out;
}

/** Sorted-array lower bound for strings. */
export function lowerBound(sorted: readonly string[], key: string, lo = 0, hi = sorted.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [lo, hi) range of sorted strings starting with `prefix`. */
export function prefixRange(sorted: readonly string[], prefix: string): [number, number] {
  const lo = lowerBound(sorted, prefix);
  const hi = lowerBound(sorted, `${prefix}\uffff`, lo);
  return [lo, hi];
}

/** Lower bound in a sorted Float64Array. */
export function lowerBoundNum(sorted: Float64Array, key: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Lower bound in a sorted Int32Array. */
export function lowerBoundInt(sorted: Int32Array, key: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
