import { z } from 'zod';
import { PanierError } from '../../kernel/index.ts';
import { QUERY_TYPES, REMOVE_WORDS_MODES } from './settings.ts';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const stringList = z.union([
  z.string().transform((s) => (s === '' ? [] : s.split(',').map((x) => x.trim()))),
  z.array(z.string()),
]);
const filterValue = z.union([z.string(), z.array(z.union([z.string(), z.array(z.string())]))]);
const boolOrList = z.union([bool, z.array(z.string())]);

/** Algolia search parameters panier reads; every other parameter is accepted and ignored. */
export const searchParamsSchema = z
  .object({
    query: z.string().default(''),
    filters: z.string().optional(),
    facetFilters: filterValue.optional(),
    numericFilters: filterValue.optional(),
    tagFilters: filterValue.optional(),
    facets: stringList.optional(),
    maxValuesPerFacet: int(1, 1000).optional(),
    sortFacetValuesBy: z.enum(['count', 'alpha']).optional(),
    page: int(0, 100_000).optional(),
    hitsPerPage: int(0, 1000).optional(),
    offset: int(0, 100_000).optional(),
    length: int(0, 1000).optional(),
    attributesToRetrieve: stringList.optional(),
    attributesToHighlight: stringList.optional(),
    attributesToSnippet: stringList.optional(),
    restrictSearchableAttributes: stringList.optional(),
    highlightPreTag: z.string().max(200).optional(),
    highlightPostTag: z.string().max(200).optional(),
    snippetEllipsisText: z.string().max(200).optional(),
    typoTolerance: z.union([z.boolean(), z.enum(['min', 'strict', 'true', 'false'])]).optional(),
    minWordSizefor1Typo: int(1, 100).optional(),
    minWordSizefor2Typos: int(1, 100).optional(),
    ignorePlurals: boolOrList.optional(),
    removeStopWords: boolOrList.optional(),
    queryType: z.enum(QUERY_TYPES).optional(),
    removeWordsIfNoResults: z.enum(REMOVE_WORDS_MODES).optional(),
    optionalWords: z
      .union([z.string(), z.array(z.string())])
      .nullable()
      .optional(),
    synonyms: bool.optional(),
    clickAnalytics: bool.optional(),
    analytics: bool.optional(),
    getRankingInfo: bool.optional(),
    userToken: z.string().max(200).optional(),
    enablePersonalization: bool.optional(),
    personalizationImpact: int(0, 100).optional(),
    /** panier extension: rank or keep only products available at this store. */
    storeId: z.string().max(200).optional(),
    storeAvailability: z.enum(['boost', 'filter']).optional(),
  })
  .passthrough();
export type SearchParams = z.infer<typeof searchParamsSchema>;

/** v4 sends `params` as a URL-encoded string whose arrays are JSON; values come back as JSON where they parse. */
export function decodeParamsString(params: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, raw] of new URLSearchParams(params)) {
    const v = raw.trim();
    if (v.startsWith('[') || v.startsWith('{')) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // not JSON: keep the text
      }
    }
    out[k] = raw;
  }
  return out;
}

/** Merges flat params and a `params` string (flat wins, as in Algolia) and validates them. */
export function parseSearchParams(input: unknown, extra: Record<string, unknown> = {}): SearchParams {
  const obj =
    input !== null && typeof input === 'object' && !Array.isArray(input)
      ? (input as Record<string, unknown>)
      : {};
  const { params, ...flat } = obj;
  const decoded = typeof params === 'string' ? decodeParamsString(params) : {};
  const merged = { ...decoded, ...flat, ...extra };
  const r = searchParamsSchema.safeParse(merged);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.join('.');
    throw new PanierError('invalid_argument', `invalid parameter ${path}: ${issue.message}`, path);
  }
  return r.data;
}

/** The `params` echo of a response: URL-encoded, arrays as JSON (what Algolia returns). */
export function encodeParams(p: Record<string, unknown>): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined || k === 'indexName' || k === 'type' || k === 'params') continue;
    out.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  return out.toString().replace(/\+/g, '%20');
}
