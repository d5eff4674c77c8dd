import { createBus } from '../adapters/bus/index.ts';
import {
  createSqlCatalogStore,
  createSqlEventLog,
  createSqlKeyStore,
  migrateToLatest,
  openSql,
  redactUrl,
  type SqlDatabase,
  type SqlEventLog,
} from '../adapters/sql/index.ts';
import type { EventBus, Logger } from '../kernel/index.ts';
import { KeyService } from '../modules/access/index.ts';
import { CatalogService } from '../modules/catalog/index.ts';
import { Ingestor } from '../modules/collect/index.ts';
import type { PanierConfig } from './config.ts';

/** Everything one panier process holds: storage, log, bus and the module services over them. */
export interface Engine {
  config: PanierConfig;
  logger: Logger;
  sql: SqlDatabase;
  log: SqlEventLog;
  bus: EventBus;
  keys: KeyService;
  ingestor: Ingestor;
  catalog: CatalogService;
  close(): Promise<void>;
}

/** Opens storage, applies migrations and wires the services; the embedded or scale preset follows from the URLs. */
export async function createEngine(config: PanierConfig, logger: Logger): Promise<Engine> {
  const sql = await openSql(config.storage.url, {
    sync: config.storage.sync,
    writer: config.storage.writer,
  });
  const applied = await migrateToLatest(sql);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  logger.info({ storage: redactUrl(config.storage.url), bus: config.bus.url }, 'storage open');
  const log = createSqlEventLog(sql);
  log.keys.schedule(); // catch the deferred key index up with the log in the background
  const bus = createBus(config.bus.url, logger);
  const keys = new KeyService(createSqlKeyStore(sql));
  const ingestor = new Ingestor(log, bus, config.ingest);
  const catalog = new CatalogService(createSqlCatalogStore(sql), { logger });
  return {
    config,
    logger,
    sql,
    log,
    bus,
    keys,
    ingestor,
    catalog,
    close: async () => {
      log.keys.stop();
      await log.flush(); // the last appends reach the bus before it closes
      await bus.close();
      await sql.close();
    },
  };
}
