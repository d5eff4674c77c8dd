import type { Rng } from '../../kernel/index.ts';
import { brandRange, pickLeafInTop, pickProduct } from './catalog-model.ts';
import { repurchaseDays } from './products.ts';
import { pickCumulative } from './random.ts';
import type { Shopper } from './shoppers.ts';
import type { World } from './world.ts';

/** A department drawn from the shopper's affinity; in store, departments sold mostly online are skipped more often. */
export function pickTop(world: World, rng: Rng, shopper: Shopper, inStore: boolean): number {
  let top = pickCumulative(shopper.affinityCum, rng.next());
  if (inStore) {
    for (let retry = 0; retry < 2 && rng.next() > world.model.tops[top]!.spec.inStore / 1.5; retry++) {
      top = pickCumulative(shopper.affinityCum, rng.next());
    }
  }
  return top;
}

export function pickLeaf(world: World, rng: Rng, shopper: Shopper, inStore: boolean): number {
  return pickLeafInTop(world.model, rng, pickTop(world, rng, shopper, inStore));
}

/** How far a product's price sits from its aisle's median, in the aisle's log-price spread. */
function priceScore(world: World, product: number): number {
  return world.model.priceScore[product]!;
}

/**
 * A product of the aisle for this shopper: the favourite brand when loyal, otherwise the better price fit
 * of two popular candidates; planted anchor products are featured so their pairs get bought.
 */
export function chooseProduct(world: World, rng: Rng, shopper: Shopper, leaf: number): number {
  const anchors = world.patterns.anchorsByLeaf[leaf];
  if (anchors !== undefined && rng.chance(0.2)) return anchors[rng.int(anchors.length)]!;
  const model = world.model;
  if (rng.chance(shopper.brandLoyalty)) {
    const range = brandRange(model, leaf, shopper.favouriteBrands[model.leaves[leaf]!.top]!);
    if (range[1] > range[0]) return pickProduct(model, rng, leaf, range);
  }
  const a = pickProduct(model, rng, leaf);
  const b = pickProduct(model, rng, leaf);
  const fitA = Math.abs(priceScore(world, a) - shopper.priceLevel);
  const fitB = Math.abs(priceScore(world, b) - shopper.priceLevel);
  return fitA <= fitB ? a : b;
}

/** The planted complement of a product: its paired product, or a product of the complement aisle. */
export function complementFor(world: World, rng: Rng, shopper: Shopper, product: number): number | null {
  const paired = world.patterns.complementOf.get(product);
  if (paired !== undefined && rng.chance(0.6)) return paired;
  const rule = world.patterns.leafComplement.get(world.model.leafOf[product]!);
  if (!rule || !rng.chance(0.15)) return null;
  for (let attempt = 0; attempt < 4; attempt++) {
    const candidate = chooseProduct(world, rng, shopper, rule[0]);
    if (world.model.nounOf[candidate] === rule[1]) return candidate;
  }
  return null;
}

export function quantityFor(world: World, rng: Rng, product: number): number {
  return repurchaseDays(world.model, product) > 0 ? 1 + (rng.chance(0.3) ? 1 + rng.int(2) : 0) : 1;
}

/** Chance a consumable bought for the first time becomes a staple, and that a staple stays one. */
const NEW_STAPLE = 0.25;
const KEEP_STAPLE = 0.7;

/**
 * Consumables come back around their cycle. Only some first purchases become staples, so repeat trips
 * do not snowball into ever more trips.
 */
export function scheduleRepurchases(
  world: World,
  due: number[][],
  rng: Rng,
  shopper: number,
  day: number,
  products: readonly number[],
  repeats: readonly number[],
): void {
  for (const p of products) {
    const cycle = repurchaseDays(world.model, p);
    if (cycle === 0 || !rng.chance(repeats.includes(p) ? KEEP_STAPLE : NEW_STAPLE)) continue;
    const when = day + Math.max(1, Math.round(cycle * (0.8 + 0.4 * rng.next())));
    if (when < world.days) due[when]!.push(shopper, p);
  }
}
