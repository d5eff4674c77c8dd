import type { WordTerms } from './candidates.ts';
import type { Segment, SegmentPool } from './segment.ts';

/**
 * Sorted doc lists of query words. Every list is kept in ascending doc order (= ranking order), so
 * intersections are merges and later per-doc reads (filters, facets) walk memory forwards.
 */

export const NO_MATCH = -1;
/** Look a word up through its postings when they are at most this many times the candidates. */
const POSTINGS_RATIO = 16;
/** A word with at most this many terms is merged term by term (galloping), without the bitset. */
const MERGE_TERMS = 6;

function termCount(t: WordTerms): number {
  let n = 0;
  for (let r = 0; r < t.lo.length; r++) n += t.hi[r]! - t.lo[r]!;
  return n;
}

/** Sets the bit of every doc of the word, with its best code in `scratch`. */
function mark(seg: Segment, pool: SegmentPool, terms: WordTerms): void {
  const { postOffsets, postDocs, postCodes } = seg;
  const { bits, scratch } = pool;
  for (let r = 0; r < terms.lo.length; r++) {
    const high = terms.base[r]! << 16;
    for (let p = postOffsets[terms.lo[r]!]!, end = postOffsets[terms.hi[r]!]!; p < end; p++) {
      const d = postDocs[p]!;
      const code = high | postCodes[p]!;
      const w = d >>> 5;
      const bit = 1 << (d & 31);
      if ((bits[w]! & bit) === 0) {
        bits[w]! |= bit;
        scratch[d] = code;
      } else if (code < scratch[d]!) scratch[d] = code;
    }
  }
}

/** Clears the bits `mark` set: walk the postings again when that is cheaper than zeroing it all. */
function unmark(seg: Segment, pool: SegmentPool, terms: WordTerms): void {
  if (terms.cost * 2 > pool.bits.length) {
    pool.bits.fill(0);
    return;
  }
  const { postOffsets, postDocs } = seg;
  const { bits } = pool;
  for (let r = 0; r < terms.lo.length; r++)
    for (let p = postOffsets[terms.lo[r]!]!, end = postOffsets[terms.hi[r]!]!; p < end; p++)
      bits[postDocs[p]! >>> 5] = 0;
}

/**
 * Docs of the marked bits in ascending order (clearing the bits), skipping deleted docs, with the
 * scratch code of each when `codes` is given. Returns how many were written.
 */
function extract(seg: Segment, pool: SegmentPool, docs: Int32Array, codes: Int32Array | null): number {
  const { bits, scratch } = pool;
  const { deleted } = seg;
  const check = seg.nbDeleted > 0;
  let k = 0;
  for (let w = 0; w < bits.length; w++) {
    let x = bits[w]!;
    if (x === 0) continue;
    bits[w] = 0;
    while (x !== 0) {
      const low = x & -x;
      x ^= low;
      const d = (w << 5) | (31 - Math.clz32(low));
      if (check && deleted[d]) continue;
      docs[k] = d;
      if (codes) codes[k] = scratch[d]!;
      k++;
    }
  }
  return k;
}

/** The word's docs (ascending, live only) and best codes, written into `docs` / `codes`. */
export function wordList(
  seg: Segment,
  pool: SegmentPool,
  terms: WordTerms,
  docs: Int32Array,
  codes: Int32Array,
): number {
  if (terms.lo.length === 1 && terms.hi[0]! - terms.lo[0]! === 1) {
    const { postOffsets, postDocs, postCodes, deleted } = seg;
    const check = seg.nbDeleted > 0;
    const high = terms.base[0]! << 16;
    let k = 0;
    for (let p = postOffsets[terms.lo[0]!]!, end = postOffsets[terms.hi[0]!]!; p < end; p++) {
      const d = postDocs[p]!;
      if (check && deleted[d]) continue;
      docs[k] = d;
      codes[k++] = high | postCodes[p]!;
    }
    return k;
  }
  if (termCount(terms) <= MERGE_TERMS) return mergeTerms(seg, pool, terms, docs, codes);
  mark(seg, pool, terms);
  return extract(seg, pool, docs, codes);
}

/**
 * A few terms' postings merged one after another (sequential reads and writes, no bitset), keeping
 * the best code of a doc found under several terms.
 */
function mergeTerms(
  seg: Segment,
  pool: SegmentPool,
  terms: WordTerms,
  docs: Int32Array,
  codes: Int32Array,
): number {
  const { postOffsets, postDocs, postCodes, deleted } = seg;
  const check = seg.nbDeleted > 0;
  let aDocs = docs;
  let aCodes = codes;
  let bDocs = pool.union;
  let bCodes = pool.unionCodes;
  let n = 0;
  for (let r = 0; r < terms.lo.length; r++) {
    const high = terms.base[r]! << 16;
    for (let t = terms.lo[r]!; t < terms.hi[r]!; t++) {
      let i = 0;
      let k = 0;
      const end = postOffsets[t + 1]!;
      for (let p = postOffsets[t]!; p < end; p++) {
        const d = postDocs[p]!;
        if (check && deleted[d]) continue;
        while (i < n && aDocs[i]! < d) {
          bDocs[k] = aDocs[i]!;
          bCodes[k++] = aCodes[i++]!;
        }
        const code = high | postCodes[p]!;
        if (i < n && aDocs[i] === d) {
          bDocs[k] = d;
          bCodes[k++] = Math.min(code, aCodes[i++]!);
        } else {
          bDocs[k] = d;
          bCodes[k++] = code;
        }
      }
      while (i < n) {
        bDocs[k] = aDocs[i]!;
        bCodes[k++] = aCodes[i++]!;
      }
      n = k;
      [aDocs, bDocs] = [bDocs, aDocs];
      [aCodes, bCodes] = [bCodes, aCodes];
    }
  }
  if (aDocs !== docs) {
    docs.set(aDocs.subarray(0, n));
    codes.set(aCodes.subarray(0, n));
  }
  return n;
}

/** Ascending live docs matching any of the words (every word optional). */
export function unionList(seg: Segment, pool: SegmentPool, all: WordTerms[], docs: Int32Array): number {
  for (const t of all) mark(seg, pool, t);
  return extract(seg, pool, docs, null);
}

/** First index in [from, end) with arr[i] >= target (exponential then binary search). */
function gallop(arr: Int32Array, from: number, end: number, target: number): number {
  if (from >= end || arr[from]! >= target) return from;
  let lo = from + 1;
  let step = 1;
  let hi = from + 1;
  while (hi < end && arr[hi]! < target) {
    lo = hi + 1;
    step <<= 1;
    hi += step;
  }
  if (hi > end) hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The best code of a word in each of the sorted candidate docs (NO_MATCH where absent), by the
 * cheapest of: merging each term's sorted postings, marking the word's docs in the bitset, or
 * reading the candidates' forward lists.
 */
export function lookupCodes(
  seg: Segment,
  pool: SegmentPool,
  terms: WordTerms,
  docs: Int32Array,
  n: number,
  out: Int32Array,
): void {
  out.fill(NO_MATCH, 0, n);
  if (n === 0 || terms.lo.length === 0) return;
  const { postOffsets, postDocs, postCodes } = seg;
  if (termCount(terms) <= MERGE_TERMS) {
    for (let r = 0; r < terms.lo.length; r++) {
      const high = terms.base[r]! << 16;
      for (let t = terms.lo[r]!; t < terms.hi[r]!; t++) {
        let p = postOffsets[t]!;
        const end = postOffsets[t + 1]!;
        for (let i = 0; i < n && p < end; i++) {
          const d = docs[i]!;
          p = gallop(postDocs, p, end, d);
          if (p < end && postDocs[p] === d) {
            const code = high | postCodes[p]!;
            if (out[i] === NO_MATCH || code < out[i]!) out[i] = code;
          }
        }
      }
    }
    return;
  }
  if (terms.cost <= n * POSTINGS_RATIO) {
    mark(seg, pool, terms);
    const { bits, scratch } = pool;
    for (let i = 0; i < n; i++) {
      const d = docs[i]!;
      if (bits[d >>> 5]! & (1 << (d & 31))) out[i] = scratch[d]!;
    }
    unmark(seg, pool, terms);
    return;
  }
  const { fwdOffsets, fwdTerms, fwdCodes } = seg;
  const ranges = terms.lo.length;
  for (let i = 0; i < n; i++) {
    const d = docs[i]!;
    let best = NO_MATCH;
    for (let j = fwdOffsets[d]!, end = fwdOffsets[d + 1]!; j < end; j++) {
      const t = fwdTerms[j]!;
      for (let r = 0; r < ranges; r++) {
        if (t >= terms.lo[r]! && t < terms.hi[r]!) {
          const code = (terms.base[r]! << 16) | fwdCodes[j]!;
          if (best === NO_MATCH || code < best) best = code;
        }
      }
    }
    out[i] = best;
  }
}
