import type { Rng } from '../../kernel/index.ts';
import type { CatalogModel } from './catalog-model.ts';
import type { DemoLocations } from './locations.ts';
import type { PlantedPatterns } from './patterns.ts';
import type { Shopper } from './shoppers.ts';

/** Everything fixed before the first event: catalog, places, shoppers, planted patterns. */
export interface World {
  readonly seed: number;
  readonly days: number;
  readonly model: CatalogModel;
  readonly locations: DemoLocations;
  readonly shoppers: readonly Shopper[];
  readonly patterns: PlantedPatterns;
}

/** What changes while the days are generated. */
export interface RunState {
  readonly rng: Rng;
  /** Bit d set when device d of the shopper has logged in (then its events carry the userId). */
  readonly loggedIn: Uint8Array;
  /** 1 once the shopper has changed a consent (each changes at most once). */
  readonly consentChanged: Uint8Array;
  /** Per day, consumables due for repurchase as flat [shopper, product, …] pairs. */
  readonly due: number[][];
  orders: number;
  carts: number;
}

export interface Line {
  readonly product: number;
  quantity: number;
}

/** A planted trend burst active today, with its intensity (1 = nominal). */
export interface Burst {
  readonly product: number;
  readonly intensity: number;
}
