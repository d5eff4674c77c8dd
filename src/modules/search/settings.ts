import { z } from 'zod';
import { SEARCH_LANGUAGES, type SearchLanguage } from './text.ts';

export const QUERY_TYPES = ['prefixLast', 'prefixAll', 'prefixNone'] as const;
export const REMOVE_WORDS_MODES = ['none', 'lastWords', 'firstWords', 'allOptional'] as const;
export const TEXTUAL_CRITERIA = [
  'typo',
  'geo',
  'words',
  'filters',
  'proximity',
  'attribute',
  'exact',
  'custom',
] as const;
export const DEFAULT_RANKING = [
  'typo',
  'geo',
  'words',
  'filters',
  'proximity',
  'attribute',
  'exact',
  'custom',
];

const language = z.enum(SEARCH_LANGUAGES);
const boolOrLanguages = z.union([z.boolean(), z.array(z.string())]);

export const synonymSchema = z.object({
  objectID: z.string().min(1).max(200),
  type: z.enum(['synonym', 'onewaysynonym']),
  synonyms: z.array(z.string().min(1).max(200)).max(100).optional(),
  input: z.string().min(1).max(200).optional(),
});
export type Synonym = z.infer<typeof synonymSchema>;

/** Index settings, Algolia names; unknown keys are kept (echoed back by getSettings) but ignored. */
export const indexSettingsSchema = z
  .object({
    searchableAttributes: z.array(z.string().max(200)).max(64).nullable().optional(),
    attributesForFaceting: z.array(z.string().max(200)).max(100).optional(),
    customRanking: z.array(z.string().max(200)).max(10).optional(),
    ranking: z.array(z.string().max(200)).max(20).optional(),
    replicas: z.array(z.string().max(200)).max(20).optional(),
    attributesToRetrieve: z.array(z.string()).nullable().optional(),
    unretrievableAttributes: z.array(z.string()).nullable().optional(),
    attributesToHighlight: z.array(z.string()).nullable().optional(),
    attributesToSnippet: z.array(z.string()).nullable().optional(),
    highlightPreTag: z.string().max(200).optional(),
    highlightPostTag: z.string().max(200).optional(),
    snippetEllipsisText: z.string().max(200).optional(),
    hitsPerPage: z.number().int().min(0).max(1000).optional(),
    paginationLimitedTo: z.number().int().min(0).max(20000).optional(),
    maxValuesPerFacet: z.number().int().min(1).max(1000).optional(),
    sortFacetValuesBy: z.enum(['count', 'alpha']).optional(),
    typoTolerance: z.union([z.boolean(), z.enum(['min', 'strict', 'true', 'false'])]).optional(),
    minWordSizefor1Typo: z.number().int().min(1).max(100).optional(),
    minWordSizefor2Typos: z.number().int().min(1).max(100).optional(),
    allowTyposOnNumericTokens: z.boolean().optional(),
    disableTypoToleranceOnAttributes: z.array(z.string()).optional(),
    ignorePlurals: boolOrLanguages.optional(),
    removeStopWords: boolOrLanguages.optional(),
    queryLanguages: z.array(z.string()).optional(),
    indexLanguages: z.array(z.string()).optional(),
    queryType: z.enum(QUERY_TYPES).optional(),
    removeWordsIfNoResults: z.enum(REMOVE_WORDS_MODES).optional(),
    optionalWords: z
      .union([z.string(), z.array(z.string())])
      .nullable()
      .optional(),
    synonyms: z.array(synonymSchema).max(10_000).optional(),
    enablePersonalization: z.boolean().optional(),
    personalizationImpact: z.number().min(0).max(100).optional(),
    userData: z.unknown().optional(),
  })
  .passthrough();
export type IndexSettings = z.infer<typeof indexSettingsSchema>;

/** The attribute name inside wrappers such as `unordered(x)`, `searchable(x)`, `filterOnly(x)`. */
export function bareAttribute(spec: string): string {
  const m = /^\s*\w+\((.+)\)\s*$/.exec(spec);
  return (m ? m[1]! : spec).trim();
}

/** Searchable attributes as priority groups: "title,brand" share a level; order gives priority. */
export function searchablePriorities(settings: IndexSettings): { attribute: string; priority: number }[] {
  const list = settings.searchableAttributes;
  if (!list || list.length === 0) return [];
  const out: { attribute: string; priority: number }[] = [];
  list.forEach((entry, priority) => {
    for (const part of entry.split(',')) {
      const attribute = bareAttribute(part);
      if (attribute) out.push({ attribute, priority });
    }
  });
  return out;
}

export function facetAttributes(settings: IndexSettings): string[] {
  return (settings.attributesForFaceting ?? []).map(bareAttribute);
}

/** Languages named by a boolean-or-list setting: true means every supported language. */
export function languagesOf(value: boolean | string[] | undefined, fallback: boolean): SearchLanguage[] {
  if (value === undefined) return fallback ? [...SEARCH_LANGUAGES] : [];
  if (value === true) return [...SEARCH_LANGUAGES];
  if (value === false) return [];
  return value.filter((l): l is SearchLanguage => language.safeParse(l).success);
}

export interface SortSpec {
  attribute: string;
  direction: 'asc' | 'desc';
}

export function parseSortSpecs(list: readonly string[] | undefined): SortSpec[] {
  const out: SortSpec[] = [];
  for (const s of list ?? []) {
    const m = /^\s*(asc|desc)\((.+)\)\s*$/.exec(s);
    if (m) out.push({ direction: m[1] as 'asc' | 'desc', attribute: m[2]!.trim() });
  }
  return out;
}

/** Ranking entries before the first textual criterion: attribute sorts of a standard replica. */
export function leadingSorts(settings: IndexSettings): SortSpec[] {
  const ranking = settings.ranking ?? DEFAULT_RANKING;
  const out: SortSpec[] = [];
  for (const entry of ranking) {
    const spec = parseSortSpecs([entry]);
    if (spec.length === 0) break;
    out.push(spec[0]!);
  }
  return out;
}
