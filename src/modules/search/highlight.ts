import type { QueryWord } from './query.ts';
import { boundedDamerau, prefixDamerau, type TextToken, tokensWithOffsets } from './text.ts';

export type MatchLevel = 'none' | 'partial' | 'full';
export interface HighlightValue {
  value: string;
  matchLevel: MatchLevel;
  matchedWords: string[];
  fullyHighlighted?: boolean;
}
export type HighlightTree = HighlightValue | HighlightTree[] | { [k: string]: HighlightTree };
export interface SnippetValue {
  value: string;
  matchLevel: MatchLevel;
}

export interface HighlightTags {
  pre: string;
  post: string;
  ellipsis: string;
}

/** Which query word (if any) a text word answers, and how many leading characters to mark. */
export type WordMatcher = (word: string) => { index: number; length: number } | null;

export function wordMatcher(words: QueryWord[]): WordMatcher {
  const exact = new Map<string, number>();
  words.forEach((q, i) => {
    for (const w of [q.word, ...q.alternatives]) if (!exact.has(w)) exact.set(w, i);
  });
  return (w) => {
    const i = exact.get(w);
    if (i !== undefined) return { index: i, length: w.length };
    for (let k = 0; k < words.length; k++) {
      const q = words[k]!;
      if (q.prefix && w.startsWith(q.word)) return { index: k, length: q.word.length };
      if (q.maxTypos > 0 && boundedDamerau(q.word, w, q.maxTypos) <= q.maxTypos)
        return { index: k, length: w.length };
      if (q.prefix && q.maxTypos > 0 && prefixDamerau(q.word, w, 1) <= 1)
        return { index: k, length: Math.min(w.length, q.word.length) };
    }
    return null;
  };
}

interface Marked {
  token: TextToken;
  index: number;
  length: number;
}

function markTokens(text: string, match: WordMatcher): { tokens: TextToken[]; marked: Marked[] } {
  const tokens = tokensWithOffsets(text);
  const marked: Marked[] = [];
  for (const token of tokens) {
    const m = match(token.word);
    if (m) marked.push({ token, index: m.index, length: m.length });
  }
  return { tokens, marked };
}

function render(text: string, from: number, to: number, marked: Marked[], tags: HighlightTags): string {
  let out = '';
  let at = from;
  for (const m of marked) {
    if (m.token.start < from || m.token.end > to) continue;
    // Folding can change a word's length ("ß" → "ss"): then the whole word is marked.
    const sameLength = m.token.word.length === m.token.end - m.token.start;
    const end = sameLength ? m.token.start + Math.min(m.length, m.token.end - m.token.start) : m.token.end;
    out += text.slice(at, m.token.start) + tags.pre + text.slice(m.token.start, end) + tags.post;
    at = end;
  }
  return out + text.slice(at, to);
}

function levelOf(marked: Marked[], words: QueryWord[]): { level: MatchLevel; matchedWords: string[] } {
  const hit = new Set(marked.map((m) => m.index));
  const matchedWords = [...hit].sort((a, b) => a - b).map((i) => words[i]!.word);
  const level: MatchLevel = hit.size === 0 ? 'none' : hit.size >= words.length ? 'full' : 'partial';
  return { level, matchedWords };
}

export function highlightText(
  text: string,
  words: QueryWord[],
  match: WordMatcher,
  tags: HighlightTags,
): HighlightValue {
  const { tokens, marked } = markTokens(text, match);
  const { level, matchedWords } = levelOf(marked, words);
  const out: HighlightValue = {
    value: render(text, 0, text.length, marked, tags),
    matchLevel: level,
    matchedWords,
  };
  if (level !== 'none')
    out.fullyHighlighted =
      marked.length === tokens.length && marked.every((m) => m.length >= m.token.word.length);
  return out;
}

/** Highlights strings anywhere inside a value (arrays and nested objects keep their shape). */
export function highlightValue(
  value: unknown,
  words: QueryWord[],
  match: WordMatcher,
  tags: HighlightTags,
  depth = 0,
): HighlightTree | null {
  if (typeof value === 'string') return highlightText(value, words, match, tags);
  if (typeof value === 'number') return highlightText(String(value), words, match, tags);
  if (depth > 4) return null;
  if (Array.isArray(value))
    return value
      .map((v) => highlightValue(v, words, match, tags, depth + 1))
      .filter((v): v is HighlightTree => v !== null);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, HighlightTree> = {};
    for (const [k, v] of Object.entries(value)) {
      const h = highlightValue(v, words, match, tags, depth + 1);
      if (h !== null) out[k] = h;
    }
    return out;
  }
  return null;
}

/** A window of `size` words around the first match, with the ellipsis where text was cut. */
export function snippetText(
  text: string,
  size: number,
  words: QueryWord[],
  match: WordMatcher,
  tags: HighlightTags,
): SnippetValue {
  const { tokens, marked } = markTokens(text, match);
  const { level } = levelOf(marked, words);
  if (tokens.length <= size) return { value: render(text, 0, text.length, marked, tags), matchLevel: level };
  const first = marked.length ? tokens.indexOf(marked[0]!.token) : 0;
  const startTok = Math.max(0, Math.min(first - Math.floor(size / 3), tokens.length - size));
  const endTok = startTok + size - 1;
  const from = startTok === 0 ? 0 : tokens[startTok]!.start;
  const to = endTok >= tokens.length - 1 ? text.length : tokens[endTok]!.end;
  const body = render(text, from, to, marked, tags);
  return {
    value: (from > 0 ? tags.ellipsis : '') + body + (to < text.length ? tags.ellipsis : ''),
    matchLevel: level,
  };
}
