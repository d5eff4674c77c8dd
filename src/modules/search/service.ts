import {
  type Clock,
  type Logger,
  PanierError,
  type PanierEvent,
  silentLogger,
  systemClock,
  uuidv7,
} from '../../kernel/index.ts';
import { SearchAnalytics } from './analytics.ts';
import { InMemorySearchEngine } from './engine.ts';
import { insightsToEvents, parseInsights } from './insights.ts';
import type { SearchParams } from './params.ts';
import type { PersonalContext } from './personalize.ts';
import type {
  CatalogChange,
  CatalogFeed,
  EventIngest,
  InventoryLookup,
  SearchConsent,
  SearchEngine,
  SearchOutcome,
  SearchRunContext,
  ShopperAffinityProvider,
} from './ports.ts';
import { PRODUCTS_INDEX, PRODUCTS_SETTINGS, productRecord } from './records.ts';

export interface SearchServiceDeps {
  engine?: SearchEngine;
  catalog?: CatalogFeed;
  affinities?: ShopperAffinityProvider;
  inventory?: InventoryLookup;
  /**
   * Without the shopper's consent to personalization, results rank as for an unknown shopper; without
   * consent to analytics, their search is recorded without their userToken. Everything is allowed when absent.
   */
  consent?: SearchConsent;
  /** Where search, click and conversion events go (the event log). */
  ingest?: EventIngest;
  /** Feed analytics from the events this service emits (set false when the app feeds `observe` from the bus). */
  analyticsFromOwnEvents?: boolean;
  clock?: Clock;
  logger?: Logger;
}

export interface SearchCaller {
  /** Name of the key that called (event source). */
  source: string;
}

const DEFAULT_IMPACT = 50;
/** Products indexed per turn of the event loop when the catalog is loaded at start. */
const START_BATCH = 5000;

/** Search as panier serves it: the engine plus catalog sync, personalization and analytics events. */
export class SearchService {
  readonly engine: SearchEngine;
  readonly analytics = new SearchAnalytics();
  private unsubscribe: (() => void) | null = null;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly deps: SearchServiceDeps = {}) {
    this.engine = deps.engine ?? new InMemorySearchEngine(deps.clock);
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger ?? silentLogger;
  }

  /** Loads the catalog into the `products` index and follows its changes. */
  async start(): Promise<void> {
    const catalog = this.deps.catalog;
    if (!catalog) return;
    const existing = await this.engine.getSettings(PRODUCTS_INDEX);
    if (!existing) await this.engine.setSettings(PRODUCTS_INDEX, PRODUCTS_SETTINGS);
    // Changes that arrive while the catalog loads are applied after it (they are newer).
    const early: CatalogChange[] = [];
    let loaded = false;
    this.unsubscribe = catalog.subscribe((change) => {
      if (loaded) void this.applyCatalogChange(change);
      else early.push(change);
    });
    const products = await catalog.loadAll();
    // In batches that give the event loop a turn: a large catalog must not stall HTTP serving.
    let task = { taskID: 0 };
    for (let i = 0; i < products.length; i += START_BATCH) {
      const batch = products.slice(i, i + START_BATCH).filter((p) => p.active);
      task = await this.engine.saveObjects(PRODUCTS_INDEX, batch.map(productRecord));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    loaded = true;
    for (const change of early) await this.applyCatalogChange(change);
    // Build now rather than on the first shopper's search (large catalogs build in slices).
    await this.engine.waitForTask(PRODUCTS_INDEX, task.taskID);
  }

  private async applyCatalogChange(change: CatalogChange): Promise<void> {
    const upserts = change.upserted.filter((p) => p.active).map(productRecord);
    const removed = [...change.removed, ...change.upserted.filter((p) => !p.active).map((p) => p.id)];
    try {
      if (upserts.length) await this.engine.saveObjects(PRODUCTS_INDEX, upserts);
      if (removed.length) await this.engine.deleteObjects(PRODUCTS_INDEX, removed);
    } catch (err) {
      this.logger.error({ err }, 'search: catalog change not applied');
    }
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private allows(userToken: string, purpose: 'personalization' | 'analytics'): boolean {
    return this.deps.consent?.allows(userToken, purpose) ?? true;
  }

  private async personalContext(
    p: SearchParams,
  ): Promise<{ personal?: PersonalContext; onlyIds?: ReadonlySet<string> }> {
    const affinity =
      p.userToken && this.deps.affinities && this.allows(p.userToken, 'personalization')
        ? await this.deps.affinities.affinity(p.userToken)
        : null;
    const store = p.storeId && this.deps.inventory ? await this.deps.inventory.availableAt(p.storeId) : null;
    const mode = p.storeAvailability ?? 'boost';
    const out: { personal?: PersonalContext; onlyIds?: ReadonlySet<string> } = {};
    if (store && mode === 'filter') out.onlyIds = store;
    const boost = store && mode === 'boost' ? store : null;
    if (affinity || boost)
      out.personal = { affinity, impact: p.personalizationImpact ?? DEFAULT_IMPACT, available: boost };
    return out;
  }

  /** Runs a search and records it (Products Searched) unless the caller turned analytics off. */
  async search(index: string, p: SearchParams, caller: SearchCaller): Promise<SearchOutcome['response']> {
    const ctx: SearchRunContext = await this.personalContext(p);
    if (p.clickAnalytics) ctx.queryID = uuidv7(this.clock.now()).replace(/-/g, '');
    const outcome = await this.engine.search(index, p, ctx);
    if (p.analytics !== false && p.query.trim() !== '') this.record(index, p, outcome, ctx.queryID, caller);
    return outcome.response;
  }

  private record(
    index: string,
    p: SearchParams,
    o: SearchOutcome,
    queryID: string | undefined,
    caller: SearchCaller,
  ): void {
    const now = this.clock.now();
    // A shopper who refused analytics: the query still counts, but not as theirs.
    const token = p.userToken && this.allows(p.userToken, 'analytics') ? p.userToken : null;
    const properties = {
      query: p.query,
      index,
      nbHits: o.response.nbHits,
      page: p.page ?? 0,
      query_id: queryID,
      filters: p.filters,
      products: o.objectIDs.slice(0, 20).map((id, i) => ({ product_id: id, position: i + 1 })),
    };
    const event: PanierEvent = {
      messageId: uuidv7(now),
      kind: 'track',
      type: 'products_searched',
      name: 'Products Searched',
      userId: null,
      anonymousId: token,
      timestamp: now,
      receivedAt: now,
      storeId: p.storeId ?? null,
      source: caller.source,
      payload: { type: 'track', event: 'Products Searched', anonymousId: token, properties },
    };
    this.emit([event]);
  }

  /** search-insights events (clicks, conversions, views) into the log. */
  async insights(body: unknown, caller: SearchCaller): Promise<number> {
    const events = insightsToEvents(parseInsights(body), caller.source, this.clock.now());
    if (this.deps.ingest) await this.deps.ingest(events);
    if (this.deps.analyticsFromOwnEvents !== false) this.analytics.apply(events);
    return events.length;
  }

  private emit(events: PanierEvent[]): void {
    if (this.deps.analyticsFromOwnEvents !== false) this.analytics.apply(events);
    const ingest = this.deps.ingest;
    if (!ingest) return;
    ingest(events).catch((err) => this.logger.warn({ err }, 'search: analytics event not appended'));
  }

  /** Erasure: forgets what these shoppers (userIds, userTokens) searched, in analytics and autocomplete. */
  forget(ids: readonly string[]): void {
    this.analytics.forget(ids);
  }

  /** Feed from the event bus (when `analyticsFromOwnEvents` is false), or a rebuild from the log. */
  observe(events: readonly PanierEvent[]): void {
    this.analytics.apply(events);
  }

  /** Autocomplete: popular queries that returned results, then matching products and brands/categories. */
  async autocomplete(prefix: string, limit = 5, index = PRODUCTS_INDEX) {
    const queries = this.analytics
      .popularQueries(prefix, limit)
      .map((q) => ({ query: q.query, count: q.count, nbHits: q.nbHits }));
    if (prefix.trim() === '') return { queries, products: [], facets: {} };
    try {
      const res = await this.engine.search(index, {
        query: prefix,
        hitsPerPage: limit,
        facets: ['brand', 'categories.lvl0'],
        maxValuesPerFacet: limit,
        attributesToRetrieve: ['title', 'brand', 'price', 'imageUrl'],
        attributesToHighlight: ['title'],
      });
      return { queries, products: res.response.hits, facets: res.response.facets };
    } catch (e) {
      if (e instanceof PanierError && e.code === 'not_found') return { queries, products: [], facets: {} };
      throw e;
    }
  }
}
