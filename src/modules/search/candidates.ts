import { lowerBound, lowerBoundInt, lowerBoundNum, prefixRange } from './buffers.ts';
import type { QueryWord } from './query.ts';
import { letterMask, type Segment, TERM_ID_FACTOR } from './segment.ts';
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

const MAX_PREFIX_TYPO_LENGTH = 20;
/** A word being typed gets typo completions from this length: shorter prefixes would match too much. */
const MIN_PREFIX_TYPO_LENGTH = 5;

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
  // A word that is not in the vocabulary may be cut short even when it is not the last one ("hang hear").
  if (q.prefix || (!exact && q.word.length >= 3 && !q.noPrefix)) {
    let [lo, hi] = prefixRange(vocab, q.word);
    if (exact) lo++;
    if (lo < hi) push(out, seg, lo, hi, BASE_PREFIX);
  }
  if (q.maxTypos >= 1) for (const t of oneTypoTerms(seg, q.word)) single(t, baseForTypos(1));
  if (q.maxTypos >= 2) for (const t of twoTypoTerms(seg, q.word)) single(t, baseForTypos(2));
  if (
    q.prefix &&
    q.maxTypos >= 1 &&
    q.word.length >= MIN_PREFIX_TYPO_LENGTH &&
    q.word.length <= MAX_PREFIX_TYPO_LENGTH
  ) {
    for (const [lo, hi] of prefixTypoRanges(vocab, q.word)) push(out, seg, lo, hi, baseForTypos(1));
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

/**
 * Terms at exactly two edits sharing the first letter: a scan of that letter's typo-eligible terms,
 * pre-filtered by length and letter masks (two edits change at most four letter bits).
 */
function twoTypoTerms(seg: Segment, word: string): number[] {
  const [lo, hi] = prefixRange(seg.vocab, word[0]!);
  const { typoTerms, typoMasks, vocab } = seg;
  const out: number[] = [];
  const mask = letterMask(word);
  for (let i = lowerBoundInt(typoTerms, lo), end = lowerBoundInt(typoTerms, hi); i < end; i++) {
    if (popcount(mask ^ typoMasks[i]!) > 4) continue;
    const t = typoTerms[i]!;
    const w = vocab[t]!;
    if (Math.abs(w.length - word.length) > 2) continue;
    if (boundedDamerau(word, w, 2) === 2) out.push(t);
  }
  return out;
}

/**
 * Term ranges whose words start with a one-edit variant of `word` (typing with a typo). Substitutions
 * and insertions only try the letters that really follow each head in the vocabulary, so the search
 * costs a few binary searches per position instead of one per letter of the alphabet.
 */
export function prefixTypoRanges(vocab: readonly string[], word: string): [number, number][] {
  const seen = new Set<number>();
  const out: [number, number][] = [];
  const add = (edit: string, from = 0, to = vocab.length) => {
    if (edit.length === 0 || word.startsWith(edit)) return;
    const lo = lowerBound(vocab, edit, from, to);
    const hi = lowerBound(vocab, `${edit}\uffff`, lo, to);
    if (lo < hi && !seen.has(lo * 4194304 + hi)) {
      seen.add(lo * 4194304 + hi);
      out.push([lo, hi]);
    }
  };
  const n = word.length;
  // The first letter of a word being typed is trusted (as Meilisearch does): a typo there would
  // open the whole vocabulary to every query.
  for (let i = 1; i < n - 1; i++) add(word.slice(0, i) + word.slice(i + 1));
  for (let i = 1; i < n - 1; i++) add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  for (let i = 1; i < n; i++) {
    const head = word.slice(0, i);
    let [lo, hi] = prefixRange(vocab, head);
    while (lo < hi) {
      const term = vocab[lo]!;
      if (term.length <= i) {
        lo++;
        continue;
      }
      const c = term[i]!;
      const end = lowerBound(vocab, `${head}${c}\uffff`, lo, hi);
      if (c !== word[i]) add(head + c + word.slice(i + 1), lo, end);
      add(head + c + word.slice(i), lo, end);
      lo = end;
    }
  }
  return out;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0xf0f0f0f) * 0x1010101) >>> 24;
}
