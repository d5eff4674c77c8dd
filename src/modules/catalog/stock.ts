import type { CatalogChange } from './changes.ts';
import { type GeoPoint, locationsWithin, type Nearby } from './geo.ts';
import type { InventoryLevel } from './schemas.ts';

/** Units that can still be promised: on hand minus reserved, never negative. In-transit units are not. */
export function availableUnits(level: Pick<InventoryLevel, 'onHand' | 'reserved'>): number {
  return Math.max(0, level.onHand - level.reserved);
}

/**
 * Available units per product × location, in memory, for "in stock at this store / within D km"
 * filters on the serving path. Each stocked product holds one Int32Array indexed by a location slot,
 * so 20,000 products × 45 locations take about 4 MB.
 */
export class StockIndex {
  private readonly slotOf = new Map<string, number>();
  private readonly byProduct = new Map<string, Int32Array>();

  static from(levels: Iterable<InventoryLevel>): StockIndex {
    const index = new StockIndex();
    for (const level of levels) index.set(level);
    return index;
  }

  set(level: InventoryLevel): void {
    const slot = this.slot(level.locationId);
    let units = this.byProduct.get(level.productId);
    if (!units || units.length <= slot) {
      const grown = new Int32Array(Math.max(this.slotOf.size, slot + 1));
      if (units) grown.set(units);
      units = grown;
      this.byProduct.set(level.productId, units);
    }
    units[slot] = availableUnits(level);
  }

  delete(productId: string, locationId: string): void {
    const slot = this.slotOf.get(locationId);
    const units = this.byProduct.get(productId);
    if (slot !== undefined && units && slot < units.length) units[slot] = 0;
  }

  deleteProduct(productId: string): void {
    this.byProduct.delete(productId);
  }

  deleteLocation(locationId: string): void {
    const slot = this.slotOf.get(locationId);
    if (slot === undefined) return;
    for (const units of this.byProduct.values()) if (slot < units.length) units[slot] = 0;
  }

  available(productId: string, locationId: string): number {
    const slot = this.slotOf.get(locationId);
    const units = this.byProduct.get(productId);
    return slot !== undefined && units && slot < units.length ? units[slot]! : 0;
  }

  inStockAt(productId: string, locationId: string, minUnits = 1): boolean {
    return this.available(productId, locationId) >= minUnits;
  }

  /** True when any of `locationIds` has at least `minUnits` available. */
  inStockAnyOf(productId: string, locationIds: Iterable<string>, minUnits = 1): boolean {
    for (const locationId of locationIds) if (this.available(productId, locationId) >= minUnits) return true;
    return false;
  }

  /** Keeps the index in step with committed catalog writes; pass it to `CatalogService.onChange`. */
  apply(change: CatalogChange): void {
    switch (change.type) {
      case 'inventory_changed':
        for (const level of change.levels) this.set(level);
        break;
      case 'inventory_deleted':
        for (const key of change.keys) this.delete(key.productId, key.locationId);
        break;
      case 'products_deleted':
        for (const id of change.ids) this.deleteProduct(id);
        break;
      case 'locations_deleted':
        for (const id of change.ids) this.deleteLocation(id);
        break;
    }
  }

  private slot(locationId: string): number {
    let slot = this.slotOf.get(locationId);
    if (slot === undefined) {
      slot = this.slotOf.size;
      this.slotOf.set(locationId, slot);
    }
    return slot;
  }
}

export interface StockNearby<L> extends Nearby<L> {
  available: number;
}

/** Locations within `maxKm` of `from` holding at least `minUnits` of a product, nearest first. */
export function stockWithin<L extends GeoPoint & { id: string }>(
  stock: StockIndex,
  locations: Iterable<L>,
  productId: string,
  from: GeoPoint,
  maxKm: number,
  minUnits = 1,
): StockNearby<L>[] {
  const found: StockNearby<L>[] = [];
  for (const near of locationsWithin(locations, from, maxKm)) {
    const available = stock.available(productId, near.location.id);
    if (available >= minUnits) found.push({ ...near, available });
  }
  return found;
}
