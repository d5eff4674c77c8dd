import type { Rng } from '../../kernel/index.ts';
import { createBrandNamer } from './brands.ts';
import { cumulative, pickCumulative, STREAMS, streamRng, zipfWeights } from './random.ts';
import { VARIANTS } from './words/lexicon.ts';
import { type LeafSpec, TAXONOMY, type TopSpec } from './words/taxonomy.ts';

export interface Leaf {
  readonly index: number;
  readonly top: number;
  readonly spec: LeafSpec;
  readonly topSpec: TopSpec;
  readonly path: readonly string[];
  /** "Grocery > Pasta & Rice", as Segment's `category` property carries it. */
  readonly label: string;
  /** "grocery-pasta-rice", the `list_id` of its product list. */
  readonly slug: string;
}

export interface Top {
  readonly spec: TopSpec;
  readonly leaves: readonly number[];
  /** Running sums of leaf weights, for picking a leaf inside the department. */
  readonly leafCum: Float64Array;
  /** Global brand indices of this department, most popular first. */
  readonly brands: readonly number[];
  readonly brandCum: Float64Array;
}

/**
 * The catalog as typed arrays (a few bytes per product) so a million products fit in memory;
 * titles and attributes are rebuilt from these on demand, always identically.
 */
export interface CatalogModel {
  readonly size: number;
  readonly leaves: readonly Leaf[];
  readonly tops: readonly Top[];
  readonly brandNames: readonly string[];
  readonly leafOf: Uint16Array;
  readonly brandOf: Uint16Array;
  readonly nounOf: Uint8Array;
  readonly adjectiveOf: Uint8Array;
  readonly variantOf: Uint8Array;
  readonly priceCents: Uint32Array;
  /** Log price relative to the aisle median, in the department's spread: shoppers' price fit. */
  readonly priceScore: Float32Array;
  /** Products grouped by leaf, then by brand; `leafStart[l]..leafStart[l+1]` is leaf l. */
  readonly byLeaf: Uint32Array;
  readonly leafStart: Uint32Array;
  /** Running sums of popularity along `byLeaf`. */
  readonly popularityCum: Float64Array;
}

function buildLeaves(): { leaves: Leaf[]; topLeaves: number[][] } {
  const leaves: Leaf[] = [];
  const topLeaves: number[][] = [];
  TAXONOMY.forEach((topSpec, top) => {
    topLeaves.push([]);
    for (const spec of topSpec.leaves) {
      topLeaves[top]!.push(leaves.length);
      const label = `${topSpec.name} > ${spec.name}`;
      leaves.push({
        index: leaves.length,
        top,
        spec,
        topSpec,
        path: [topSpec.name, spec.name],
        label,
        slug: label.toLowerCase().replace(/[^a-z]+/g, '-'),
      });
    }
  });
  return { leaves, topLeaves };
}

function brandsPerTop(products: number): number {
  return Math.min(80, Math.max(12, Math.round(10 + Math.sqrt(products) / 6)));
}

/** Bigger packs cost more; other variants do not move the price. */
const SIZE_FACTORS = [0.6, 1, 1.7, 3, 4.5];

function roundPrice(p: number): number {
  if (p < 10) return Math.max(0.19, Math.round(p * 10) / 10 - 0.01);
  if (p < 100) return Math.round(p) - 0.01;
  return Math.round(p / 5) * 5 - 0.01;
}

export function buildCatalogModel(seed: number, size: number): CatalogModel {
  const rng = streamRng(seed, STREAMS.catalog);
  const { leaves, topLeaves } = buildLeaves();
  const namer = createBrandNamer(rng);
  const perTop = brandsPerTop(size);
  const brandNames: string[] = [];
  const brandTier: number[] = [];
  const tops: Top[] = TAXONOMY.map((spec, t) => {
    const brands: number[] = [];
    for (let b = 0; b < perTop; b++) {
      brands.push(brandNames.length);
      brandNames.push(namer());
      brandTier.push(Math.exp(0.25 * rng.normal()));
    }
    const leafWeights = topLeaves[t]!.map((l) => leaves[l]!.spec.weight);
    return {
      spec,
      leaves: topLeaves[t]!,
      leafCum: cumulative(leafWeights),
      brands,
      brandCum: cumulative(zipfWeights(perTop, 1.1)),
    };
  });
  const leafCum = cumulative(leaves.map((l) => l.topSpec.weight * l.spec.weight));
  const arrays = {
    leafOf: new Uint16Array(size),
    brandOf: new Uint16Array(size),
    nounOf: new Uint8Array(size),
    adjectiveOf: new Uint8Array(size),
    variantOf: new Uint8Array(size),
    priceCents: new Uint32Array(size),
  };
  const popularity = new Float64Array(size);
  const priceScore = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    // The first products cover every leaf once, so even a tiny catalog has the whole tree.
    const leafIndex = i < leaves.length ? i : pickCumulative(leafCum, rng.next());
    const leaf = leaves[leafIndex]!;
    const top = tops[leaf.top]!;
    const brandRank = pickCumulative(top.brandCum, rng.next());
    const brand = top.brands[brandRank]!;
    const variant = rng.int(VARIANTS[leaf.spec.variant].length);
    arrays.leafOf[i] = leafIndex;
    arrays.brandOf[i] = brand;
    arrays.nounOf[i] = rng.int(leaf.spec.nouns.length);
    arrays.adjectiveOf[i] = rng.int(leaf.topSpec.adjectives.length);
    arrays.variantOf[i] = variant;
    const sizeFactor =
      leaf.spec.variant === 'color' || leaf.spec.variant === 'size' || leaf.spec.variant === 'shoe'
        ? 1
        : SIZE_FACTORS[variant]!;
    const price =
      leaf.spec.price * sizeFactor * brandTier[brand]! * Math.exp(leaf.topSpec.sigma * rng.normal());
    arrays.priceCents[i] = Math.round(roundPrice(price) * 100);
    priceScore[i] = Math.log(arrays.priceCents[i]! / 100 / leaf.spec.price) / leaf.topSpec.sigma;
    popularity[i] = (1 / (brandRank + 1)) ** 0.6 * Math.exp(1.2 * rng.normal());
  }
  const { byLeaf, leafStart } = groupByLeafAndBrand(
    arrays.leafOf,
    arrays.brandOf,
    leaves.length,
    brandNames.length,
  );
  const popularityCum = new Float64Array(size);
  let total = 0;
  for (let k = 0; k < size; k++) {
    total += popularity[byLeaf[k]!]!;
    popularityCum[k] = total;
  }
  return { size, leaves, tops, brandNames, ...arrays, priceScore, byLeaf, leafStart, popularityCum };
}

/** Counting sort on (leaf, brand): linear time, so a million products group in milliseconds. */
function groupByLeafAndBrand(
  leafOf: Uint16Array,
  brandOf: Uint16Array,
  leafCount: number,
  brandCount: number,
) {
  const buckets = new Uint32Array(leafCount * brandCount + 1);
  for (let i = 0; i < leafOf.length; i++) buckets[leafOf[i]! * brandCount + brandOf[i]! + 1]!++;
  for (let b = 1; b < buckets.length; b++) buckets[b]! += buckets[b - 1]!;
  const leafStart = new Uint32Array(leafCount + 1);
  for (let l = 0; l <= leafCount; l++) leafStart[l] = buckets[l * brandCount]!;
  const byLeaf = new Uint32Array(leafOf.length);
  for (let i = 0; i < leafOf.length; i++) byLeaf[buckets[leafOf[i]! * brandCount + brandOf[i]!]!++] = i;
  return { byLeaf, leafStart };
}

/** First position in [from, to) of `byLeaf` whose brand is ≥ `brand` (positions are sorted by brand). */
function lowerBound(model: CatalogModel, from: number, to: number, brand: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (model.brandOf[model.byLeaf[mid]!]! < brand) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First and past-the-end positions in `byLeaf` of one brand inside one leaf (empty when absent). */
export function brandRange(model: CatalogModel, leaf: number, brand: number): [number, number] {
  const from = model.leafStart[leaf]!;
  const to = model.leafStart[leaf + 1]!;
  return [lowerBound(model, from, to, brand), lowerBound(model, from, to, brand + 1)];
}

/** A product of the leaf (or of one range of it) drawn by popularity. */
export function pickProduct(
  model: CatalogModel,
  rng: Rng,
  leaf: number,
  range?: readonly [number, number],
): number {
  const from = range ? range[0] : model.leafStart[leaf]!;
  const to = range ? range[1] : model.leafStart[leaf + 1]!;
  return model.byLeaf[pickCumulative(model.popularityCum, rng.next(), from, to)]!;
}

export function pickLeafInTop(model: CatalogModel, rng: Rng, top: number): number {
  const t = model.tops[top]!;
  return t.leaves[pickCumulative(t.leafCum, rng.next())]!;
}
