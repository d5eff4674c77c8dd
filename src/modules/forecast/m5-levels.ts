import type { SeriesKey } from './hierarchy.ts';

/** The 12 M5 aggregation levels, as key functions over a bottom series. */
export const M5_LEVELS: readonly { id: number; name: string; key: (k: SeriesKey) => string }[] = [
  { id: 1, name: 'total', key: () => 'total' },
  { id: 2, name: 'state', key: (k) => k.region },
  { id: 3, name: 'store', key: (k) => k.location },
  { id: 4, name: 'category', key: (k) => k.category },
  { id: 5, name: 'department', key: (k) => k.department },
  { id: 6, name: 'state×category', key: (k) => `${k.region}/${k.category}` },
  { id: 7, name: 'state×department', key: (k) => `${k.region}/${k.department}` },
  { id: 8, name: 'store×category', key: (k) => `${k.location}/${k.category}` },
  { id: 9, name: 'store×department', key: (k) => `${k.location}/${k.department}` },
  { id: 10, name: 'product', key: (k) => k.product },
  { id: 11, name: 'product×state', key: (k) => `${k.product}/${k.region}` },
  { id: 12, name: 'product×store', key: (k) => `${k.product}/${k.location}` },
];

/** Group bottom indices by a level's key (insertion order). */
export function groupBy(keys: readonly SeriesKey[], key: (k: SeriesKey) => string): number[][] {
  const groups = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const g = key(k);
    const list = groups.get(g);
    if (list) list.push(i);
    else groups.set(g, [i]);
  });
  return [...groups.values()];
}

export function sumRows(
  rows: readonly ArrayLike<number>[],
  members: readonly number[],
  length: number,
): Float64Array {
  const out = new Float64Array(length);
  for (const i of members) {
    const r = rows[i];
    for (let t = 0; t < length; t++) out[t] += r[t];
  }
  return out;
}
