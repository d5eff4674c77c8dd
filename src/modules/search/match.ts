import { IntBuffer } from './buffers.ts';
import { resolveWord, type WordTerms } from './candidates.ts';
import type { DocPredicate } from './filter-eval.ts';
import type { QueryWord } from './query.ts';
import { poolOf, type Segment } from './segment.ts';

export const NO_MATCH = -1;
/** Walk postings when they are at most this many times the candidate count, else check forward lists. */
const WALK_RATIO = 4;
const TEXTUAL_BITS = 2 ** 30;
const RANK_BITS = 2 ** 22;

export interface MatchOptions {
  words: QueryWord[];
  predicate: DocPredicate | null;
  /** Superset of acceptable docs from the filter, used when the query has no words. */
  hint: Int32Array | null;
  /** Personal preference 0..15 of a doc (15 = best fit), or null. */
  personal: ((doc: number) => number) | null;
  typoMode: 'all' | 'min' | 'strict';
}

export interface SegmentMatches {
  docs: Int32Array;
  /** Lower is better: textual criteria then custom ranking, packed in one number. */
  keys: Float64Array;
  typos: Uint8Array;
}

interface Candidates {
  docs: Int32Array;
  codes: Int32Array[];
}

function nextEpoch(seg: Segment): number {
  if (seg.epoch >= 0xfffffff0) {
    seg.stamp.fill(0);
    seg.epoch = 0;
  }
  return ++seg.epoch;
}

/** Union of a word's postings: docs in first-seen order, best code per doc in seg.scratch. */
function walkUnion(seg: Segment, terms: WordTerms, into: IntBuffer | null): number {
  const epoch = nextEpoch(seg);
  const { stamp, scratch, postOffsets, postDocs, postCodes, deleted } = seg;
  for (let r = 0; r < terms.lo.length; r++) {
    const high = terms.base[r]! << 16;
    for (let p = postOffsets[terms.lo[r]!]!, end = postOffsets[terms.hi[r]!]!; p < end; p++) {
      const d = postDocs[p]!;
      const code = high | postCodes[p]!;
      if (stamp[d] !== epoch) {
        if (deleted[d]) continue;
        stamp[d] = epoch;
        scratch[d] = code;
        into?.push(d);
      } else if (code < scratch[d]!) scratch[d] = code;
    }
  }
  return epoch;
}

/**
 * The driver word's docs and codes. Ranges are walked best base first and the first sighting of a doc
 * wins, so dedupe needs only a bitset (N/8 bytes, cache-resident) instead of per-doc stamps.
 */
function driverUnion(seg: Segment, terms: WordTerms): Candidates {
  const order = terms.base.map((_, r) => r).sort((a, b) => terms.base[a]! - terms.base[b]!);
  const { postOffsets, postDocs, postCodes, deleted, seen } = seg;
  const { docs, codes } = poolOf(seg);
  let n = 0;
  const single = order.length === 1 && terms.hi[0]! - terms.lo[0]! === 1;
  for (const r of order) {
    const high = terms.base[r]! << 16;
    for (let p = postOffsets[terms.lo[r]!]!, end = postOffsets[terms.hi[r]!]!; p < end; p++) {
      const d = postDocs[p]!;
      if (!single) {
        const bit = 1 << (d & 31);
        if (seen[d >>> 5]! & bit) continue;
        seen[d >>> 5]! |= bit;
      }
      if (deleted[d]) continue;
      docs[n] = d;
      codes[n++] = high | postCodes[p]!;
    }
  }
  if (!single) for (let i = 0; i < terms.lo.length; i++) clearBits(seg, terms.lo[i]!, terms.hi[i]!);
  return { docs: docs.subarray(0, n), codes: [codes.subarray(0, n)] };
}

function clearBits(seg: Segment, lo: number, hi: number): void {
  const { postOffsets, postDocs, seen } = seg;
  for (let p = postOffsets[lo]!, end = postOffsets[hi]!; p < end; p++) seen[postDocs[p]! >>> 5] = 0;
}

/** Best code of a word in one doc through its forward list, or NO_MATCH. */
function forwardCode(seg: Segment, terms: WordTerms, d: number): number {
  let best = NO_MATCH;
  for (let i = seg.fwdOffsets[d]!, end = seg.fwdOffsets[d + 1]!; i < end; i++) {
    const t = seg.fwdTerms[i]!;
    for (let r = 0; r < terms.lo.length; r++) {
      if (t >= terms.lo[r]! && t < terms.hi[r]!) {
        const code = (terms.base[r]! << 16) | seg.fwdCodes[i]!;
        if (best === NO_MATCH || code < best) best = code;
      }
    }
  }
  return best;
}

/** Codes of a word for each candidate, walking postings or forward lists, whichever is cheaper. */
function codesFor(seg: Segment, terms: WordTerms, docs: Int32Array): Int32Array {
  const out = new Int32Array(docs.length);
  if (terms.cost <= docs.length * WALK_RATIO) {
    const epoch = walkUnion(seg, terms, null);
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      out[i] = seg.stamp[d] === epoch ? seg.scratch[d]! : NO_MATCH;
    }
  } else {
    for (let i = 0; i < docs.length; i++) out[i] = forwardCode(seg, terms, docs[i]!);
  }
  return out;
}

function keep(c: Candidates, mask: (i: number) => boolean): Candidates {
  const n = c.docs.length;
  const idx = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (mask(i)) idx[m++] = i;
  if (m === n) return c;
  const pick = (a: Int32Array) => {
    const out = new Int32Array(m);
    for (let j = 0; j < m; j++) out[j] = a[idx[j]!]!;
    return out;
  };
  return { docs: pick(c.docs), codes: c.codes.map((a) => (a.length ? pick(a) : a)) };
}

function matchWords(seg: Segment, words: QueryWord[]): Candidates {
  const terms = words.map((w) => resolveWord(seg, w));
  const required = words.map((_, i) => i).filter((i) => !words[i]!.optional);
  const codes: Int32Array[] = words.map(() => new Int32Array(0));
  let c: Candidates;
  if (required.length === 0) {
    const union = new IntBuffer();
    const seen = new Set<number>();
    for (const t of terms) {
      const tmp = new IntBuffer();
      walkUnion(seg, t, tmp);
      for (const d of tmp.toArray()) if (!seen.has(d)) seen.add(d) && union.push(d);
    }
    c = { docs: union.toArray(), codes };
  } else {
    required.sort((a, b) => terms[a]!.cost - terms[b]!.cost);
    const driver = required[0]!;
    const d = driverUnion(seg, terms[driver]!);
    codes[driver] = d.codes[0]!;
    c = { docs: d.docs, codes };
    for (const w of required.slice(1)) {
      if (c.docs.length === 0) break;
      const wc = codesFor(seg, terms[w]!, c.docs);
      c.codes[w] = wc;
      c = keep(c, (i) => wc[i] !== NO_MATCH);
    }
  }
  for (let w = 0; w < words.length; w++) {
    if (c.codes[w]!.length !== c.docs.length) c.codes[w] = codesFor(seg, terms[w]!, c.docs);
  }
  return c;
}

function allDocs(seg: Segment, hint: Int32Array | null): Candidates {
  const { docs } = poolOf(seg);
  let n = 0;
  if (hint) {
    for (let i = 0; i < hint.length; i++) if (!seg.deleted[hint[i]!]) docs[n++] = hint[i]!;
  } else for (let d = 0; d < seg.size; d++) if (!seg.deleted[d]) docs[n++] = d;
  return { docs: docs.subarray(0, n), codes: [] };
}

/** Matches a query in one segment: filtered docs with packed ranking keys. */
export function matchSegment(seg: Segment, o: MatchOptions): SegmentMatches {
  let c = o.words.length === 0 ? allDocs(seg, o.hint) : matchWords(seg, o.words);
  if (o.predicate) {
    const p = o.predicate;
    c = keep(c, (i) => p(c.docs[i]!));
  }
  const n = c.docs.length;
  const pool = poolOf(seg);
  const keys = pool.keys.subarray(0, n);
  const typos = pool.typos.subarray(0, n);
  const nWords = o.words.length;
  for (let i = 0; i < n; i++) {
    const d = c.docs[i]!;
    let typoSum = 0;
    let matched = 0;
    let exact = 0;
    let proximity = 0;
    let attribute = 63;
    let prev = NO_MATCH;
    for (let w = 0; w < nWords; w++) {
      const code = c.codes[w]![i]!;
      if (code === NO_MATCH) continue;
      matched++;
      typoSum += code >>> 17;
      if (((code >>> 16) & 1) === 0) exact++;
      const attr = (code >>> 10) & 31;
      const pos = code & 1023;
      const a = (Math.min(attr, 7) << 3) | Math.min(pos, 7);
      if (a < attribute) attribute = a;
      if (prev !== NO_MATCH) {
        const same = ((prev >>> 10) & 31) === attr;
        proximity += same ? Math.min(Math.abs(pos - (prev & 1023)), 8) : 8;
      }
      prev = code;
    }
    if (nWords === 0) attribute = 0;
    typos[i] = Math.min(typoSum, 15);
    const personal = o.personal ? 15 - o.personal(d) : 15;
    const textual =
      ((((Math.min(typoSum, 15) * 32 + Math.min(nWords - matched, 31)) * 16 + personal) * 128 +
        Math.min(proximity, 127)) *
        64 +
        attribute) *
        16 +
      Math.min(nWords - exact, 15);
    keys[i] = seg.sortRank
      ? seg.sortRank[d]! * TEXTUAL_BITS + textual
      : textual * RANK_BITS + seg.customRank[d]!;
  }
  return { docs: c.docs, keys, typos };
}

/** Keeps only the fewest-typo matches ('min') or those within one typo of it ('strict'), as Algolia does. */
export function applyTypoMode(all: SegmentMatches[], mode: MatchOptions['typoMode']): SegmentMatches[] {
  if (mode === 'all') return all;
  let min = 15;
  for (const m of all) for (const t of m.typos) if (t < min) min = t;
  const limit = mode === 'min' ? min : min + 1;
  return all.map((m) => {
    const idx: number[] = [];
    for (let i = 0; i < m.typos.length; i++) if (m.typos[i]! <= limit) idx.push(i);
    return {
      docs: Int32Array.from(idx, (i) => m.docs[i]!),
      keys: Float64Array.from(idx, (i) => m.keys[i]!),
      typos: Uint8Array.from(idx, (i) => m.typos[i]!),
    };
  });
}

/** Indices of the k smallest keys, best first (a bounded max-heap: O(n log k)). */
export function topK(keys: Float64Array, k: number): number[] {
  if (k <= 0) return [];
  const heap: number[] = [];
  // Max-heap on rank: the root is the worst of the best k so far.
  const worse = (a: number, b: number) => keys[a]! > keys[b]! || (keys[a] === keys[b] && a > b);
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(heap[i]!, heap[p]!)) break;
      [heap[p], heap[i]] = [heap[i]!, heap[p]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[m], heap[i]] = [heap[i]!, heap[m]!];
      i = m;
    }
  };
  for (let i = 0; i < keys.length; i++) {
    if (heap.length < k) {
      heap.push(i);
      up(heap.length - 1);
    } else if (keys[i]! < keys[heap[0]!]!) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((a, b) => keys[a]! - keys[b]! || a - b);
}
