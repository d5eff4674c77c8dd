import type { Api } from '../api.ts';

export interface Hit {
  objectID: string;
  [k: string]: unknown;
}
export interface SearchResult {
  hits: Hit[];
  nbHits: number;
  facets?: Record<string, Record<string, number>>;
  processingTimeMS?: number;
}
export interface SearchInput {
  index: string;
  query: string;
  userToken: string;
  impact: number;
  storeId: string;
  facetFilters: string[];
}

/** One Algolia multi-query, as InstantSearch sends it, with panier's personalization parameters. */
export async function search(api: Api, s: SearchInput): Promise<SearchResult> {
  const params: Record<string, unknown> = {
    query: s.query,
    // The playground must not count as shopper searches in analytics and profiles.
    analytics: false,
    hitsPerPage: 10,
    facets: ['*'],
    maxValuesPerFacet: 8,
    ...(s.facetFilters.length ? { facetFilters: s.facetFilters } : {}),
    ...(s.userToken
      ? { userToken: s.userToken, enablePersonalization: s.impact > 0, personalizationImpact: s.impact }
      : {}),
    ...(s.storeId ? { storeId: s.storeId } : {}),
  };
  const r = await api.send<{ results: SearchResult[] }>('POST', '/1/indexes/*/queries', {
    requests: [{ indexName: s.index, ...params }],
  });
  return r.results[0]!;
}

export const hitTitle = (h: Hit) => String(h.title ?? h.name ?? h.objectID);
export const hitCategory = (h: Hit) =>
  Array.isArray(h.category) ? h.category.join(' > ') : typeof h.category === 'string' ? h.category : '';

export const listIndices = (api: Api) =>
  api.get<{ items: { name: string; entries: number }[] }>('/1/indexes').then((r) => r.items);
