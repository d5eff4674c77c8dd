import { availableUnits, type CatalogService, type Product } from '../../modules/catalog/index.ts';
import type { CatalogFeed, InventoryLookup } from '../../modules/search/index.ts';

/** The catalog service as the search module's feed: a full scan, then product changes. */
export function catalogFeed(catalog: CatalogService): CatalogFeed {
  return {
    async loadAll() {
      const all: Product[] = [];
      for await (const batch of catalog.scanProducts()) all.push(...batch);
      return all;
    },
    subscribe(onChange) {
      return catalog.onChange((c) => {
        if (c.type === 'products_upserted') onChange({ upserted: [...c.products], removed: [] });
        else if (c.type === 'products_deleted') onChange({ upserted: [], removed: [...c.ids] });
      });
    },
  };
}

/**
 * Products with available units at a store, from the catalog's inventory levels. One Set per store is
 * kept until an inventory change touches that store, so the search engine maps it to docs once.
 */
export function catalogInventory(catalog: CatalogService): InventoryLookup & { close(): void } {
  const cache = new Map<string, Promise<ReadonlySet<string>>>();
  const unsubscribe = catalog.onChange((c) => {
    if (c.type === 'inventory_changed') for (const l of c.levels) cache.delete(l.locationId);
    else if (c.type === 'inventory_deleted') for (const k of c.keys) cache.delete(k.locationId);
    else if (c.type === 'products_deleted' || c.type === 'locations_deleted') cache.clear();
  });
  const load = async (storeId: string): Promise<ReadonlySet<string>> => {
    const ids = new Set<string>();
    for await (const batch of catalog.scanInventory({ locationId: storeId }))
      for (const level of batch) if (availableUnits(level) > 0) ids.add(level.productId);
    return ids;
  };
  return {
    availableAt(storeId) {
      let hit = cache.get(storeId);
      if (!hit) {
        hit = load(storeId);
        cache.set(storeId, hit);
        hit.catch(() => cache.delete(storeId));
      }
      return hit;
    },
    close: unsubscribe,
  };
}
