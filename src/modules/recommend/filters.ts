import type { Product } from '../catalog/schemas.ts';
import type { RecommendCatalog } from './ports.ts';
import type { RecommendFilters } from './schemas.ts';

/** A predicate over product ids built once per request from the filters and exclusions. */
export function buildAccept(
  filters: RecommendFilters,
  catalog: RecommendCatalog,
  excluded: ReadonlySet<string>,
): (productId: string) => boolean {
  const checks: Array<(p: Product) => boolean> = [];
  if (filters.category) {
    const raw = filters.category.split('>').map((s) => s.trim());
    const want = raw.map((s) => s.toLowerCase());
    checks.push((p) => {
      if (p.category.length < want.length) return false;
      for (let i = 0; i < want.length; i++) {
        const c = p.category[i]!;
        if (c !== raw[i] && (c.length !== want[i]!.length || lower(c) !== want[i])) return false;
      }
      return true;
    });
  }
  if (filters.brand) {
    const brands = new Set(
      (Array.isArray(filters.brand) ? filters.brand : [filters.brand]).map((b) => b.toLowerCase()),
    );
    checks.push((p) => p.brand !== undefined && brands.has(lower(p.brand)));
  }
  if (filters.priceMin !== undefined) checks.push((p) => p.price >= filters.priceMin!);
  if (filters.priceMax !== undefined) checks.push((p) => p.price <= filters.priceMax!);
  if (filters.inStockAt) checks.push((p) => (catalog.availableAt(p.id, filters.inStockAt!) ?? 0) > 0);
  if (filters.near) {
    const { lat, lon, radiusKm } = filters.near;
    const nearby = [...catalog.locations()].filter(
      (l) => l.active && distanceKm(lat, lon, l.lat, l.lon) <= radiusKm,
    );
    checks.push((p) => nearby.some((l) => (catalog.availableAt(p.id, l.id) ?? 0) > 0));
  }
  return (productId) => {
    if (excluded.has(productId)) return false;
    const p = catalog.product(productId);
    if (p && !p.active) return false;
    if (checks.length === 0) return true;
    return p !== undefined && checks.every((c) => c(p));
  };
}

export const hasProductFilters = (f: RecommendFilters): boolean =>
  !!(f.category || f.brand || f.priceMin !== undefined || f.priceMax !== undefined || f.inStockAt || f.near);

/** Great-circle distance (haversine). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.min(1, Math.sqrt(a)));
}

const lowered = new Map<string, string>();
/** Lower-cased category and brand names, memoized: there are few distinct ones and filters run per candidate. */
function lower(s: string): string {
  let v = lowered.get(s);
  if (v === undefined) {
    v = s.toLowerCase();
    if (lowered.size < 100_000) lowered.set(s, v);
  }
  return v;
}
