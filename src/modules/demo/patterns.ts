import type { DemoDay } from './calendar.ts';
import type { CatalogModel } from './catalog-model.ts';
import { STREAMS, streamRng } from './random.ts';
import { COMPLEMENTS } from './words/taxonomy.ts';

export interface TrendBurst {
  readonly product: number;
  readonly firstDay: number;
  /** Relative intensity per day of the burst: a rise, a peak, a fade. */
  readonly profile: readonly number[];
}

export interface PlantedPatterns {
  readonly bursts: readonly TrendBurst[];
  readonly pairs: readonly { readonly anchor: number; readonly complement: number; readonly rule: number }[];
  /** Anchor product → its planted complement. */
  readonly complementOf: ReadonlyMap<number, number>;
  /** Leaf → anchors in it, which the generator features often so the pairs get bought. */
  readonly anchorsByLeaf: readonly (readonly number[] | undefined)[];
  /** Leaf → [complement leaf, noun index] for the weaker, leaf-level pull. */
  readonly leafComplement: ReadonlyMap<number, readonly [number, number]>;
}

function leafIndex(model: CatalogModel, top: string, leaf: string): number {
  return model.leaves.findIndex((l) => l.path[0] === top && l.path[1] === leaf);
}

/** Products of a leaf with a given noun, most popular first. */
function rankedWithNoun(model: CatalogModel, leaf: number, noun: number): number[] {
  const found: { i: number; w: number }[] = [];
  for (let k = model.leafStart[leaf]!; k < model.leafStart[leaf + 1]!; k++) {
    const i = model.byLeaf[k]!;
    if (model.nounOf[i] === noun)
      found.push({ i, w: model.popularityCum[k]! - (k > 0 ? model.popularityCum[k - 1]! : 0) });
  }
  return found.sort((a, b) => b.w - a.w || a.i - b.i).map((f) => f.i);
}

function plantPairs(model: CatalogModel) {
  const pairs: { anchor: number; complement: number; rule: number }[] = [];
  const complementOf = new Map<number, number>();
  const anchorsByLeaf: (number[] | undefined)[] = new Array(model.leaves.length).fill(undefined);
  const leafComplement = new Map<number, readonly [number, number]>();
  COMPLEMENTS.forEach((rule, r) => {
    const from = leafIndex(model, rule.from[0], rule.from[1]);
    const to = leafIndex(model, rule.to[0], rule.to[1]);
    const fromNoun = model.leaves[from]!.spec.nouns.indexOf(rule.from[2]);
    const toNoun = model.leaves[to]!.spec.nouns.indexOf(rule.to[2]);
    leafComplement.set(from, [to, toNoun]);
    const anchors = rankedWithNoun(model, from, fromNoun).slice(0, 2);
    const complements = rankedWithNoun(model, to, toNoun);
    anchors.forEach((anchor, k) => {
      const complement = complements[k];
      if (complement === undefined || complement === anchor) return;
      pairs.push({ anchor, complement, rule: r });
      complementOf.set(anchor, complement);
      anchorsByLeaf[from] = [...(anchorsByLeaf[from] ?? []), anchor];
    });
  });
  return { pairs, complementOf, anchorsByLeaf, leafComplement };
}

const BURST_TOPS = ['Toys', 'Electronics', 'Beauty', 'Sports', 'Garden'] as const;

/** A few mid-catalog products spike for some days: trending placements and burst detection should see them. */
function plantBursts(model: CatalogModel, seed: number, days: number): TrendBurst[] {
  const rng = streamRng(seed, STREAMS.patterns);
  const starts = [0.25, 0.5, 0.75].map((f) => Math.floor(days * f)).concat(Math.max(0, days - 4));
  return starts.map((firstDay, k) => {
    const top = model.tops.findIndex((t) => t.spec.name === BURST_TOPS[k % BURST_TOPS.length]);
    const leaves = model.tops[top]!.leaves;
    const leaf = leaves[rng.int(leaves.length)]!;
    const from = model.leafStart[leaf]!;
    const size = model.leafStart[leaf + 1]! - from;
    const product = model.byLeaf[from + rng.int(size)]!;
    const profile = k === starts.length - 1 ? [0.5, 1, 1.2, 1.4] : [0.5, 1, 1.2, 0.8, 0.4];
    return { product, firstDay, profile: profile.slice(0, days - firstDay) };
  });
}

export function plantPatterns(model: CatalogModel, seed: number, days: number): PlantedPatterns {
  return { ...plantPairs(model), bursts: plantBursts(model, seed, days) };
}

/** Products bursting on a day, with their intensity. */
export function burstsOn(patterns: PlantedPatterns, day: DemoDay): { product: number; intensity: number }[] {
  const active: { product: number; intensity: number }[] = [];
  for (const b of patterns.bursts) {
    const k = day.index - b.firstDay;
    if (k >= 0 && k < b.profile.length) active.push({ product: b.product, intensity: b.profile[k]! });
  }
  return active;
}
