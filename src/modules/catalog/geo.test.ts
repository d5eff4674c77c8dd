import { describe, expect, it } from 'vitest';
import { haversineKm, locationsWithin, nearestLocations } from './geo.ts';

const paris = { lat: 48.8566, lon: 2.3522 };
const london = { lat: 51.5074, lon: -0.1278 };
const lyon = { lat: 45.764, lon: 4.8357 };

describe('haversineKm', () => {
  it('matches known great-circle distances', () => {
    // Commonly published city-centre great-circle distances: Paris–London 344 km, Paris–Lyon 392 km.
    expect(Math.abs(haversineKm(paris, london) - 344)).toBeLessThan(1.5);
    expect(Math.abs(haversineKm(paris, lyon) - 392)).toBeLessThan(1.5);
    expect(haversineKm(paris, paris)).toBe(0);
  });

  it('is symmetric and handles the antimeridian and antipodes', () => {
    expect(haversineKm(paris, lyon)).toBeCloseTo(haversineKm(lyon, paris), 9);
    expect(haversineKm({ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 })).toBeCloseTo(111.2, 0);
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * 6371.0088, 3);
  });
});

describe('locationsWithin', () => {
  const stores = [
    { id: 'lyon', ...lyon },
    { id: 'london', ...london },
    { id: 'paris-b', lat: 48.86, lon: 2.36 },
    { id: 'paris-a', lat: 48.86, lon: 2.36 },
  ];

  it('keeps locations within the radius, nearest first, ties by id', () => {
    const near = locationsWithin(stores, paris, 350);
    expect(near.map((n) => n.location.id)).toEqual(['paris-a', 'paris-b', 'london']);
    expect(near[0]!.distanceKm).toBeLessThan(1);
    expect(locationsWithin(stores, paris, 0.1)).toEqual([]);
  });

  it('nearestLocations takes the n closest whatever the distance', () => {
    expect(nearestLocations(stores, lyon, 2).map((n) => n.location.id)).toEqual(['lyon', 'paris-a']);
  });
});
