import type { PanierEvent } from '../../kernel/index.ts';
import type { Product } from '../catalog/schemas.ts';
import type { SearchParams } from './params.ts';
import type { PersonalContext, ShopperAffinity } from './personalize.ts';
import type { SearchRecord } from './segment.ts';
import type { IndexSettings } from './settings.ts';

export interface TaskRef {
  taskID: number;
}

export interface IndexInfo {
  name: string;
  entries: number;
  createdAt: number;
  updatedAt: number;
  primary?: string;
  replicas?: string[];
}

export interface FacetHit {
  value: string;
  highlighted: string;
  count: number;
}

export interface SearchOutcome {
  response: Record<string, unknown> & { nbHits: number; hits: Record<string, unknown>[] };
  /** objectIDs of the hits returned, in order (for analytics). */
  objectIDs: string[];
}

/** Extra context a search runs with, supplied by the service (not by the caller's params). */
export interface SearchRunContext {
  personal?: PersonalContext;
  /** When set, only these products are kept (store availability in filter mode). */
  onlyIds?: ReadonlySet<string>;
  queryID?: string;
}

/**
 * The search engine port: Algolia-shaped operations on named indexes. The in-memory engine implements
 * it; a server-side engine (Meilisearch, Typesense, Algolia itself) can be plugged in behind it.
 */
export interface SearchEngine {
  listIndices(): Promise<IndexInfo[]>;
  getSettings(index: string): Promise<IndexSettings | null>;
  setSettings(index: string, settings: IndexSettings): Promise<TaskRef>;
  saveObjects(index: string, records: SearchRecord[]): Promise<TaskRef>;
  partialUpdateObjects(index: string, updates: SearchRecord[], createIfNotExists: boolean): Promise<TaskRef>;
  deleteObjects(index: string, objectIDs: string[]): Promise<TaskRef>;
  clearObjects(index: string): Promise<TaskRef>;
  deleteIndex(index: string): Promise<TaskRef>;
  getObject(index: string, objectID: string, attributesToRetrieve?: string[]): Promise<SearchRecord | null>;
  search(index: string, params: SearchParams, ctx?: SearchRunContext): Promise<SearchOutcome>;
  searchForFacetValues(
    index: string,
    facet: string,
    facetQuery: string,
    params: SearchParams,
    maxFacetHits: number,
  ): Promise<{ facetHits: FacetHit[]; exhaustiveFacetsCount: boolean; processingTimeMS: number }>;
  browse(index: string, params: SearchParams, cursor: string | null): Promise<Record<string, unknown>>;
  taskStatus(index: string, taskID: number): Promise<'published' | 'notPublished'>;
  /** Resolves once the task's writes are searchable. */
  waitForTask(index: string, taskID: number): Promise<void>;
}

/** Shopper tastes for a userToken (profiles and live session); null when unknown. */
export interface ShopperAffinityProvider {
  affinity(userToken: string): Promise<ShopperAffinity | null>;
}

/** The consent of the shopper behind a userToken, asked at each search (a revocation holds for the next). */
export interface SearchConsent {
  allows(userToken: string, purpose: 'personalization' | 'analytics'): boolean;
}

/** Products available at a store; adapters should return the same Set object while it is unchanged. */
export interface InventoryLookup {
  availableAt(storeId: string): Promise<ReadonlySet<string>>;
}

export interface CatalogChange {
  upserted: Product[];
  removed: string[];
}

/** The catalog as search needs it: a full load, then changes as they happen. */
export interface CatalogFeed {
  loadAll(): Promise<Product[]>;
  /** Returns an unsubscribe function. */
  subscribe(onChange: (change: CatalogChange) => void): () => void;
}

/** Appends events to the log (searches, clicks, conversions). */
export type EventIngest = (events: PanierEvent[]) => Promise<void>;
