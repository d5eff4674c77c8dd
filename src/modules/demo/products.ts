import type { ProductInput } from '../catalog/index.ts';
import type { CatalogModel } from './catalog-model.ts';
import { STREAMS, streamRng } from './random.ts';
import {
  COLORS,
  DESCRIPTION_CLOSERS,
  DESCRIPTION_OPENERS,
  MATERIALS,
  VARIANT_ATTRIBUTE,
  VARIANTS,
} from './words/lexicon.ts';

export const CURRENCY = 'EUR';

export function productId(i: number): string {
  return 'P' + String(i + 1).padStart(7, '0');
}

export function productSku(i: number): string {
  return 'SKU-' + String(i + 1).padStart(7, '0');
}

export function productNoun(model: CatalogModel, i: number): string {
  return model.leaves[model.leafOf[i]!]!.spec.nouns[model.nounOf[i]!]!;
}

export function productAdjective(model: CatalogModel, i: number): string {
  return model.leaves[model.leafOf[i]!]!.topSpec.adjectives[model.adjectiveOf[i]!]!;
}

function variantValue(model: CatalogModel, i: number): string {
  return VARIANTS[model.leaves[model.leafOf[i]!]!.spec.variant][model.variantOf[i]!]!;
}

/** "Brand Adjective Noun Variant", rebuilt from the typed arrays whenever an event needs it. */
export function productTitle(model: CatalogModel, i: number): string {
  const variant = variantValue(model, i);
  const head = `${model.brandNames[model.brandOf[i]!]!} ${productAdjective(model, i)} ${productNoun(model, i)}`;
  return variant ? `${head} ${variant}` : head;
}

export function productPrice(model: CatalogModel, i: number): number {
  return model.priceCents[i]! / 100;
}

/** Repurchase cycle in days for consumables (bigger packs last longer), 0 for durable goods. */
export function repurchaseDays(model: CatalogModel, i: number): number {
  const spec = model.leaves[model.leafOf[i]!]!.spec;
  if (!spec.cycle) return 0;
  const packFactor = spec.variant === 'color' ? 1 : [0.7, 1, 1.5, 2.2, 3][model.variantOf[i]!]!;
  return Math.max(3, Math.round(spec.cycle * packFactor));
}

export function productRecord(model: CatalogModel, seed: number, i: number): ProductInput {
  const rng = streamRng(seed, STREAMS.product, i);
  const leaf = model.leaves[model.leafOf[i]!]!;
  const title = productTitle(model, i);
  const noun = productNoun(model, i);
  const attributes: Record<string, string | number | boolean> = { type: noun };
  const variantAttribute = VARIANT_ATTRIBUTE[leaf.spec.variant];
  if (variantAttribute) attributes[variantAttribute] = variantValue(model, i);
  if (!leaf.spec.cycle && leaf.spec.variant !== 'color') attributes.color = rng.pick(COLORS);
  let material = '';
  if (leaf.spec.material) {
    material = rng.pick(MATERIALS);
    attributes.material = material;
  }
  const cycle = repurchaseDays(model, i);
  if (cycle > 0) attributes.repurchase_days = cycle;
  if (leaf.top === 0) attributes.organic = productAdjective(model, i) === 'Organic';
  attributes.rating = Math.round((3 + 2 * rng.next() ** 0.5) * 10) / 10;
  const madeOf = material ? `, made of ${material.toLowerCase()}` : '';
  const description = `${rng.pick(DESCRIPTION_OPENERS)} the ${title} is a ${productAdjective(model, i).toLowerCase()} ${noun.toLowerCase()} by ${model.brandNames[model.brandOf[i]!]}${madeOf}. ${rng.pick(DESCRIPTION_CLOSERS)}`;
  return {
    id: productId(i),
    title,
    description,
    brand: model.brandNames[model.brandOf[i]!]!,
    category: [...leaf.path],
    price: productPrice(model, i),
    currency: CURRENCY,
    attributes,
    active: true,
  };
}

export function* productBatches(
  model: CatalogModel,
  seed: number,
  batchSize: number,
): Generator<ProductInput[]> {
  for (let from = 0; from < model.size; from += batchSize) {
    const batch: ProductInput[] = [];
    const to = Math.min(model.size, from + batchSize);
    for (let i = from; i < to; i++) batch.push(productRecord(model, seed, i));
    yield batch;
  }
}
