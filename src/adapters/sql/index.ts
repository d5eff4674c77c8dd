export { createSqlCatalogStore } from './catalog-store.ts';
export { openSql, redactUrl, type SqlDatabase, type SqlDialect, type SqlOptions } from './database.ts';
export { createSqlEvalRunStore } from './eval-run-store.ts';
export { createSqlEventLog, type SqlEventLog } from './event-log.ts';
export { createSqlForecastStore } from './forecast-store.ts';
export { createSqlKeyStore } from './key-store.ts';
export {
  type ColumnTypes,
  columnTypes,
  type DualMigration,
  migrateToLatest,
  migrationsPending,
  ping,
} from './migrate.ts';
