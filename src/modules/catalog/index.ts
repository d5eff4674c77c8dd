export {
  type BulkOptions,
  type BulkResult,
  MAX_REPORTED_ERRORS,
  type RowError,
  validateRows,
} from './bulk.ts';
export type { CatalogChange, CatalogListener } from './changes.ts';
export { type GeoPoint, haversineKm, locationsWithin, type Nearby, nearestLocations } from './geo.ts';
export type {
  CatalogStore,
  InventoryFilter,
  InventoryKey,
  LocationFilter,
  ProductFilter,
} from './ports.ts';
export {
  ATTRIBUTE_COLUMN_PREFIX,
  type FlatRecord,
  flatInventoryRecord,
  flatLocationRecord,
  flatProductRecord,
  INVENTORY_COLUMNS,
  LOCATION_COLUMNS,
  PRODUCT_COLUMNS,
  unknownColumns,
} from './records.ts';
export {
  CATEGORY_SEPARATOR,
  categoryPath,
  type InventoryInput,
  type InventoryLevel,
  inventoryInputSchema,
  LOCATION_KINDS,
  type Location,
  type LocationInput,
  type LocationKind,
  locationInputSchema,
  openingHoursSchema,
  type Product,
  type ProductInput,
  productInputSchema,
  WEEKDAYS,
} from './schemas.ts';
export {
  CatalogService,
  type CatalogServiceOptions,
  DEFAULT_PAGE_SIZE,
  type ListPage,
  type ListQuery,
  MAX_PAGE_SIZE,
} from './service.ts';
export { availableUnits, StockIndex, type StockNearby, stockWithin } from './stock.ts';
