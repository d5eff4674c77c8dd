import { liteClient } from 'algoliasearch/lite';
import instantsearch from 'instantsearch.js';
import { configure, hits, searchBox } from 'instantsearch.js/es/widgets';
import { $ } from './dom.ts';
import type { Shop } from './state.ts';

/** InstantSearch over the Algolia-compatible API, with the lite client pointed at this origin. */
export function searchWidget(shop: Shop) {
  const { hostname, port, protocol } = window.location;
  const searchClient = liteClient('panier', shop.config.writeKey, {
    hosts: [
      {
        url: hostname,
        port: port ? Number(port) : undefined,
        protocol: protocol === 'https:' ? 'https' : 'http',
        accept: 'read',
      },
    ],
  });
  const s = instantsearch({ indexName: shop.config.indexName, searchClient, insights: false });
  const results = $('search-results');
  // userToken and storeId personalize the ranking (shopper affinities, stock at the chosen store).
  const params = () => ({
    hitsPerPage: 12,
    userToken: shop.tracker.anonymousId,
    enablePersonalization: true,
    ...(shop.storeId ? { storeId: shop.storeId } : {}),
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
    // The query the shown hits answer, so a reader can tell them from an earlier query's hits.
    results.dataset.query = s.helper?.lastResults?.query ?? '';
  });
  s.start();
  window.addEventListener('hashchange', () => {
    results.hidden = true;
  });
  return {
    /** After the store or the shopper changes. */
    refresh() {
      s.removeWidgets([cfg]);
      cfg = configure(params());
      s.addWidgets([cfg]);
    },
  };
}
