import { type Groups, groupCount, invert } from './sessions.ts';

/** Top neighbours per item in compressed rows: item i → nbr[offsets[i] .. offsets[i+1]). */
export interface NeighbourLists {
  offsets: Int32Array;
  nbr: Int32Array;
  score: Float32Array;
  /** Lift for association lists (co-purchase); 0 when not computed. */
  lift: Float32Array;
}

export const ASSOCIATION_MEASURES = ['cosine', 'confidence'] as const;
export type AssociationMeasure = (typeof ASSOCIATION_MEASURES)[number];

export interface CooccurrenceOptions {
  measure: AssociationMeasure;
  /** Neighbours kept per item. */
  topN: number;
  /** Minimum number of groups holding both items. */
  minSupport: number;
  /** Confidence shrinkage: c(ab) / (c(a) + shrink), so one lucky basket does not reach 1.0. */
  shrink: number;
  /** Groups larger than this contribute only their first `maxGroup` items (bulk orders). */
  maxGroup: number;
  /** Keep only pairs more frequent than chance (lift > 1). */
  requireLift: boolean;
}

export const COVIEW_OPTIONS: CooccurrenceOptions = {
  measure: 'cosine',
  topN: 50,
  minSupport: 1,
  shrink: 0,
  maxGroup: 50,
  requireLift: false,
};

export const COPURCHASE_OPTIONS: CooccurrenceOptions = {
  measure: 'confidence',
  topN: 50,
  minSupport: 2,
  shrink: 5,
  maxGroup: 100,
  requireLift: true,
};

/**
 * Item-item association from co-occurrence in groups (sessions or baskets), accumulated one item at a
 * time in a dense scratch array so memory stays O(items + kept neighbours).
 */
export function cooccurrence(groups: Groups, itemCount: number, o: CooccurrenceOptions): NeighbourLists {
  const capped = capGroups(groups, o.maxGroup);
  const postings = invert(capped, itemCount);
  const n = groupCount(capped);
  const freq = new Int32Array(itemCount);
  for (let i = 0; i < itemCount; i++) freq[i] = postings.offsets[i + 1]! - postings.offsets[i]!;
  const count = new Float64Array(itemCount);
  const offsets = new Int32Array(itemCount + 1);
  const nbr: number[] = [];
  const score: number[] = [];
  const lift: number[] = [];
  for (let a = 0; a < itemCount; a++) {
    const touched: number[] = [];
    for (let p = postings.offsets[a]!; p < postings.offsets[a + 1]!; p++) {
      const g = postings.groups[p]!;
      for (let j = capped.offsets[g]!; j < capped.offsets[g + 1]!; j++) {
        const b = capped.items[j]!;
        if (b === a) continue;
        if (count[b] === 0) touched.push(b);
        count[b]! += 1;
      }
    }
    const kept: Array<[number, number, number]> = [];
    for (const b of touched) {
      const c = count[b]!;
      count[b] = 0;
      if (c < o.minSupport) continue;
      const l = (c * n) / (freq[a]! * freq[b]!);
      if (o.requireLift && l <= 1) continue;
      const s = o.measure === 'cosine' ? c / Math.sqrt(freq[a]! * freq[b]!) : c / (freq[a]! + o.shrink);
      kept.push([b, s, l]);
    }
    kept.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    for (let k = 0; k < Math.min(o.topN, kept.length); k++) {
      nbr.push(kept[k]![0]);
      score.push(kept[k]![1]);
      lift.push(kept[k]![2]);
    }
    offsets[a + 1] = nbr.length;
  }
  return {
    offsets,
    nbr: Int32Array.from(nbr),
    score: Float32Array.from(score),
    lift: Float32Array.from(lift),
  };
}

/** Distinct items per group, at most `max` of them. */
function capGroups(g: Groups, max: number): Groups {
  const lists: number[][] = [];
  for (let s = 0; s < groupCount(g); s++) {
    const set = new Set<number>();
    for (let j = g.offsets[s]!; j < g.offsets[s + 1]! && set.size < max; j++) set.add(g.items[j]!);
    lists.push([...set]);
  }
  const offsets = new Int32Array(lists.length + 1);
  let total = 0;
  for (let s = 0; s < lists.length; s++) {
    total += lists[s]!.length;
    offsets[s + 1] = total;
  }
  const items = new Int32Array(total);
  for (let s = 0; s < lists.length; s++) items.set(lists[s]!, offsets[s]!);
  return { offsets, items, time: g.time, actor: g.actor };
}

export function neighboursOf(lists: NeighbourLists, item: number): { from: number; to: number } {
  if (item < 0 || item + 1 >= lists.offsets.length) return { from: 0, to: 0 };
  return { from: lists.offsets[item]!, to: lists.offsets[item + 1]! };
}
