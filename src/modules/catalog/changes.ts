import type { InventoryKey } from './ports.ts';
import type { InventoryLevel, Location, Product } from './schemas.ts';

/**
 * What a committed catalog write changed, for in-memory copies (search index, recommenders, stock
 * index). Deleting a product or location also deletes its inventory levels; no separate change is sent.
 */
export type CatalogChange =
  | { type: 'products_upserted'; products: readonly Product[] }
  | { type: 'products_deleted'; ids: readonly string[] }
  | { type: 'locations_upserted'; locations: readonly Location[] }
  | { type: 'locations_deleted'; ids: readonly string[] }
  | { type: 'inventory_changed'; levels: readonly InventoryLevel[] }
  | { type: 'inventory_deleted'; keys: readonly InventoryKey[] };

export type CatalogListener = (change: CatalogChange) => void;
