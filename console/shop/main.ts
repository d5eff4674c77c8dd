import { liteClient } from 'algoliasearch/lite';
import instantsearch from 'instantsearch.js';
import { configure, hits, searchBox } from 'instantsearch.js/es/widgets';
import { productById, productCard, recBlock } from './blocks.ts';
import { $, el, euro } from './dom.ts';
import { forgetKey, loadConfig, NotInBuild, Panier, type Product } from './panier.ts';
import { productProps, Tracker } from './tracker.ts';
import './shop.css';

const config = await loadConfig();
const panier = new Panier(config);
await checkKey();
const tracker = new Tracker(panier);
const STORE = 'panier.shop.store';
const CART = 'panier.shop.cart';
let storeId = localStorage.getItem(STORE) ?? '';

const cart = (): string[] => JSON.parse(sessionStorage.getItem(CART) ?? '[]') as string[];
const setCart = (ids: string[]) => {
  sessionStorage.setItem(CART, JSON.stringify(ids));
  $('cart-link').textContent = `Cart (${ids.length})`;
};

function status(text: string) {
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

function sessionBlock(exclude: string[] = []) {
  return recBlock(panier, {
    title: 'Continue your session',
    placement: 'session-next',
    anonymousId: tracker.anonymousId,
    productIds: tracker.viewed().slice(-3),
    storeId,
    exclude,
  });
}

async function home() {
  await send(tracker.page('Home', storeId));
  return [
    el('h1', {}, 'Welcome to the panier demo shop'),
    el(
      'p',
      { class: 'muted' },
      'Everything you do here is sent to panier as Segment events; the blocks below change as you browse.',
    ),
    recBlock(panier, { title: 'For you', placement: 'for-you', anonymousId: tracker.anonymousId, storeId }),
    sessionBlock(),
  ];
}

async function category(path: string) {
  const page = await panier.products({ category: path, limit: 24 });
  await send(
    tracker.track(
      'Product List Viewed',
      {
        list_id: path,
        category: path,
        products: page.items.slice(0, 10).map((p, i) => ({ ...productProps(p), position: i + 1 })),
      },
      storeId,
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
    sessionBlock(),
  ];
}

/** Store stock through search's store availability (inventory levels themselves need a secret key). */
async function availability(p: Product): Promise<string> {
  if (!storeId) return 'Choose a store to see whether it has this in stock.';
  const store =
    (document.getElementById('store') as HTMLSelectElement).selectedOptions[0]?.textContent ?? storeId;
  try {
    const r = await panier.search({
      query: p.title,
      storeId,
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

async function product(id: string) {
  const p = await productById(panier, id);
  if (!p) return [el('h1', {}, 'Product not found')];
  await send(tracker.productViewed(p, storeId));
  const stock = el('p', { class: 'stock', 'data-testid': 'stock' }, '…');
  void availability(p).then((t) => {
    stock.textContent = t;
  });
  const add = el('button', { type: 'button', class: 'primary' }, 'Add to cart');
  add.addEventListener('click', async () => {
    setCart([...cart(), p.id]);
    await send(tracker.track('Product Added', productProps(p, 1), storeId));
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
    recBlock(panier, {
      title: 'Similar',
      placement: 'similar-items',
      anonymousId: tracker.anonymousId,
      productIds: [p.id],
      storeId,
    }),
    recBlock(panier, {
      title: 'Frequently bought together',
      placement: 'frequently-bought-together',
      anonymousId: tracker.anonymousId,
      productIds: [p.id],
      storeId,
    }),
    sessionBlock([p.id]),
  ];
}

async function cartView() {
  const items = (await Promise.all(cart().map((id) => productById(panier, id)))).filter(
    (p): p is Product => p !== null,
  );
  const total = items.reduce((s, p) => s + p.price, 0);
  const order = el('button', { type: 'button', class: 'primary' }, 'Place order');
  order.addEventListener('click', async () => {
    const orderId = `shop-${Date.now().toString(36)}`;
    await send(
      tracker.track(
        'Order Completed',
        {
          order_id: orderId,
          total,
          revenue: total,
          currency: 'EUR',
          ...(storeId ? { store_id: storeId } : {}),
          products: items.map((p) => productProps(p, 1)),
        },
        storeId,
      ),
    );
    setCart([]);
    status(`order ${orderId} placed`);
    void render();
  });
  return [
    el('h1', {}, 'Cart'),
    el('ul', { class: 'cards' }, ...items.map((p) => productCard(p))),
    el('p', { class: 'price big' }, `Total ${euro(total)}`),
    items.length ? order : el('p', { class: 'muted' }, 'Your cart is empty.'),
    items.length
      ? recBlock(panier, {
          title: 'Frequently bought together',
          placement: 'frequently-bought-together',
          anonymousId: tracker.anonymousId,
          productIds: items.map((p) => p.id),
          storeId,
          exclude: items.map((p) => p.id),
        })
      : null,
  ];
}

async function render() {
  const [kind = '', ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const arg = decodeURIComponent(rest.join('/'));
  const view = $('view');
  view.setAttribute('aria-busy', 'true');
  try {
    const nodes =
      kind === 'c'
        ? await category(arg)
        : kind === 'p'
          ? await product(arg)
          : kind === 'cart'
            ? await cartView()
            : await home();
    view.replaceChildren(...nodes.filter((n): n is HTMLElement => n !== null));
  } catch (e) {
    view.replaceChildren(el('p', { class: 'error', role: 'alert' }, (e as Error).message));
  }
  view.setAttribute('aria-busy', 'false');
  view.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

/** Categories from the first thousand products: enough to cover the demo's tree. */
async function categories() {
  const page = await panier.products({ limit: 1000 });
  const tree = new Map<string, Set<string>>();
  for (const p of page.items) {
    const [top, sub] = p.category;
    if (!top) continue;
    if (!tree.has(top)) tree.set(top, new Set());
    if (sub) tree.get(top)!.add(sub);
  }
  const tops = [...tree.keys()].sort();
  $('categories').replaceChildren(
    el('h2', {}, 'Categories'),
    ...tops.map((top) =>
      el(
        'details',
        {},
        el('summary', {}, top),
        el(
          'ul',
          {},
          el('li', {}, el('a', { href: `#/c/${encodeURIComponent(top)}` }, `All ${top}`)),
          ...[...tree.get(top)!]
            .sort()
            .map((sub) =>
              el('li', {}, el('a', { href: `#/c/${encodeURIComponent(`${top} > ${sub}`)}` }, sub)),
            ),
        ),
      ),
    ),
  );
}

async function stores() {
  const select = $('store') as HTMLSelectElement;
  const list = await panier.stores();
  select.append(...list.items.map((s) => el('option', { value: s.id }, s.name)));
  select.value = storeId;
  select.addEventListener('change', () => {
    storeId = select.value;
    localStorage.setItem(STORE, storeId);
    search.setStore();
    void render();
  });
}

function searchWidget() {
  const { hostname, port, protocol } = window.location;
  const searchClient = liteClient('panier', config.writeKey, {
    hosts: [
      {
        url: hostname,
        port: port ? Number(port) : undefined,
        protocol: protocol === 'https:' ? 'https' : 'http',
        accept: 'read',
      },
    ],
  });
  const s = instantsearch({ indexName: config.indexName, searchClient, insights: false });
  const results = $('search-results');
  // userToken and storeId personalize the ranking (shopper affinities, stock at the chosen store).
  const params = () => ({
    hitsPerPage: 12,
    userToken: tracker.anonymousId,
    enablePersonalization: true,
    ...(storeId ? { storeId } : {}),
  });
  let cfg = configure(params());
  s.addWidgets([
    cfg,
    searchBox({
      container: '#searchbox',
      placeholder: 'Search products',
      showLoadingIndicator: false,
      queryHook: (query, run) => {
        results.hidden = query.trim() === '';
        run(query);
      },
    }),
    hits({
      container: '#hits',
      templates: {
        item: (hit, { html }) =>
          html`<a class="hit" data-product="${hit.objectID}" href="#/p/${encodeURIComponent(hit.objectID)}">${String(hit.title ?? hit.name ?? hit.objectID)}</a>`,
        empty: (r, { html }) => html`<p>No product matches “${r.query}”.</p>`,
      },
    }),
  ]);
  s.on('error', (e: { error?: { status?: number; message?: string } }) => {
    const missing = e.error?.status === 404;
    $('search-error').textContent = missing
      ? 'Search is not available in this build.'
      : `Search failed: ${e.error?.message ?? 'unknown error'}`;
  });
  s.on('render', () => {
    if (s.status === 'idle') $('search-error').textContent = '';
  });
  s.start();
  window.addEventListener('hashchange', () => {
    results.hidden = true;
  });
  return {
    setStore() {
      s.removeWidgets([cfg]);
      cfg = configure(params());
      s.addWidgets([cfg]);
    },
  };
}

/** A refused key stops the shop with a clear message and a way to enter the right one. */
async function checkKey() {
  try {
    await panier.products({ limit: 1 });
  } catch (e) {
    const input = el('input', { id: 'key', autocomplete: 'off', placeholder: 'pk_…' });
    const form = el(
      'form',
      { class: 'product' },
      el('p', { class: 'error', role: 'alert' }, `This key was refused: ${(e as Error).message}.`),
      el('label', { for: 'key' }, 'Public write key of the store (pk_…)'),
      input,
      el('button', { type: 'submit', class: 'primary' }, 'Use this key'),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      forgetKey();
      location.replace(`${location.pathname}?key=${encodeURIComponent(input.value.trim())}`);
    });
    $('view').replaceChildren(form);
    throw e;
  }
}

$('new-shopper').addEventListener('click', () => {
  tracker.reset();
  setCart([]);
  $('who').textContent = `shopper ${tracker.anonymousId}`;
  void render();
});
$('who').textContent = `shopper ${tracker.anonymousId}`;
setCart(cart());
const search = searchWidget();
window.addEventListener('hashchange', () => void render());
await Promise.all([categories(), stores(), render()]);
