import type { Location, Product } from '../catalog/schemas.ts';

/**
 * What recommendations read from the catalog, synchronously: the catalog keeps products, stock and
 * locations in memory (hot path), so filters cost a map lookup per candidate.
 */
export interface RecommendCatalog {
  product(id: string): Product | undefined;
  /** Units available to promise (on hand − reserved) at a location; undefined when not stocked. */
  availableAt(productId: string, locationId: string): number | undefined;
  location(id: string): Location | undefined;
  locations(): Iterable<Location>;
  /** Every product, for content similarity at training time. */
  products(): Iterable<Product>;
}

/** Maps a userId or anonymousId to the canonical profile id once identify/alias linked them. */
export interface IdentityResolver {
  resolve(id: string): string;
}

/** Consent: when personalization is not allowed, answers use only non-personal signals. */
export interface ConsentChecker {
  personalizationAllowed(profileId: string): boolean;
}

/** Until the profiles module links identities, every id is its own profile. */
export const identityAsIs: IdentityResolver = { resolve: (id) => id };
export const consentAlways: ConsentChecker = { personalizationAllowed: () => true };

/** A catalog that knows nothing: every strategy still works on ids; filters needing data drop items. */
export const emptyCatalog: RecommendCatalog = {
  product: () => undefined,
  availableAt: () => undefined,
  location: () => undefined,
  locations: () => [],
  products: () => [],
};
