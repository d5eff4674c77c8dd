import type { FacetColumn, Segment } from './segment.ts';
import { fold } from './text.ts';

/** What a shopper likes, from their profile and live session (weights ≥ 0, any scale). */
export interface ShopperAffinity {
  categories: Map<string, number>;
  brands: Map<string, number>;
  priceBand?: { min: number; max: number };
}

/** Which record attributes personalization reads. */
export interface PersonalizationAttributes {
  brand: string;
  categories: string[];
  price: string;
}

export const DEFAULT_PERSONALIZATION_ATTRIBUTES: PersonalizationAttributes = {
  brand: 'brand',
  categories: ['categories.lvl0', 'categories.lvl1', 'categories.lvl2', 'category'],
  price: 'price',
};

export interface PersonalContext {
  affinity: ShopperAffinity | null;
  /** 0 = no effect, 100 = personal fit outranks everything after typos and matched words. */
  impact: number;
  /** Products available at the shopper's store (boost mode), or null. */
  available: ReadonlySet<string> | null;
}

const BRAND_WEIGHT = 0.45;
const CATEGORY_WEIGHT = 0.35;
const PRICE_WEIGHT = 0.2;
const AVAILABILITY_WEIGHT = 0.5;

function normalised(m: Map<string, number>): Map<string, number> {
  let max = 0;
  for (const v of m.values()) if (v > max) max = v;
  const out = new Map<string, number>();
  if (max <= 0) return out;
  for (const [k, v] of m) if (v > 0) out.set(fold(k), v / max);
  return out;
}

/** Affinity (0..1) of each value id of a facet column. */
interface WeightedColumn {
  col: FacetColumn;
  w: Float32Array;
}

function valueWeights(seg: Segment, attribute: string, weights: Map<string, number>): WeightedColumn | null {
  const col = seg.facets.get(attribute);
  if (!col || weights.size === 0) return null;
  const w = new Float32Array(col.values.length);
  for (const [k, v] of weights) for (const id of col.idOfFolded.get(k) ?? []) w[id] = v;
  return { col, w };
}

function bestOf(ref: WeightedColumn, d: number): number {
  let best = 0;
  for (let i = ref.col.docOffsets[d]!; i < ref.col.docOffsets[d + 1]!; i++) {
    const v = ref.w[ref.col.docValues[i]!]!;
    if (v > best) best = v;
  }
  return best;
}

/**
 * Per-doc preference bucket 0..15 for one segment, scaled by impact, or null when nothing applies.
 * Brand and category affinities are read through the facet columns, so a doc costs a few array reads.
 */
export function personalScorer(
  seg: Segment,
  ctx: PersonalContext,
  attrs: PersonalizationAttributes = DEFAULT_PERSONALIZATION_ATTRIBUTES,
): ((doc: number) => number) | null {
  const impact = Math.max(0, Math.min(100, ctx.impact)) / 100;
  if (impact === 0) return null;
  const a = ctx.affinity;
  const brand = a ? valueWeights(seg, attrs.brand, normalised(a.brands)) : null;
  const cats = a
    ? attrs.categories
        .map((c) => valueWeights(seg, c, normalised(a.categories)))
        .filter((x): x is WeightedColumn => x !== null)
    : [];
  const price = a?.priceBand ? seg.numbers.get(attrs.price) : undefined;
  const band = a?.priceBand;
  const available = ctx.available ? availabilityMask(seg, ctx.available) : null;
  if (!brand && cats.length === 0 && !(price && band) && !available) return null;
  return (d) => {
    let s = 0;
    if (brand) s += BRAND_WEIGHT * bestOf(brand, d);
    let c = 0;
    for (const ref of cats) c = Math.max(c, bestOf(ref, d));
    s += CATEGORY_WEIGHT * c;
    if (price && band) {
      const p = price[d]!;
      if (p >= band.min && p <= band.max) s += PRICE_WEIGHT;
    }
    if (available?.[d]) s += AVAILABILITY_WEIGHT;
    return Math.round(Math.min(1, s) * 15 * impact);
  };
}

const maskCache = new WeakMap<ReadonlySet<string>, WeakMap<Segment, Uint8Array>>();

/** 1 for docs whose objectID is in the set; cached per (set, segment) so a store's set is mapped once. */
export function availabilityMask(seg: Segment, ids: ReadonlySet<string>): Uint8Array {
  let bySeg = maskCache.get(ids);
  if (!bySeg) {
    bySeg = new WeakMap();
    maskCache.set(ids, bySeg);
  }
  let mask = bySeg.get(seg);
  if (!mask) {
    mask = new Uint8Array(seg.size);
    for (let d = 0; d < seg.size; d++) if (ids.has(seg.records[d]!.objectID)) mask[d] = 1;
    bySeg.set(seg, mask);
  }
  return mask;
}
