import { resolve } from 'node:path';
import { workerFitter } from '../adapters/profiles/model-fitter.ts';
import { createCatalogMirror } from '../adapters/recommend/catalog-mirror.ts';
import { fileLiveStore, fileModelStore, workerTrainer } from '../adapters/recommend/model-files.ts';
import { catalogFeed, catalogInventory } from '../adapters/search/catalog.ts';
import { SqliteLogReader } from '../adapters/sql/log-reader.ts';
import { createSqlProfilesStore } from '../adapters/sql/profiles-store.ts';
import type { EventLog } from '../kernel/index.ts';
import {
  createConsentChecker,
  type ErasureReport,
  identityResolver,
  ProfileService,
  shopperAffinities,
} from '../modules/profiles/index.ts';
import { RecommendService } from '../modules/recommend/index.ts';
import { SearchService, type ShopperAffinityProvider } from '../modules/search/index.ts';
import type { Engine } from './engine.ts';
import { erasePersonEverywhere } from './erase.ts';
import { SharedScan } from './shared-scan.ts';

/** The capability services over an engine: profiles feed recommendations and search with identity, consent and tastes. */
export interface Capabilities {
  profiles: ProfileService;
  search: SearchService;
  recommend: RecommendService;
  /** Erases a person everywhere: profiles, then recommendations' and search's live traces. */
  erase(anyId: string): Promise<ErasureReport>;
  stop(): void;
}

/** Search personalizes by the profile's tastes, translated into the search module's terms. */
function searchAffinities(profiles: ProfileService): ShopperAffinityProvider {
  return {
    affinity: async (userToken) => {
      const a = shopperAffinities(profiles, userToken);
      if (!a) return null;
      const [low, high] = profiles.engine.stats.priceCuts;
      const band =
        a.priceBand === 'budget'
          ? { min: 0, max: low }
          : a.priceBand === 'mid'
            ? { min: low, max: high }
            : a.priceBand === 'premium'
              ? { min: high, max: Number.MAX_VALUE }
              : undefined;
      return {
        categories: new Map(a.categories.map((c) => [c.name, c.weight])),
        brands: new Map(a.brands.map((b) => [b.name, b.weight])),
        ...(band ? { priceBand: band } : {}),
      };
    },
  };
}

export interface StartOptions {
  /** Where the recommendation model snapshot is kept (default ./data). */
  dataDir?: string;
  /**
   * Fills an empty store (the demo) while the capabilities follow the bus: profiles and recommendations
   * start on the empty log and take every event live, so nothing is replayed from the log afterwards
   * (the first recommendation model trains from the interactions gathered off the bus); then the
   * profile score models are fitted and search loads the catalog while the model trains.
   */
  fill?: () => Promise<void>;
}

/** The log with its scans read ahead by `reader` until the reader closes, then straight through. */
function readAhead(log: EventLog, reader: SqliteLogReader): EventLog {
  return {
    append: (events, options) => log.append(events, options),
    page: (filter, before, limit) => log.page(filter, before, limit),
    count: (filter) => log.count(filter),
    lastSeq: () => log.lastSeq(),
    scan: (afterSeq, limit) => (reader.closed ? log.scan(afterSeq, limit) : reader.scan(afterSeq, limit)),
  };
}

/** Builds and starts every capability: each rebuilds its in-memory state from the log, then follows the bus. */
export async function startCapabilities(
  engine: Engine,
  options: StartOptions | string = {},
): Promise<Capabilities> {
  const { dataDir = resolve('data'), fill } = typeof options === 'string' ? { dataDir: options } : options;
  const { logger } = engine;
  // With a snapshot of their live state (written at the last stop), recommendations replay only the
  // log after it, once profiles have rebuilt (the tail resolves identities against the rebuilt graph).
  // Otherwise profiles and recommendations replay the log side by side: one read of each page feeds both.
  const liveStore = fileLiveStore(dataDir);
  const tailOnly = !fill && liveStore.exists();
  // On SQLite a rebuild's pages are read by a thread of their own, one page ahead of the replay.
  const file = engine.sql.sqliteFile;
  const reader = !fill && file && file.path !== ':memory:' ? new SqliteLogReader(file.path) : null;
  const log = reader ? readAhead(engine.log, reader) : engine.log;
  const shared = fill || tailOnly ? null : new SharedScan(log, 2);
  const profiles = new ProfileService({
    log: shared?.reader() ?? log,
    eraser: engine.log,
    store: createSqlProfilesStore(engine.sql),
    bus: engine.bus,
    logger: logger.child({ module: 'profiles' }),
    fitter: workerFitter(), // the daily model fit runs off the main thread
  });
  engine.bus.subscribe(profiles.handle); // events arriving during the rebuild are buffered, not lost
  const identity = identityResolver(profiles);
  const consent = createConsentChecker(profiles);
  const inventory = catalogInventory(engine.catalog);
  const search = new SearchService({
    catalog: catalogFeed(engine.catalog),
    affinities: searchAffinities(profiles),
    consent, // personalization and analytics, asked at each search
    inventory,
    ingest: async (events) => {
      const { appended } = await engine.log.append(events);
      if (appended.length > 0) engine.bus.publish(appended);
    },
    logger: logger.child({ module: 'search' }),
  });
  const catalog = await createCatalogMirror(engine.catalog);
  const recommend = new RecommendService({
    log: shared?.reader() ?? log,
    bus: engine.bus,
    catalog,
    identity: { resolve: (id) => identity.resolve(id) ?? id },
    consent: { personalizationAllowed: (profileId) => consent.allows(profileId, 'personalization') },
    logger: logger.child({ module: 'recommend' }),
    config: engine.config.recommend,
    store: fileModelStore(dataDir, catalog),
    liveStore,
    trainer: workerTrainer(),
  });
  const started = Date.now();
  try {
    if (fill) {
      await Promise.all([recommend.start(), profiles.start()]); // an empty log: nothing to replay
      recommend.gather(); // the first model trains from the events taken off the bus: no scan of the log
      await fill();
      const filled = Date.now();
      // Trained in a worker thread while the profile models are refitted and search indexes the catalog.
      const training = recommend.retrain();
      await profiles.refresh(true);
      await Promise.all([training, search.start()]);
      logger.info({ ms: Date.now() - filled }, 'profiles refitted, recommendations trained, catalog indexed');
    } else if (tailOnly) {
      await Promise.all([profiles.start(), search.start()]);
      await recommend.start();
    } else {
      // Recommendations train in a worker thread while profiles and search rebuild on the main thread.
      await Promise.all([recommend.start(), profiles.start(), search.start()]).finally(() => shared?.end());
    }
  } finally {
    await reader?.close(); // later scans (a retrain) read the log directly
  }
  const stopRefresh = profiles.schedule(); // hourly score refresh, daily refit
  logger.info({ ms: Date.now() - started }, 'profiles, search and recommendations ready');
  return {
    profiles,
    search,
    recommend,
    erase: (anyId) => erasePersonEverywhere(profiles, [recommend, search], anyId),
    stop: () => {
      stopRefresh();
      recommend.stop();
      catalog.close();
      search.stop();
      inventory.close();
    },
  };
}
