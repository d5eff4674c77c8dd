import type { Api } from './api.ts';

export interface Product {
  id: string;
  title: string;
  brand?: string;
  category: string[];
  price: number;
  currency: string;
  active: boolean;
  attributes: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

const cache = new Map<string, Promise<Product | null>>();

/** Product details for ids shown by recommendations and search; fetched once per console session. */
export function productsById(api: Api, ids: string[]): Promise<Map<string, Product>> {
  for (const id of ids)
    if (!cache.has(id))
      cache.set(
        id,
        api.get<Product>(`/v1/catalog/products/${encodeURIComponent(id)}`).catch(() => null),
      );
  return Promise.all(ids.map((id) => cache.get(id)!)).then((list) => {
    const out = new Map<string, Product>();
    for (const p of list) if (p) out.set(p.id, p);
    return out;
  });
}

export const categoryText = (p: { category: string[] }) => p.category.join(' > ');
