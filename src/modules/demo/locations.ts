import type { Rng } from '../../kernel/index.ts';
import type { LocationInput } from '../catalog/index.ts';
import { STREAMS, streamRng } from './random.ts';
import { LOCKER_SPOTS, type Place, STORE_PLACES, STREETS, WAREHOUSE_PLACES } from './words/places.ts';

export const STORE_COUNT = 15;
export const LOCKER_COUNT = 30;

export interface Site {
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  /** Relative footfall of a store; bigger stores draw more shoppers and carry more of the catalog. */
  readonly size: number;
  readonly openSunday: boolean;
  /** For a locker, the store that fills it. */
  readonly store: number;
}

export interface DemoLocations {
  readonly records: readonly LocationInput[];
  readonly stores: readonly Site[];
  readonly lockers: readonly Site[];
  readonly warehouses: readonly string[];
}

const pad = (n: number): string => String(n).padStart(2, '0');
const MON_SAT = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function storeHours(openSunday: boolean): LocationInput['openingHours'] {
  const hours: NonNullable<LocationInput['openingHours']> = {};
  for (const d of MON_SAT) hours[d] = [['09:00', '20:00']];
  if (openSunday) hours.sun = [['09:00', '13:00']];
  return hours;
}

const ALWAYS_OPEN = {
  mon: [['00:00', '23:59']],
  tue: [['00:00', '23:59']],
  wed: [['00:00', '23:59']],
  thu: [['00:00', '23:59']],
  fri: [['00:00', '23:59']],
  sat: [['00:00', '23:59']],
  sun: [['00:00', '23:59']],
} satisfies LocationInput['openingHours'];

function address(rng: Rng, place: Place): string {
  return `${1 + rng.int(180)} ${rng.pick(STREETS)}, ${place.name}`;
}

/** Index of the closest site (equirectangular distance, fine at city scale). */
export function nearestSite(stores: readonly Site[], lat: number, lon: number): number {
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  stores.forEach((s, k) => {
    const d = (s.lat - lat) ** 2 + ((s.lon - lon) * 0.7) ** 2;
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  });
  return best;
}

export function buildLocations(seed: number): DemoLocations {
  const rng = streamRng(seed, STREAMS.locations);
  const records: LocationInput[] = [];
  const stores: Site[] = [];
  const places = STORE_PLACES.slice(0, STORE_COUNT);
  places.forEach((place, k) => {
    const id = `store-${pad(k + 1)}`;
    const openSunday = k % 3 !== 2;
    const size = Math.round((0.5 + rng.next() * 1.5) * 100) / 100;
    stores.push({ id, lat: place.lat, lon: place.lon, size, openSunday, store: k });
    records.push({
      id,
      name: `panier ${place.name}`,
      kind: 'store',
      lat: place.lat,
      lon: place.lon,
      address: address(rng, place),
      region: place.region,
      openingHours: storeHours(openSunday),
      capacity: Math.round(40 + 80 * size),
      active: true,
    });
  });
  const lockers: Site[] = [];
  for (let k = 0; k < LOCKER_COUNT; k++) {
    const place = places[k % places.length]!;
    // Lockers sit within about two kilometres of a neighbourhood centre.
    const lat = Math.round((place.lat + (rng.next() - 0.5) * 0.036) * 1e5) / 1e5;
    const lon = Math.round((place.lon + (rng.next() - 0.5) * 0.05) * 1e5) / 1e5;
    const id = `locker-${pad(k + 1)}`;
    lockers.push({ id, lat, lon, size: 1, openSunday: true, store: nearestSite(stores, lat, lon) });
    records.push({
      id,
      name: `Locker ${place.name} ${LOCKER_SPOTS[k % LOCKER_SPOTS.length]}`,
      kind: 'locker',
      lat,
      lon,
      address: address(rng, place),
      region: place.region,
      openingHours: ALWAYS_OPEN,
      capacity: 24 + 12 * rng.int(7),
      active: true,
    });
  }
  const warehouses = WAREHOUSE_PLACES.map((place, k) => {
    const id = `warehouse-${pad(k + 1)}`;
    records.push({
      id,
      name: place.name,
      kind: 'warehouse',
      lat: place.lat,
      lon: place.lon,
      address: address(rng, place),
      region: place.region,
      openingHours: {
        mon: [['06:00', '22:00']],
        tue: [['06:00', '22:00']],
        wed: [['06:00', '22:00']],
        thu: [['06:00', '22:00']],
        fri: [['06:00', '22:00']],
        sat: [['06:00', '14:00']],
      },
      capacity: 20_000,
      active: true,
    });
    return id;
  });
  return { records, stores, lockers, warehouses };
}
