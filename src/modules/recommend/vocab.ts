/** Dense integer ids for strings so models can live in typed arrays. */
export class Vocab {
  private readonly index = new Map<string, number>();
  readonly keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** The id of `key`, adding it when new. */
  intern(key: string): number {
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.index.set(key, id);
      this.keys.push(key);
    }
    return id;
  }

  id(key: string): number | undefined {
    return this.index.get(key);
  }

  key(id: number): string {
    return this.keys[id]!;
  }

  static from(keys: readonly string[]): Vocab {
    const v = new Vocab();
    for (const k of keys) v.intern(k);
    return v;
  }
}

/** A growable typed array: amortized O(1) push, `view()` without copying. */
export class GrowableInt32 {
  private data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  static of(values: Int32Array): GrowableInt32 {
    const g = new GrowableInt32(0);
    g.data = values;
    g.length = values.length;
    return g;
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(Math.max(16, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number {
    return this.data[i]!;
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

export class GrowableFloat32 {
  private data: Float32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float32Array(Math.max(16, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Float32Array {
    return this.data.subarray(0, this.length);
  }
}

export class GrowableFloat64 {
  private data: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }
  static of(values: Float64Array): GrowableFloat64 {
    const g = new GrowableFloat64(0);
    g.data = values;
    g.length = values.length;
    return g;
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(Math.max(16, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number {
    return this.data[i]!;
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** The value under `key`, created by `make` on first use. */
export function getOrCreate<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}
