import { type Groups, groupCount, invert } from './sessions.ts';
import { topByScore } from './topk.ts';
import { GrowableFloat32, GrowableInt32 } from './vocab.ts';

/** Top neighbours per item in compressed rows: item i → nbr[offsets[i] .. offsets[i+1]). */
export interface NeighbourLists {
  offsets: Int32Array;
  nbr: Int32Array;
  score: Float32Array;
  /** Lift for association lists (co-purchase), parallel to `nbr`; empty when not computed (co-view). */
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
  const capped = capGroups(groups, o.maxGroup, itemCount);
  const postings = invert(capped, itemCount);
  const n = groupCount(capped);
  const freq = new Int32Array(itemCount);
  for (let i = 0; i < itemCount; i++) freq[i] = postings.offsets[i + 1]! - postings.offsets[i]!;
  const count = new Float64Array(itemCount);
  const offsets = new Int32Array(itemCount + 1);
  const keepLift = o.measure === 'confidence' || o.requireLift;
  const nbr = new GrowableInt32(1 << 16);
  const score = new GrowableFloat32(1 << 16);
  const lift = new GrowableFloat32(keepLift ? 1 << 16 : 0);
  // scratch reused for every item: touched neighbours, then the kept ones with their measures
  let touched: Int32Array<ArrayBuffer> = new Int32Array(1024);
  const keptScore = new Float64Array(itemCount);
  const keptLift = new Float64Array(itemCount);
  const kept: number[] = [];
  for (let a = 0; a < itemCount; a++) {
    let nTouched = 0;
    for (let p = postings.offsets[a]!; p < postings.offsets[a + 1]!; p++) {
      const g = postings.groups[p]!;
      for (let j = capped.offsets[g]!; j < capped.offsets[g + 1]!; j++) {
        const b = capped.items[j]!;
        if (b === a) continue;
        if (count[b] === 0) {
          if (nTouched === touched.length) touched = grow(touched);
          touched[nTouched++] = b;
        }
        count[b]! += 1;
      }
    }
    kept.length = 0;
    for (let k = 0; k < nTouched; k++) {
      const b = touched[k]!;
      const c = count[b]!;
      count[b] = 0;
      if (c < o.minSupport) continue;
      const l = (c * n) / (freq[a]! * freq[b]!);
      if (o.requireLift && l <= 1) continue;
      keptScore[b] = o.measure === 'cosine' ? c / Math.sqrt(freq[a]! * freq[b]!) : c / (freq[a]! + o.shrink);
      keptLift[b] = l;
      kept.push(b);
    }
    for (const b of topByScore(kept, keptScore, o.topN)) {
      nbr.push(b);
      score.push(keptScore[b]!);
      if (keepLift) lift.push(keptLift[b]!);
    }
    offsets[a + 1] = nbr.length;
  }
  return { offsets, nbr: nbr.view().slice(), score: score.view().slice(), lift: lift.view().slice() };
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}

/** Distinct items per group, at most `max` of them, written straight into compressed rows. */
function capGroups(g: Groups, max: number, itemCount: number): Groups {
  const n = groupCount(g);
  const seen = new Int32Array(itemCount).fill(-1);
  const offsets = new Int32Array(n + 1);
  const items = new GrowableInt32(Math.max(16, g.items.length));
  for (let s = 0; s < n; s++) {
    let size = 0;
    for (let j = g.offsets[s]!; j < g.offsets[s + 1]! && size < max; j++) {
      const it = g.items[j]!;
      if (seen[it] === s) continue;
      seen[it] = s;
      items.push(it);
      size++;
    }
    offsets[s + 1] = items.length;
  }
  return { offsets, items: items.view().slice(), time: g.time, actor: g.actor };
}

export function neighboursOf(lists: NeighbourLists, item: number): { from: number; to: number } {
  if (item < 0 || item + 1 >= lists.offsets.length) return { from: 0, to: 0 };
  return { from: lists.offsets[item]!, to: lists.offsets[item + 1]! };
}
