import { lowerBound, lowerBoundNum, prefixRange } from './buffers.ts';
import type { QueryWord } from './query.ts';
import { type Segment, TERM_ID_FACTOR } from './segment.ts';
import { boundedDamerau, hashSkipping } from './text.ts';

/**
 * Terms of one segment that can stand for a query word, as term-id ranges with a match base:
 * base = typos << 1 | notExact (0 exact or plural/synonym, 1 prefix completion, 3 one typo, 5 two typos).
 */
export interface WordTerms {
  lo: number[];
  hi: number[];
  base: number[];
  /** Total postings behind the ranges: how expensive walking them is. */
  cost: number;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MAX_PREFIX_TYPO_LENGTH = 20;

export const BASE_EXACT = 0;
export const BASE_PREFIX = 1;
export const baseForTypos = (typos: number): number => (typos << 1) | 1;

export function resolveWord(seg: Segment, q: QueryWord): WordTerms {
  const out: WordTerms = { lo: [], hi: [], base: [], cost: 0 };
  const singles = new Map<number, number>();
  const single = (t: number, base: number) => {
    const prev = singles.get(t);
    if (prev === undefined || base < prev) singles.set(t, base);
  };
  const { vocab } = seg;
  const exactAt = lowerBound(vocab, q.word);
  const exact = vocab[exactAt] === q.word;
  if (exact) single(exactAt, BASE_EXACT);
  for (const alt of q.alternatives) {
    const i = lowerBound(vocab, alt);
    if (vocab[i] === alt) single(i, BASE_EXACT);
  }
  if (q.prefix) {
    let [lo, hi] = prefixRange(vocab, q.word);
    if (exact) lo++;
    if (lo < hi) push(out, seg, lo, hi, BASE_PREFIX);
  }
  if (q.maxTypos >= 1) for (const t of oneTypoTerms(seg, q.word)) single(t, baseForTypos(1));
  if (q.maxTypos >= 2) for (const t of twoTypoTerms(seg, q.word)) single(t, baseForTypos(2));
  if (q.prefix && q.maxTypos >= 1 && q.word.length <= MAX_PREFIX_TYPO_LENGTH) {
    for (const edit of prefixEdits(q.word)) {
      const [lo, hi] = prefixRange(vocab, edit);
      if (lo < hi) push(out, seg, lo, hi, baseForTypos(1));
    }
  }
  for (const [t, base] of singles) push(out, seg, t, t + 1, base);
  return out;
}

function push(out: WordTerms, seg: Segment, lo: number, hi: number, base: number): void {
  out.lo.push(lo);
  out.hi.push(hi);
  out.base.push(base);
  out.cost += seg.postOffsets[hi]! - seg.postOffsets[lo]!;
}

/** Terms at exactly one edit (transpositions included) via the deletion-neighbourhood keys. */
function oneTypoTerms(seg: Segment, word: string): number[] {
  const found = new Set<number>();
  const lookup = (h: number) => {
    const keys = seg.deleteKeys;
    for (let i = lowerBoundNum(keys, h * TERM_ID_FACTOR); i < keys.length; i++) {
      const k = keys[i]!;
      if (Math.floor(k / TERM_ID_FACTOR) !== h) break;
      found.add(k % TERM_ID_FACTOR);
    }
  };
  lookup(hashSkipping(word, -1));
  for (let i = 0; i < word.length; i++) lookup(hashSkipping(word, i));
  return [...found].filter((t) => boundedDamerau(word, seg.vocab[t]!, 1) === 1);
}

/** Terms at exactly two edits sharing the first letter (a bounded scan of that letter's range). */
function twoTypoTerms(seg: Segment, word: string): number[] {
  const [lo, hi] = prefixRange(seg.vocab, word[0]!);
  const out: number[] = [];
  for (let t = lo; t < hi; t++) {
    const w = seg.vocab[t]!;
    if (Math.abs(w.length - word.length) > 2) continue;
    if (boundedDamerau(word, w, 2) === 2) out.push(t);
  }
  return out;
}

/** One-edit variants of a prefix whose completions are new (not already completions of the prefix). */
export function prefixEdits(word: string): Set<string> {
  const out = new Set<string>();
  const n = word.length;
  for (let i = 0; i < n - 1; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  for (let i = 0; i < n - 1; i++) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  for (let i = 0; i < n; i++)
    for (const c of ALPHABET) if (c !== word[i]) out.add(word.slice(0, i) + c + word.slice(i + 1));
  for (let i = 0; i < n; i++) for (const c of ALPHABET) out.add(word.slice(0, i) + c + word.slice(i));
  out.delete(word);
  for (const e of [...out]) if (e.length === 0 || word.startsWith(e)) out.delete(e);
  return out;
}
