import type { InventoryInput } from '../catalog/index.ts';
import type { CatalogModel } from './catalog-model.ts';
import type { DemoLocations } from './locations.ts';
import { productId } from './products.ts';
import { STREAMS, streamRng } from './random.ts';

/** Share of the catalog a store of size 1 carries: big catalogs are not stocked whole in every store. */
function assortmentShare(products: number): number {
  return Math.min(0.7, 40_000 / products);
}

interface Holder {
  readonly id: string;
  readonly share: number;
  readonly scale: number;
  readonly stockoutRate: number;
}

function holders(locations: DemoLocations, products: number): Holder[] {
  const base = assortmentShare(products);
  const stores = locations.stores.map((s) => ({
    id: s.id,
    share: Math.min(0.95, base * Math.sqrt(s.size)),
    scale: s.size,
    stockoutRate: 0.05,
  }));
  const warehouses = locations.warehouses.map((id) => ({ id, share: 1, scale: 12, stockoutRate: 0.01 }));
  return [...stores, ...warehouses];
}

/** Stock levels per store and warehouse × product, streamed location by location. */
export function* inventoryBatches(
  model: CatalogModel,
  locations: DemoLocations,
  seed: number,
  batchSize: number,
): Generator<InventoryInput[]> {
  let batch: InventoryInput[] = [];
  const list = holders(locations, model.size);
  for (let h = 0; h < list.length; h++) {
    const holder = list[h]!;
    const rng = streamRng(seed, STREAMS.inventory, h);
    for (let i = 0; i < model.size; i++) {
      if (holder.share < 1 && rng.next() >= holder.share) continue;
      const out = rng.next() < holder.stockoutRate;
      const onHand = out ? 0 : Math.max(1, Math.round(Math.exp(1.8 + 0.8 * rng.normal()) * holder.scale));
      const reserved = !out && rng.next() < 0.1 ? 1 + rng.int(Math.min(3, onHand)) : 0;
      // Most stockouts already have a delivery on its way.
      const inTransit = (out ? rng.next() < 0.6 : rng.next() < 0.05) ? 10 + 5 * rng.int(9) : 0;
      batch.push({ productId: productId(i), locationId: holder.id, onHand, reserved, inTransit });
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
