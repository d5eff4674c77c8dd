import type { Rng } from '../../kernel/index.ts';
import type { CatalogModel } from './catalog-model.ts';
import { type DemoLocations, nearestSite } from './locations.ts';
import { cumulativeList, lognormalUnitMean, mix32, pickCumulative, STREAMS, streamRng } from './random.ts';
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from './words/lexicon.ts';

/** Calibrated so the default demo (50,000 shoppers × 90 days) yields about 1.25 million events. */
export const ONLINE_SESSIONS_PER_DAY = 1.75 / 90;
export const STORE_VISITS_PER_DAY = 2 / 90;

export type DeviceChannel = 'web' | 'app';
export interface Device {
  readonly anonymousId: string;
  readonly channel: DeviceChannel;
}

export interface Consent {
  readonly personalization: boolean;
  readonly email: boolean;
  readonly advertising: boolean;
  readonly analytics: boolean;
}

/** A shopper's hidden tastes: the generator draws behaviour from them, tests check they show through. */
export interface Shopper {
  readonly index: number;
  readonly firstName: string;
  readonly lastName: string;
  /** Account id when the shopper has an online account. */
  readonly userId: string | null;
  readonly email: string | null;
  readonly loyaltyId: string | null;
  readonly devices: readonly Device[];
  /** Affinity per department (sums to 1). */
  readonly affinity: readonly number[];
  readonly affinityCum: readonly number[];
  /** Favourite brand per department (global brand index). */
  readonly favouriteBrands: readonly number[];
  /** Chance of sticking to the favourite brand when it has products in the aisle. */
  readonly brandLoyalty: number;
  /** Standard score of the price level sought: negative = bargain hunter, positive = premium. */
  readonly priceLevel: number;
  readonly store: number;
  readonly locker: number;
  readonly onlineRate: number;
  readonly storeRate: number;
  readonly pickupShare: number;
  readonly lockerShare: number;
  readonly consent: Consent | null;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** A UUID-shaped anonymous id derived from the seed, as a browser SDK would mint once per device. */
function anonymousId(seed: number, shopper: number, device: number): string {
  const base = mix32(mix32(seed, shopper), device + 11);
  const h = [hex8(base), hex8(mix32(base, 1)), hex8(mix32(base, 2)), hex8(mix32(base, 3))].join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function drawAffinity(rng: Rng, model: CatalogModel): number[] {
  const n = model.tops.length;
  const w: number[] = new Array(n);
  let total = 0;
  for (let t = 0; t < n; t++) {
    w[t] = model.tops[t]!.spec.weight * Math.exp(1.2 * rng.normal());
    total += w[t]!;
  }
  // Two favourite departments dominate, which is what segments and recommendations should discover.
  for (let k = 0; k < 2; k++) {
    const fav = rng.int(n);
    total += w[fav]! * 5;
    w[fav]! *= 6;
  }
  for (let t = 0; t < n; t++) w[t]! /= total;
  return w;
}

function drawConsent(rng: Rng): Consent {
  return {
    personalization: rng.chance(0.85),
    email: rng.chance(0.5),
    advertising: rng.chance(0.35),
    analytics: rng.chance(0.8),
  };
}

/** Shoppers are drawn in sequence from one stream: one generator instead of one per shopper. */
export function buildShopper(
  model: CatalogModel,
  locations: DemoLocations,
  rng: Rng,
  seed: number,
  index: number,
): Shopper {
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const hasAccount = rng.chance(0.65);
  const hasLoyalty = rng.chance(hasAccount ? 0.65 : 0.4);
  const deviceCount = rng.chance(0.3) ? 2 : 1;
  const firstChannel: DeviceChannel = rng.chance(0.7) ? 'web' : 'app';
  const devices: Device[] = [];
  for (let d = 0; d < deviceCount; d++) {
    const channel: DeviceChannel = d === 0 ? firstChannel : firstChannel === 'web' ? 'app' : 'web';
    devices.push({ anonymousId: anonymousId(seed, index, d), channel });
  }
  const affinity = drawAffinity(rng, model);
  const favouriteBrands = model.tops.map((top) => top.brands[pickCumulative(top.brandCum, rng.next())]!);
  const home = locations.stores[rng.int(locations.stores.length)]!;
  const lat = home.lat + (rng.next() - 0.5) * 0.04;
  const lon = home.lon + (rng.next() - 0.5) * 0.06;
  const activity = lognormalUnitMean(rng, 1);
  const onlineShare = 0.1 + 0.8 * rng.next();
  return {
    index,
    firstName,
    lastName,
    userId: hasAccount ? `cust-${pad(index + 1, 7)}` : null,
    email: hasAccount
      ? `${firstName}.${lastName}${index + 1}@${rng.pick(EMAIL_DOMAINS)}`.toLowerCase()
      : null,
    loyaltyId: hasLoyalty ? `LOY${pad(index + 1, 8)}` : null,
    devices,
    affinity,
    affinityCum: cumulativeList(affinity),
    favouriteBrands,
    brandLoyalty: 0.15 + 0.5 * rng.next(),
    priceLevel: Math.max(-2, Math.min(2, rng.normal())),
    store: rng.chance(0.85) ? nearestSite(locations.stores, lat, lon) : rng.int(locations.stores.length),
    locker: nearestSite(locations.lockers, lat, lon),
    onlineRate: ONLINE_SESSIONS_PER_DAY * activity * (onlineShare / 0.5),
    storeRate: STORE_VISITS_PER_DAY * activity * ((1 - onlineShare) / 0.5),
    pickupShare: 0.15 + 0.5 * rng.next(),
    lockerShare: rng.next(),
    consent: hasAccount && rng.chance(0.45) ? drawConsent(rng) : null,
  };
}

export function buildShoppers(
  model: CatalogModel,
  locations: DemoLocations,
  seed: number,
  count: number,
): Shopper[] {
  const shoppers: Shopper[] = new Array(count);
  const rng = streamRng(seed, STREAMS.shoppers);
  for (let s = 0; s < count; s++) shoppers[s] = buildShopper(model, locations, rng, seed, s);
  return shoppers;
}
