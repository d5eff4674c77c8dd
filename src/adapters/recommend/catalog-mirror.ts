import { type CatalogService, type Location, type Product, StockIndex } from '../../modules/catalog/index.ts';
import type { RecommendCatalog } from '../../modules/recommend/index.ts';

/**
 * The catalog as the recommender reads it: products, locations and stock copied into memory at start
 * and kept in step with every committed catalog write through `onChange`.
 */
export async function createCatalogMirror(
  catalog: CatalogService,
): Promise<RecommendCatalog & { close(): void }> {
  const products = new Map<string, Product>();
  const locations = new Map<string, Location>();
  const stock = new StockIndex();
  const unsubscribe = catalog.onChange((change) => {
    stock.apply(change);
    if (change.type === 'products_upserted') for (const p of change.products) products.set(p.id, p);
    else if (change.type === 'products_deleted') for (const id of change.ids) products.delete(id);
    else if (change.type === 'locations_upserted') for (const l of change.locations) locations.set(l.id, l);
    else if (change.type === 'locations_deleted') for (const id of change.ids) locations.delete(id);
  });
  for await (const batch of catalog.scanProducts()) for (const p of batch) products.set(p.id, p);
  for await (const batch of catalog.scanLocations()) for (const l of batch) locations.set(l.id, l);
  for await (const batch of catalog.scanInventory()) for (const level of batch) stock.set(level);
  return {
    product: (id) => products.get(id),
    availableAt: (productId, locationId) => stock.available(productId, locationId),
    location: (id) => locations.get(id),
    locations: () => locations.values(),
    products: () => products.values(),
    close: unsubscribe,
  };
}
