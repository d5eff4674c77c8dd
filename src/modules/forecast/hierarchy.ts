import { PanierError } from '../../kernel/index.ts';

/** Where a bottom series sits: product × location, with its department, category and region. */
export interface SeriesKey {
  product: string;
  location: string;
  department: string;
  category: string;
  region: string;
}

export const HIERARCHY_LEVELS = ['total', 'region', 'location', 'category', 'department', 'product'] as const;
export type HierarchyLevel = (typeof HIERARCHY_LEVELS)[number];

/**
 * Tree: total → region → location → category×location → department×location → product×location.
 * Nodes are stored parent-before-child, so a reverse scan visits children before parents.
 */
export interface Hierarchy {
  ids: string[];
  level: HierarchyLevel[];
  parent: Int32Array;
  children: number[][];
  /** Node index of each bottom series, in input order. */
  leafNode: Int32Array;
  /** Number of bottom series under each node (the wls_struct weight). */
  leafCount: Float64Array;
}

export function buildHierarchy(keys: readonly SeriesKey[]): Hierarchy {
  const ids: string[] = ['total'];
  const level: HierarchyLevel[] = ['total'];
  const parents: number[] = [-1];
  const index = new Map<string, number>([['total', 0]]);
  const node = (id: string, lv: HierarchyLevel, parent: number): number => {
    const found = index.get(id);
    if (found !== undefined) {
      if (parents[found] !== parent) {
        throw new PanierError(
          'invalid_argument',
          `${id} appears under two parents (${ids[parents[found]]}, ${ids[parent]})`,
        );
      }
      return found;
    }
    index.set(id, ids.length);
    ids.push(id);
    level.push(lv);
    parents.push(parent);
    return ids.length - 1;
  };
  const leafNode = new Int32Array(keys.length);
  keys.forEach((k, i) => {
    const r = node(`region:${k.region}`, 'region', 0);
    const l = node(`location:${k.location}`, 'location', r);
    const c = node(`category:${k.location}/${k.category}`, 'category', l);
    const d = node(`department:${k.location}/${k.department}`, 'department', c);
    const id = `product:${k.location}/${k.product}`;
    if (index.has(id))
      throw new PanierError('invalid_argument', `duplicate series ${k.product} at ${k.location}`);
    leafNode[i] = node(id, 'product', d);
  });
  // Parents are created before children, but later leaves may add nodes after earlier leaves; sort
  // is not needed for correctness because every parent index is smaller than its children's.
  const parent = Int32Array.from(parents);
  const children: number[][] = ids.map(() => []);
  for (let i = 1; i < ids.length; i++) children[parent[i]].push(i);
  const leafCount = new Float64Array(ids.length);
  for (const leaf of leafNode) leafCount[leaf] = 1;
  for (let i = ids.length - 1; i > 0; i--) leafCount[parent[i]] += leafCount[i];
  return { ids, level, parent, children, leafNode, leafCount };
}

/** Sum bottom vectors (each of length h) into every node. */
export function aggregate(hier: Hierarchy, bottom: readonly Float64Array[]): Float64Array[] {
  const h = bottom[0]?.length ?? 0;
  const out = hier.ids.map(() => new Float64Array(h));
  bottom.forEach((v, i) => {
    out[hier.leafNode[i]].set(v);
  });
  for (let n = hier.ids.length - 1; n > 0; n--) {
    const p = out[hier.parent[n]];
    const v = out[n];
    for (let t = 0; t < h; t++) p[t] += v[t];
  }
  return out;
}
