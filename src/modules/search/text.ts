/** Text normalisation shared by indexing, querying and highlighting: one definition of a "word". */

export const SEARCH_LANGUAGES = ['en', 'fr'] as const;
export type SearchLanguage = (typeof SEARCH_LANGUAGES)[number];

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd' };

/** Lower-cases and strips diacritics so "Crème" and "creme" are one word. */
export function fold(s: string): string {
  let out = s.toLowerCase();
  if (/[^ -~\t\n\r]/.test(out)) {
    out = out.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    out = out.replace(/[œæßøłđ]/g, (c) => LIGATURES[c] ?? c);
  }
  return out;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Folded words of a text, in order. */
export function words(text: string): string[] {
  return fold(text).match(WORD) ?? [];
}

export interface TextToken {
  /** Folded form. */
  word: string;
  /** Offsets in the original text. */
  start: number;
  end: number;
}

/** Words with their offsets in the original (unfolded) text, for highlighting. */
export function tokensWithOffsets(text: string): TextToken[] {
  const out: TextToken[] = [];
  for (const m of text.matchAll(WORD)) {
    out.push({ word: fold(m[0]), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export const hasDigit = (w: string): boolean => /\d/.test(w);

const STOP_WORDS: Record<SearchLanguage, ReadonlySet<string>> = {
  en: new Set(
    'a an and are as at be but by for from has have he her his i if in into is it its me my no not of on or our she so than that the their them then there these they this to too us was we were what when where which who will with you your'.split(
      ' ',
    ),
  ),
  fr: new Set(
    'a au aux avec ce ces d dans de des du elle en et eux il ils j je l la le les leur lui m ma mais me meme mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur t ta te tes toi ton tu un une vos votre vous y c est'.split(
      ' ',
    ),
  ),
};

export function isStopWord(word: string, languages: readonly SearchLanguage[]): boolean {
  for (const l of languages) if (STOP_WORDS[l].has(word)) return true;
  return false;
}

/** Singular and plural forms of a word (including itself) under English and/or French rules. */
export function pluralForms(word: string, languages: readonly SearchLanguage[]): string[] {
  const out = new Set<string>([word]);
  if (word.length < 3 || hasDigit(word)) return [...out];
  for (const l of languages) {
    const singulars = l === 'en' ? englishSingulars(word) : frenchSingulars(word);
    for (const s of singulars) {
      out.add(s);
      for (const p of l === 'en' ? englishPlurals(s) : frenchPlurals(s)) out.add(p);
    }
  }
  return [...out];
}

function englishSingulars(w: string): string[] {
  const out = [w];
  if (w.endsWith('ies') && w.length > 4) out.push(`${w.slice(0, -3)}y`);
  else if (/(ches|shes|sses|xes|zes)$/.test(w)) out.push(w.slice(0, -2));
  else if (w.endsWith('ves') && w.length > 4) out.push(`${w.slice(0, -3)}f`, `${w.slice(0, -3)}fe`);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) out.push(w.slice(0, -1));
  return out;
}

function englishPlurals(w: string): string[] {
  if (/(s|x|z|ch|sh)$/.test(w)) return [`${w}es`];
  if (/[^aeiou]y$/.test(w)) return [`${w.slice(0, -1)}ies`];
  return [`${w}s`];
}

function frenchSingulars(w: string): string[] {
  const out = [w];
  if (w.endsWith('aux') && w.length > 4) out.push(`${w.slice(0, -3)}al`, `${w.slice(0, -1)}`);
  else if (/(eux|eaux|oux)$/.test(w)) out.push(w.slice(0, -1));
  else if (w.endsWith('s') && w.length > 3) out.push(w.slice(0, -1));
  return out;
}

function frenchPlurals(w: string): string[] {
  if (/[sxz]$/.test(w)) return [];
  if (w.endsWith('al')) return [`${w.slice(0, -2)}aux`, `${w}s`];
  if (/(eau|au|eu)$/.test(w)) return [`${w}x`];
  return [`${w}s`];
}

/**
 * Optimal-string-alignment distance (a transposition of neighbours counts as one edit), or max+1
 * as soon as the distance is known to exceed `max`.
 */
export function boundedDamerau(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  let prev2 = new Int32Array(lb + 1);
  let prev = new Int32Array(lb + 1);
  let cur = new Int32Array(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb)
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb]!;
}

/** Smallest distance between `prefix` and any prefix of `word` (typo tolerance while typing). */
export function prefixDamerau(prefix: string, word: string, max: number): number {
  let best = max + 1;
  for (let len = Math.max(1, prefix.length - max); len <= Math.min(word.length, prefix.length + max); len++) {
    const d = boundedDamerau(prefix, word.slice(0, len), max);
    if (d < best) best = d;
    if (best === 0) break;
  }
  return best;
}

/** 31-bit FNV-1a of `s` with the character at `skip` left out (-1: none), without allocating. */
export function hashSkipping(s: string, skip: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    if (i === skip) continue;
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // 31 bits so hash * 2^22 + termId stays an exact integer in a double.
  return h >>> 1;
}
