import { type Clock, type Logger, PanierError, silentLogger, systemClock } from '../../kernel/index.ts';
import {
  type BulkOptions,
  type BulkResult,
  bulkRejected,
  lastByKey,
  rowError,
  validateRows,
} from './bulk.ts';
import type { CatalogChange, CatalogListener } from './changes.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { CatalogStore, InventoryFilter, InventoryKey, LocationFilter, ProductFilter } from './ports.ts';
import {
  type InventoryLevel,
  inventoryInputSchema,
  type Location,
  locationInputSchema,
  type Product,
  productInputSchema,
} from './schemas.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
const SCAN_BATCH = 5000;

export interface ListQuery<F> {
  filter?: F;
  /** `nextCursor` of the previous page; absent for the first page. */
  cursor?: string | null;
  limit?: number;
  /** Also count every match of the filter (costs a scan of the matches). */
  withTotal?: boolean;
}

export interface ListPage<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  total?: number;
}

export interface CatalogServiceOptions {
  clock?: Clock;
  logger?: Logger;
}

/**
 * Products, locations and inventory levels. Bulk upserts are all-or-nothing per call: every row is
 * validated first and if any is bad nothing is written and every problem is reported (`invalid_row`).
 * Listeners hear about each committed change, so in-memory copies stay in step.
 */
export class CatalogService {
  private readonly listeners = new Set<CatalogListener>();
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(
    private readonly store: CatalogStore,
    options: CatalogServiceOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
  }

  /** Calls `fn` after every committed change; subscribe before scanning so nothing falls in between. */
  onChange(fn: CatalogListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async upsertProducts(rows: readonly unknown[], options: BulkOptions = {}): Promise<BulkResult> {
    const checked = validateRows(productInputSchema, rows, options);
    if (checked.invalidRows > 0)
      throw bulkRejected('product', rows.length, checked.invalidRows, checked.errors);
    const products = lastByKey(this.stamp(checked.valid), (p) => p.id);
    if (products.length > 0 && !options.dryRun) {
      await this.store.upsertProducts(products);
      this.emit({ type: 'products_upserted', products });
    }
    return { upserted: products.length };
  }

  async upsertLocations(rows: readonly unknown[], options: BulkOptions = {}): Promise<BulkResult> {
    const checked = validateRows(locationInputSchema, rows, options);
    if (checked.invalidRows > 0)
      throw bulkRejected('location', rows.length, checked.invalidRows, checked.errors);
    const locations = lastByKey(this.stamp(checked.valid), (l) => l.id);
    if (locations.length > 0 && !options.dryRun) {
      await this.store.upsertLocations(locations);
      this.emit({ type: 'locations_upserted', locations });
    }
    return { upserted: locations.length };
  }

  /** Inventory rows must name existing products and locations; unknown ones are row errors. */
  async upsertInventory(rows: readonly unknown[], options: BulkOptions = {}): Promise<BulkResult> {
    const checked = validateRows(inventoryInputSchema, rows, options);
    const products = await this.store.existingProductIds(distinct(checked.valid.map((r) => r.productId)));
    const locations = await this.store.existingLocationIds(distinct(checked.valid.map((r) => r.locationId)));
    const refErrors = checked.valid.flatMap((row, i) => {
      const index = checked.validIndex[i]!;
      const errs = [];
      if (!products.has(row.productId))
        errs.push(rowError(index, options, 'productId', `unknown product "${row.productId}"`));
      if (!locations.has(row.locationId))
        errs.push(rowError(index, options, 'locationId', `unknown location "${row.locationId}"`));
      return errs;
    });
    const invalidRows = checked.invalidRows + new Set(refErrors.map((e) => e.index)).size;
    if (invalidRows > 0) {
      const errors = [...checked.errors, ...refErrors].sort((a, b) => a.index - b.index);
      throw bulkRejected('inventory', rows.length, invalidRows, errors);
    }
    const levels = lastByKey(this.stamp(checked.valid), inventoryKeyString);
    if (levels.length > 0 && !options.dryRun) {
      await this.store.upsertInventory(levels);
      this.emit({ type: 'inventory_changed', levels });
    }
    return { upserted: levels.length };
  }

  getProduct(id: string): Promise<Product | null> {
    return this.store.getProduct(id);
  }

  getLocation(id: string): Promise<Location | null> {
    return this.store.getLocation(id);
  }

  getInventory(key: InventoryKey): Promise<InventoryLevel | null> {
    return this.store.getInventory(key);
  }

  async listProducts(query: ListQuery<ProductFilter> = {}): Promise<ListPage<Product>> {
    const filter = query.filter ?? {};
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor, 1)[0]! : null;
    const rows = await this.store.listProducts(filter, after, limit + 1);
    const total = query.withTotal ? await this.store.countProducts(filter) : undefined;
    return toPage(rows, limit, (p) => [p.id], total);
  }

  async listLocations(query: ListQuery<LocationFilter> = {}): Promise<ListPage<Location>> {
    const filter = query.filter ?? {};
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor, 1)[0]! : null;
    const rows = await this.store.listLocations(filter, after, limit + 1);
    const total = query.withTotal ? await this.store.countLocations(filter) : undefined;
    return toPage(rows, limit, (l) => [l.id], total);
  }

  /** Ordered by productId then locationId. */
  async listInventory(query: ListQuery<InventoryFilter> = {}): Promise<ListPage<InventoryLevel>> {
    const filter = query.filter ?? {};
    const limit = pageSize(query.limit);
    const key = query.cursor ? decodeCursor(query.cursor, 2) : null;
    const after = key ? { productId: key[0]!, locationId: key[1]! } : null;
    const rows = await this.store.listInventory(filter, after, limit + 1);
    const total = query.withTotal ? await this.store.countInventory(filter) : undefined;
    return toPage(rows, limit, (r) => [r.productId, r.locationId], total);
  }

  async deleteProduct(id: string): Promise<boolean> {
    const deleted = await this.store.deleteProduct(id);
    if (deleted) this.emit({ type: 'products_deleted', ids: [id] });
    return deleted;
  }

  async deleteLocation(id: string): Promise<boolean> {
    const deleted = await this.store.deleteLocation(id);
    if (deleted) this.emit({ type: 'locations_deleted', ids: [id] });
    return deleted;
  }

  async deleteInventory(key: InventoryKey): Promise<boolean> {
    const deleted = await this.store.deleteInventory(key);
    if (deleted) this.emit({ type: 'inventory_deleted', keys: [key] });
    return deleted;
  }

  /** The whole product table in id order, in batches, for building in-memory indexes at start. */
  scanProducts(filter: ProductFilter = {}, batchSize = SCAN_BATCH): AsyncGenerator<Product[]> {
    return scan(
      (after, n) => this.store.listProducts(filter, after?.[0] ?? null, n),
      (p) => [p.id],
      batchSize,
    );
  }

  scanLocations(filter: LocationFilter = {}, batchSize = SCAN_BATCH): AsyncGenerator<Location[]> {
    return scan(
      (after, n) => this.store.listLocations(filter, after?.[0] ?? null, n),
      (l) => [l.id],
      batchSize,
    );
  }

  scanInventory(filter: InventoryFilter = {}, batchSize = SCAN_BATCH): AsyncGenerator<InventoryLevel[]> {
    return scan(
      (after, n) =>
        this.store.listInventory(filter, after ? { productId: after[0]!, locationId: after[1]! } : null, n),
      (r) => [r.productId, r.locationId],
      batchSize,
    );
  }

  private stamp<T extends { updatedAt?: number }>(rows: readonly T[]): Array<T & { updatedAt: number }> {
    const updatedAt = this.clock.now();
    return rows.map((row) => ({ ...row, updatedAt }));
  }

  /** A listener's failure is logged, never turned into a failed write: the change is already committed. */
  private emit(change: CatalogChange): void {
    for (const fn of this.listeners) {
      try {
        fn(change);
      } catch (err) {
        this.logger.error({ err, change: change.type }, 'catalog change listener failed');
      }
    }
  }
}

export const inventoryKeyString = (k: InventoryKey): string => JSON.stringify([k.productId, k.locationId]);

const distinct = (ids: readonly string[]): string[] => [...new Set(ids)];

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
    throw new PanierError('invalid_query', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, 'limit');
  return limit;
}

function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string[], total?: number): ListPage<T> {
  const items = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(keyOf(items[items.length - 1]!)) : null;
  return total === undefined ? { items, nextCursor } : { items, nextCursor, total };
}

async function* scan<T>(
  list: (after: string[] | null, limit: number) => Promise<T[]>,
  keyOf: (row: T) => string[],
  batchSize: number,
): AsyncGenerator<T[]> {
  let after: string[] | null = null;
  for (;;) {
    const batch = await list(after, batchSize);
    if (batch.length > 0) yield batch;
    if (batch.length < batchSize) return;
    after = keyOf(batch[batch.length - 1]!);
  }
}
