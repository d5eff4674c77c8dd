import type { Config, Panier } from './panier.ts';
import type { Tracker } from './tracker.ts';

/** What every view needs: the API, the shopper's tracker and the chosen store (changes as they click). */
export interface Shop {
  config: Config;
  panier: Panier;
  tracker: Tracker;
  storeId: string;
}
