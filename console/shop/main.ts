import { $, el, takePending } from './dom.ts';
import { forgetKey, loadConfig, Panier } from './panier.ts';
import { searchWidget } from './search.ts';
import type { Shop } from './state.ts';
import { Tracker } from './tracker.ts';
import { cart, cartView, category, home, product, setCart } from './views.ts';
import './shop.css';

const STORE = 'panier.shop.store';
const config = await loadConfig();
const panier = new Panier(config);
await checkKey(panier);
const shop: Shop = {
  config,
  panier,
  tracker: new Tracker(panier),
  storeId: localStorage.getItem(STORE) ?? '',
};

let renders = 0;

async function render() {
  const [kind = '', ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const arg = decodeURIComponent(rest.join('/'));
  const view = $('view');
  const current = ++renders;
  view.setAttribute('aria-busy', 'true');
  view.removeAttribute('data-ready');
  takePending();
  try {
    const nodes =
      kind === 'c'
        ? await category(shop, arg)
        : kind === 'p'
          ? await product(shop, arg)
          : kind === 'cart'
            ? await cartView(shop, () => void render())
            : await home(shop);
    view.replaceChildren(...nodes.filter((n): n is HTMLElement => n !== null));
  } catch (e) {
    view.replaceChildren(el('p', { class: 'error', role: 'alert' }, (e as Error).message));
  }
  view.setAttribute('aria-busy', 'false');
  view.focus({ preventScroll: true });
  window.scrollTo(0, 0);
  // Set when the view's blocks and stock are filled in too (scripts/measure-console.ts waits for it).
  await Promise.allSettled(takePending());
  if (current === renders) view.setAttribute('data-ready', 'true');
}

/** Categories from the first thousand products: enough to cover the demo's tree. */
async function categories() {
  const page = await shop.panier.products({ limit: 1000 });
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
  const list = await shop.panier.stores();
  select.append(...list.items.map((s) => el('option', { value: s.id }, s.name)));
  select.value = shop.storeId;
  select.addEventListener('change', () => {
    shop.storeId = select.value;
    localStorage.setItem(STORE, shop.storeId);
    search.refresh();
    void render();
  });
}

/** A refused key stops the shop with a clear message and a way to enter the right one. */
async function checkKey(panier: Panier) {
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
  shop.tracker.reset();
  setCart([]);
  $('who').textContent = `shopper ${shop.tracker.anonymousId}`;
  search.refresh();
  void render();
});
$('who').textContent = `shopper ${shop.tracker.anonymousId}`;
setCart(cart());
const search = searchWidget(shop);
window.addEventListener('hashchange', () => void render());
await Promise.all([categories(), stores(), render()]);
