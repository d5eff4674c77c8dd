import { PanierError } from '../../kernel/index.ts';
import { type IndexSettings, languagesOf, type Synonym } from './settings.ts';
import { hasDigit, isStopWord, pluralForms, type SearchLanguage, words } from './text.ts';

export const MAX_QUERY_CHARS = 512;
export const MAX_QUERY_WORDS = 32;

/** One word of the query after normalisation, with what may stand in for it. */
export interface QueryWord {
  word: string;
  /** Matches any indexed word that starts with it (the word being typed). */
  prefix: boolean;
  maxTypos: number;
  /** Forms counted as exact matches: plurals/singulars, one-word synonyms. */
  alternatives: string[];
  optional: boolean;
  /** prefixNone: never complete this word, even when it is unknown. */
  noPrefix?: boolean;
}

export interface QueryOptions {
  queryType?: 'prefixLast' | 'prefixAll' | 'prefixNone';
  typoTolerance?: boolean | 'min' | 'strict' | 'true' | 'false';
  minWordSizefor1Typo?: number;
  minWordSizefor2Typos?: number;
  ignorePlurals?: boolean | string[];
  removeStopWords?: boolean | string[];
  optionalWords?: string | string[] | null;
  synonyms?: boolean;
  advancedSyntax?: boolean;
}

/** Single-word synonym table: folded word → words that may replace it. */
export type SynonymTable = Map<string, string[]>;

export function synonymTable(list: readonly Synonym[] | undefined): SynonymTable {
  const table: SynonymTable = new Map();
  const add = (from: string, to: string) => {
    if (from === to) return;
    const list = table.get(from) ?? [];
    if (!list.includes(to)) list.push(to);
    table.set(from, list);
  };
  for (const s of list ?? []) {
    const singles = (s.synonyms ?? [])
      .map(words)
      .filter((w) => w.length === 1)
      .map((w) => w[0]!);
    if (s.type === 'synonym') for (const a of singles) for (const b of singles) add(a, b);
    else if (s.input) {
      const input = words(s.input);
      if (input.length === 1) for (const b of singles) add(input[0]!, b);
    }
  }
  return table;
}

function typoBudget(word: string, o: QueryOptions): number {
  const tol = o.typoTolerance;
  if (tol === false || tol === 'false' || hasDigit(word)) return 0;
  const one = o.minWordSizefor1Typo ?? 4;
  const two = o.minWordSizefor2Typos ?? 8;
  const budget = word.length >= two ? 2 : word.length >= one ? 1 : 0;
  return tol === 'min' || tol === 'strict' ? Math.min(budget, 1) : budget;
}

/** Turns the query text into words ready to match; throws on queries too long to be sensible. */
export function parseQuery(text: string, options: QueryOptions, synonyms: SynonymTable): QueryWord[] {
  if (text.length > MAX_QUERY_CHARS)
    throw new PanierError(
      'invalid_query',
      `query is too long: ${text.length} characters, the limit is ${MAX_QUERY_CHARS}`,
      'query',
    );
  let tokens = words(text).slice(0, MAX_QUERY_WORDS);
  const stopLanguages = languagesOf(options.removeStopWords as boolean | string[] | undefined, false);
  const endsInWord = /[\p{L}\p{N}]$/u.test(text);
  const queryType = options.queryType ?? 'prefixLast';
  if (stopLanguages.length > 0 && tokens.some((w) => !isStopWord(w, stopLanguages))) {
    const last = tokens.length - 1;
    tokens = tokens.filter((w, i) => !isStopWord(w, stopLanguages) || (i === last && endsInWord));
  }
  const plural: SearchLanguage[] = languagesOf(options.ignorePlurals as boolean | string[] | undefined, true);
  const optional = new Set(
    (typeof options.optionalWords === 'string'
      ? [options.optionalWords]
      : (options.optionalWords ?? [])
    ).flatMap(words),
  );
  return tokens.map((word, i) => {
    const alternatives = new Set<string>(pluralForms(word, plural));
    if (options.synonyms !== false) for (const s of synonyms.get(word) ?? []) alternatives.add(s);
    alternatives.delete(word);
    const isLast = i === tokens.length - 1;
    return {
      word,
      prefix: queryType === 'prefixAll' || (queryType === 'prefixLast' && isLast && endsInWord),
      noPrefix: queryType === 'prefixNone',
      maxTypos: typoBudget(word, options),
      alternatives: [...alternatives],
      optional: optional.has(word) && tokens.length > 1,
    };
  });
}

export function settingsQueryOptions(s: IndexSettings): QueryOptions {
  return {
    queryType: s.queryType,
    typoTolerance: s.typoTolerance,
    minWordSizefor1Typo: s.minWordSizefor1Typo,
    minWordSizefor2Typos: s.minWordSizefor2Typos,
    ignorePlurals: s.ignorePlurals,
    removeStopWords: s.removeStopWords,
    optionalWords: s.optionalWords,
  };
}
