import { productById, productCard, recBlock } from './blocks.ts';
import { $, el, euro, later } from './dom.ts';
import { NotInBuild, type Product } from './panier.ts';
import type { Shop } from './state.ts';
import { productProps } from './tracker.ts';

const CART = 'panier.shop.cart';

export const cart = (): string[] => JSON.parse(sessionStorage.getItem(CART) ?? '[]') as string[];
export const setCart = (ids: string[]) => {
  sessionStorage.setItem(CART, JSON.stringify(ids));
  $('cart-link').textContent = `Cart (${ids.length})`;
};

export function status(text: string) {
  $('status').textContent = text;
}

/** Sends an event, then re-renders: the blocks read the state the event just changed. */
async function send(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    status(`event not sent: ${(e as Error).message}`);
  }
}

export function sessionBlock(shop: Shop, exclude: string[] = []) {
  return recBlock(shop.panier, {
    title: 'Continue your session',
    placement: 'session-next',
    anonymousId: shop.tracker.anonymousId,
    productIds: shop.tracker.viewed().slice(-3),
    storeId: shop.storeId,
    exclude,
  });
}

export async function home(shop: Shop) {
  await send(shop.tracker.page('Home', shop.storeId));
  return [
    el('h1', {}, 'Welcome to the panier demo shop'),
    el(
      'p',
      { class: 'muted' },
      'Everything you do here is sent to panier as Segment events; the blocks below change as you browse.',
    ),
    recBlock(shop.panier, {
      title: 'For you',
      placement: 'for-you',
      anonymousId: shop.tracker.anonymousId,
      storeId: shop.storeId,
    }),
    sessionBlock(shop),
  ];
}

export async function category(shop: Shop, path: string) {
  const page = await shop.panier.products({ category: path, limit: 24 });
  await send(
    shop.tracker.track(
      'Product List Viewed',
      {
        list_id: path,
        category: path,
        products: page.items.slice(0, 10).map((p, i) => ({ ...productProps(p), position: i + 1 })),
      },
      shop.storeId,
    ),
  );
  return [
    el('h1', {}, path),
    el('p', { class: 'muted' }, `${page.total ?? page.items.length} products`),
    el(
      'ul',
      { class: 'cards', 'aria-label': `Products in ${path}` },
      ...page.items.map((p) => productCard(p)),
    ),
    sessionBlock(shop),
  ];
}

/** Store stock through search's store availability (inventory levels themselves need a secret key). */
async function availability(shop: Shop, p: Product): Promise<string> {
  if (!shop.storeId) return 'Choose a store to see whether it has this in stock.';
  const store =
    (document.getElementById('store') as HTMLSelectElement).selectedOptions[0]?.textContent ?? shop.storeId;
  try {
    const r = await shop.panier.search({
      query: p.title,
      storeId: shop.storeId,
      storeAvailability: 'filter',
      hitsPerPage: 20,
      analytics: false,
    });
    const inStock = r.results[0]?.hits.some((h) => h.objectID === p.id);
    return inStock ? `In stock at ${store}` : `Not in stock at ${store}`;
  } catch (e) {
    return e instanceof NotInBuild
      ? 'Store stock is not available in this build.'
      : `Store stock unknown: ${(e as Error).message}`;
  }
}

export async function product(shop: Shop, id: string) {
  const p = await productById(shop.panier, id);
  if (!p) return [el('h1', {}, 'Product not found')];
  await send(shop.tracker.productViewed(p, shop.storeId));
  const stock = el('p', { class: 'stock', 'data-testid': 'stock' }, '…');
  void later(
    availability(shop, p).then((t) => {
      stock.textContent = t;
    }),
  );
  const add = el('button', { type: 'button', class: 'primary' }, 'Add to cart');
  add.addEventListener('click', async () => {
    setCart([...cart(), p.id]);
    await send(shop.tracker.track('Product Added', productProps(p, 1), shop.storeId));
    status(`${p.title} added to the cart`);
  });
  return [
    el(
      'article',
      { class: 'product', 'aria-labelledby': 'product-title' },
      el('p', { class: 'muted' }, p.category.join(' › ')),
      el('h1', { id: 'product-title' }, p.title),
      el('p', { class: 'price big' }, euro(p.price, p.currency)),
      p.brand ? el('p', {}, `by ${p.brand}`) : null,
      p.description ? el('p', {}, p.description) : null,
      stock,
      add,
    ),
    recBlock(shop.panier, {
      title: 'Similar',
      placement: 'similar-items',
      anonymousId: shop.tracker.anonymousId,
      productIds: [p.id],
      storeId: shop.storeId,
    }),
    recBlock(shop.panier, {
      title: 'Frequently bought together',
      placement: 'frequently-bought-together',
      anonymousId: shop.tracker.anonymousId,
      productIds: [p.id],
      storeId: shop.storeId,
    }),
    sessionBlock(shop, [p.id]),
  ];
}

export async function cartView(shop: Shop, rerender: () => void) {
  const items = (await Promise.all(cart().map((id) => productById(shop.panier, id)))).filter(
    (p): p is Product => p !== null,
  );
  const total = items.reduce((s, p) => s + p.price, 0);
  const order = el('button', { type: 'button', class: 'primary' }, 'Place order');
  order.addEventListener('click', async () => {
    const orderId = `shop-${Date.now().toString(36)}`;
    await send(
      shop.tracker.track(
        'Order Completed',
        {
          order_id: orderId,
          total,
          revenue: total,
          currency: 'EUR',
          ...(shop.storeId ? { store_id: shop.storeId } : {}),
          products: items.map((p) => productProps(p, 1)),
        },
        shop.storeId,
      ),
    );
    setCart([]);
    status(`order ${orderId} placed`);
    rerender();
  });
  return [
    el('h1', {}, 'Cart'),
    el('ul', { class: 'cards' }, ...items.map((p) => productCard(p))),
    el('p', { class: 'price big' }, `Total ${euro(total)}`),
    items.length ? order : el('p', { class: 'muted' }, 'Your cart is empty.'),
    items.length
      ? recBlock(shop.panier, {
          title: 'Frequently bought together',
          placement: 'frequently-bought-together',
          anonymousId: shop.tracker.anonymousId,
          productIds: items.map((p) => p.id),
          storeId: shop.storeId,
          exclude: items.map((p) => p.id),
        })
      : null,
  ];
}
