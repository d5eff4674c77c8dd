import { resolveWord, type WordTerms } from './candidates.ts';
import type { DocPredicate } from './filter-eval.ts';
import { lookupCodes, NO_MATCH, unionList, wordList } from './lists.ts';
import type { QueryWord } from './query.ts';
import { codeSlot, poolOf, type Segment, type SegmentPool } from './segment.ts';

export { NO_MATCH };

const TEXTUAL_BITS = 2 ** 30;
const RANK_BITS = 2 ** 22;

export interface MatchOptions {
  words: QueryWord[];
  predicate: DocPredicate | null;
  /** Superset of acceptable docs from the filter (ascending), used when the query has no words. */
  hint: Int32Array | null;
  /** Personal preference 0..15 of a doc (15 = best fit), or null. */
  personal: ((doc: number) => number) | null;
  typoMode: 'all' | 'min' | 'strict';
}

export interface SegmentMatches {
  /** Matching docs, ascending (= ranking order of the segment). */
  docs: Int32Array;
  /** Lower is better: textual criteria then custom ranking, packed in one number. */
  keys: Float64Array;
  typos: Uint8Array;
}

/** Candidates while a query runs: pool.docs[0..n) with one code array per word (pool slots). */
interface Candidates {
  n: number;
  codes: (Int32Array | null)[];
}

/** Keeps the candidates whose flag is set, compacting docs and every code array in place. */
function compact(pool: SegmentPool, c: Candidates, keepIt: (i: number) => boolean): void {
  const { docs } = pool;
  const arrays = c.codes.filter((a): a is Int32Array => a !== null);
  let m = 0;
  for (let i = 0; i < c.n; i++) {
    if (!keepIt(i)) continue;
    if (m !== i) {
      docs[m] = docs[i]!;
      for (const a of arrays) a[m] = a[i]!;
    }
    m++;
  }
  c.n = m;
}

function matchWords(seg: Segment, pool: SegmentPool, words: QueryWord[]): Candidates {
  const terms: WordTerms[] = words.map((w) => resolveWord(seg, w));
  const required = words.map((_, i) => i).filter((i) => !words[i]!.optional);
  const c: Candidates = { n: 0, codes: words.map(() => null) };
  if (required.length === 0) {
    c.n = unionList(seg, pool, terms, pool.docs);
  } else {
    required.sort((a, b) => terms[a]!.cost - terms[b]!.cost);
    const driver = required[0]!;
    const codes = codeSlot(pool, driver, terms[driver]!.cost);
    c.n = wordList(seg, pool, terms[driver]!, pool.docs, codes);
    c.codes[driver] = codes;
    for (const w of required.slice(1)) {
      if (c.n === 0) break;
      const wc = codeSlot(pool, w, c.n);
      lookupCodes(seg, pool, terms[w]!, pool.docs, c.n, wc);
      c.codes[w] = wc;
      compact(pool, c, (i) => wc[i] !== NO_MATCH);
    }
  }
  for (let w = 0; w < words.length; w++) {
    if (c.codes[w]) continue;
    const wc = codeSlot(pool, w, c.n);
    lookupCodes(seg, pool, terms[w]!, pool.docs, c.n, wc);
    c.codes[w] = wc;
  }
  return c;
}

function allDocs(seg: Segment, pool: SegmentPool, hint: Int32Array | null): Candidates {
  const { docs } = pool;
  const { deleted } = seg;
  let n = 0;
  if (hint) {
    for (let i = 0; i < hint.length; i++) if (!deleted[hint[i]!]) docs[n++] = hint[i]!;
  } else for (let d = 0; d < seg.size; d++) if (!deleted[d]) docs[n++] = d;
  return { n, codes: [] };
}

/** Packs the ranking criteria of one candidate (lower is better). */
function textualKey(codes: (Int32Array | null)[], i: number, nWords: number, personal: number): number {
  let typoSum = 0;
  let matched = 0;
  let exact = 0;
  let proximity = 0;
  let attribute = nWords === 0 ? 0 : 63;
  let prev = NO_MATCH;
  for (let w = 0; w < nWords; w++) {
    const code = codes[w]![i]!;
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
  return (
    ((((Math.min(typoSum, 15) * 32 + Math.min(nWords - matched, 31)) * 16 + personal) * 128 +
      Math.min(proximity, 127)) *
      64 +
      attribute) *
      16 +
    Math.min(nWords - exact, 15)
  );
}

/** The one-word case of `textualKey`, without the loop. */
function singleWordKey(code: number, personal: number): number {
  const typos = code >>> 17;
  const attribute = (Math.min((code >>> 10) & 31, 7) << 3) | Math.min(code & 1023, 7);
  return ((typos * 32 * 16 + personal) * 128 * 64 + attribute) * 16 + ((code >>> 16) & 1);
}

/** Matches a query in one segment: filtered docs (ascending) with packed ranking keys, in one pass. */
export function matchSegment(seg: Segment, o: MatchOptions): SegmentMatches {
  const pool = poolOf(seg);
  const c = o.words.length === 0 ? allDocs(seg, pool, o.hint) : matchWords(seg, pool, o.words);
  const { docs, keys, typos } = pool;
  const { sorted } = seg;
  const { predicate, personal } = o;
  const n = c.n;
  const nWords = o.words.length;
  const single = nWords === 1 ? c.codes[0]! : null;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const d = docs[i]!;
    if (predicate && !predicate(d)) continue;
    const taste = personal ? 15 - personal(d) : 15;
    let textual: number;
    if (single) {
      const code = single[i]!;
      textual = singleWordKey(code, taste);
      typos[m] = code >>> 17;
    } else {
      textual = textualKey(c.codes, i, nWords, taste);
      typos[m] = Math.floor(textual / 2 ** 26);
    }
    docs[m] = d;
    keys[m] = sorted ? d * TEXTUAL_BITS + textual : textual * RANK_BITS + d;
    m++;
  }
  return { docs: docs.subarray(0, m), keys: keys.subarray(0, m), typos: typos.subarray(0, m) };
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
