import type { InventoryLevel, Location, LocationKind, Product } from './schemas.ts';

export interface ProductFilter {
  /** Path prefix: ["Garden"] matches "Garden" and "Garden > Tools", not "Gardening". */
  categoryPrefix?: readonly string[];
  brand?: string;
  active?: boolean;
}

export interface LocationFilter {
  kind?: LocationKind;
  active?: boolean;
}

export interface InventoryFilter {
  productId?: string;
  locationId?: string;
}

export interface InventoryKey {
  productId: string;
  locationId: string;
}

/**
 * Durable catalog state. Every bulk write is one transaction (all rows or none), rows have distinct keys,
 * and lists are ordered by key and start strictly after `after`.
 */
export interface CatalogStore {
  upsertProducts(rows: readonly Product[]): Promise<void>;
  upsertLocations(rows: readonly Location[]): Promise<void>;
  upsertInventory(rows: readonly InventoryLevel[]): Promise<void>;

  getProduct(id: string): Promise<Product | null>;
  getLocation(id: string): Promise<Location | null>;
  getInventory(key: InventoryKey): Promise<InventoryLevel | null>;

  listProducts(filter: ProductFilter, after: string | null, limit: number): Promise<Product[]>;
  listLocations(filter: LocationFilter, after: string | null, limit: number): Promise<Location[]>;
  listInventory(
    filter: InventoryFilter,
    after: InventoryKey | null,
    limit: number,
  ): Promise<InventoryLevel[]>;

  countProducts(filter: ProductFilter): Promise<number>;
  countLocations(filter: LocationFilter): Promise<number>;
  countInventory(filter: InventoryFilter): Promise<number>;

  /** Which of `ids` exist (any active state). */
  existingProductIds(ids: readonly string[]): Promise<Set<string>>;
  existingLocationIds(ids: readonly string[]): Promise<Set<string>>;

  /** Deleting a product or a location deletes its inventory levels too. False when it did not exist. */
  deleteProduct(id: string): Promise<boolean>;
  deleteLocation(id: string): Promise<boolean>;
  deleteInventory(key: InventoryKey): Promise<boolean>;
}
