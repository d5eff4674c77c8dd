import type { Product } from '../catalog/schemas.ts';
import type { SearchRecord } from './segment.ts';
import type { IndexSettings } from './settings.ts';

export const PRODUCTS_INDEX = 'products';

/** Settings of the catalog mirror: title first, then brand, categories (leaf first), description. */
export const PRODUCTS_SETTINGS: IndexSettings = {
  searchableAttributes: [
    'title',
    'brand',
    'categories.lvl2,categories.lvl1,categories.lvl0',
    'unordered(description)',
  ],
  attributesForFaceting: [
    'searchable(brand)',
    'categories.lvl0',
    'categories.lvl1',
    'categories.lvl2',
    'price',
    'currency',
  ],
  customRanking: ['desc(popularity)'],
  attributesToSnippet: ['description:20'],
  ignorePlurals: true,
  removeWordsIfNoResults: 'lastWords',
};

const CORE = new Set([
  'objectID',
  'title',
  'description',
  'brand',
  'category',
  'categories',
  'price',
  'currency',
]);

/** A catalog product as a search record (category path as InstantSearch hierarchical levels). */
export function productRecord(p: Product): SearchRecord {
  const categories: Record<string, string> = {};
  p.category.forEach((_, i) => {
    categories[`lvl${i}`] = p.category.slice(0, i + 1).join(' > ');
  });
  const record: SearchRecord = {
    objectID: p.id,
    title: p.title,
    price: p.price,
    currency: p.currency,
    category: p.category.join(' > '),
    categories,
    updatedAt: p.updatedAt,
  };
  if (p.description !== undefined) record.description = p.description;
  if (p.brand !== undefined) record.brand = p.brand;
  if (p.imageUrl !== undefined) record.imageUrl = p.imageUrl;
  for (const [k, v] of Object.entries(p.attributes)) if (!CORE.has(k)) record[k] = v;
  return record;
}
