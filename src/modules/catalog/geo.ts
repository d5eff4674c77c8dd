/** Distances between locations and shoppers; pure, degrees in, kilometres out. */

export interface GeoPoint {
  lat: number;
  lon: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in km (haversine; within 0.5% of the ellipsoid, plenty for "nearest store"). */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Nearby<L> {
  location: L;
  distanceKm: number;
}

/** Locations within `maxKm` of `from`, nearest first (ties by id so the order is stable). */
export function locationsWithin<L extends GeoPoint & { id: string }>(
  locations: Iterable<L>,
  from: GeoPoint,
  maxKm: number,
): Nearby<L>[] {
  const found: Nearby<L>[] = [];
  for (const location of locations) {
    const distanceKm = haversineKm(from, location);
    if (distanceKm <= maxKm) found.push({ location, distanceKm });
  }
  return found.sort((a, b) => a.distanceKm - b.distanceKm || (a.location.id < b.location.id ? -1 : 1));
}

/** The `n` nearest locations to `from`, nearest first. */
export function nearestLocations<L extends GeoPoint & { id: string }>(
  locations: Iterable<L>,
  from: GeoPoint,
  n: number,
): Nearby<L>[] {
  return locationsWithin(locations, from, Number.POSITIVE_INFINITY).slice(0, n);
}
