export { type QueryStat, SearchAnalytics } from './analytics.ts';
export { InMemorySearchEngine } from './engine.ts';
export { type FilterNode, parseFilters } from './filters.ts';
export { type InsightsEvent, insightsToEvents, parseInsights } from './insights.ts';
export {
  decodeParamsString,
  encodeParams,
  parseSearchParams,
  type SearchParams,
  searchParamsSchema,
} from './params.ts';
export {
  DEFAULT_PERSONALIZATION_ATTRIBUTES,
  type PersonalContext,
  type PersonalizationAttributes,
  type ShopperAffinity,
} from './personalize.ts';
export type {
  CatalogChange,
  CatalogFeed,
  EventIngest,
  FacetHit,
  IndexInfo,
  InventoryLookup,
  SearchConsent,
  SearchEngine,
  SearchOutcome,
  SearchRunContext,
  ShopperAffinityProvider,
  TaskRef,
} from './ports.ts';
export { MAX_QUERY_CHARS, MAX_QUERY_WORDS } from './query.ts';
export { PRODUCTS_INDEX, PRODUCTS_SETTINGS, productRecord } from './records.ts';
export type { SearchRecord } from './segment.ts';
export { type SearchCaller, SearchService, type SearchServiceDeps } from './service.ts';
export { type IndexSettings, indexSettingsSchema, type Synonym, synonymSchema } from './settings.ts';
