import { el, euro, later } from './dom.ts';
import { NotInBuild, type Panier, type Product } from './panier.ts';

const cache = new Map<string, Promise<Product | null>>();

export function productById(panier: Panier, id: string): Promise<Product | null> {
  if (!cache.has(id))
    cache.set(
      id,
      panier.product(id).catch(() => null),
    );
  return cache.get(id)!;
}

export function productCard(p: Product, note?: string): HTMLElement {
  return el(
    'li',
    { class: 'card', 'data-product': p.id, 'data-category': p.category.join(' > ') },
    el('a', { href: `#/p/${encodeURIComponent(p.id)}` }, el('span', { class: 'name' }, p.title)),
    el('span', { class: 'cat' }, p.category.join(' › ')),
    el('span', { class: 'price' }, euro(p.price, p.currency)),
    note ? el('span', { class: 'why' }, note) : null,
  );
}

export interface BlockRequest {
  title: string;
  placement: string;
  anonymousId: string;
  productIds?: string[];
  storeId: string;
  exclude?: string[];
}

/** A recommendation block; it fills itself in and says so when the API has no recommendations yet. */
export function recBlock(panier: Panier, r: BlockRequest): HTMLElement {
  const list = el('ul', { class: 'cards', 'aria-busy': 'true' });
  const block = el(
    'section',
    { class: 'recs', 'data-placement': r.placement, 'aria-label': r.title },
    el('h2', {}, r.title),
    list,
  );
  const filters = {
    ...(r.storeId ? { inStockAt: r.storeId } : {}),
    ...(r.exclude?.length ? { exclude: r.exclude } : {}),
  };
  void later(
    panier
      .recommend({
        placement: r.placement,
        anonymousId: r.anonymousId,
        limit: 6,
        ...(r.productIds?.length ? { productIds: r.productIds } : {}),
        ...(Object.keys(filters).length ? { filters } : {}),
      })
      .then(async (res) => {
        const products = await Promise.all(res.items.map((i) => productById(panier, i.productId)));
        const cards = res.items.flatMap((it, k) => {
          const p = products[k];
          return p ? [productCard(p, it.reasons[0]?.text)] : [];
        });
        list.replaceChildren(
          ...(cards.length ? cards : [el('li', { class: 'empty' }, 'nothing to suggest yet')]),
        );
      })
      .catch((e: Error) => {
        const text = e instanceof NotInBuild ? 'Recommendations are not available in this build.' : e.message;
        list.replaceChildren(el('li', { class: 'empty' }, text));
      })
      .finally(() => list.setAttribute('aria-busy', 'false')),
  );
  return block;
}
