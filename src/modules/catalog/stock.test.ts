import { describe, expect, it } from 'vitest';
import type { InventoryLevel } from './schemas.ts';
import { availableUnits, StockIndex, stockWithin } from './stock.ts';

const level = (productId: string, locationId: string, onHand: number, reserved = 0): InventoryLevel => ({
  productId,
  locationId,
  onHand,
  reserved,
  inTransit: 0,
  updatedAt: 0,
});

describe('availableUnits', () => {
  it('subtracts reservations and never goes negative', () => {
    expect(availableUnits({ onHand: 5, reserved: 2 })).toBe(3);
    expect(availableUnits({ onHand: 1, reserved: 4 })).toBe(0);
  });
});

describe('StockIndex', () => {
  it('answers per product × location, growing as locations appear', () => {
    const stock = StockIndex.from([level('p1', 'a', 3), level('p2', 'b', 1)]);
    stock.set(level('p1', 'c', 2, 2));
    stock.set(level('p1', 'd', 9));
    expect(stock.available('p1', 'a')).toBe(3);
    expect(stock.available('p1', 'b')).toBe(0);
    expect(stock.available('p1', 'c')).toBe(0);
    expect(stock.available('p1', 'd')).toBe(9);
    expect(stock.available('p2', 'd')).toBe(0);
    expect(stock.available('nope', 'a')).toBe(0);
    expect(stock.available('p1', 'nowhere')).toBe(0);
    expect(stock.inStockAt('p1', 'a', 3)).toBe(true);
    expect(stock.inStockAt('p1', 'a', 4)).toBe(false);
    expect(stock.inStockAnyOf('p1', ['b', 'c'])).toBe(false);
    expect(stock.inStockAnyOf('p1', ['b', 'd'])).toBe(true);
  });

  it('follows catalog changes', () => {
    const stock = StockIndex.from([level('p1', 'a', 3), level('p1', 'b', 4), level('p2', 'a', 5)]);
    stock.apply({ type: 'inventory_changed', levels: [level('p1', 'a', 0)] });
    expect(stock.available('p1', 'a')).toBe(0);
    stock.apply({ type: 'inventory_deleted', keys: [{ productId: 'p1', locationId: 'b' }] });
    expect(stock.available('p1', 'b')).toBe(0);
    stock.apply({ type: 'locations_deleted', ids: ['a'] });
    expect(stock.available('p2', 'a')).toBe(0);
    stock.set(level('p3', 'b', 2));
    stock.apply({ type: 'products_deleted', ids: ['p3'] });
    expect(stock.available('p3', 'b')).toBe(0);
    stock.apply({ type: 'products_upserted', products: [] });
  });
});

describe('stockWithin', () => {
  const locations = [
    { id: 'near', lat: 48.86, lon: 2.35 },
    { id: 'mid', lat: 48.9, lon: 2.4 },
    { id: 'far', lat: 45.76, lon: 4.84 },
  ];
  const home = { lat: 48.85, lon: 2.35 };

  it('lists nearby locations holding the product, nearest first', () => {
    const stock = StockIndex.from([level('p1', 'near', 0), level('p1', 'mid', 2), level('p1', 'far', 9)]);
    const found = stockWithin(stock, locations, 'p1', home, 20);
    expect(found.map((f) => [f.location.id, f.available])).toEqual([['mid', 2]]);
    expect(found[0]!.distanceKm).toBeGreaterThan(5);
    expect(stockWithin(stock, locations, 'p1', home, 1000).map((f) => f.location.id)).toEqual(['mid', 'far']);
    expect(stockWithin(stock, locations, 'p1', home, 1000, 3).map((f) => f.location.id)).toEqual(['far']);
  });
});
