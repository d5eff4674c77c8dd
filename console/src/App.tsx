import { useEffect, useMemo, useState } from 'react';
import { createApi, savedKey, saveKey } from './api.ts';
import { ApiContext } from './hooks.ts';
import { Login } from './Login.tsx';
import { CatalogPage } from './pages/Catalog.tsx';
import { ForecastsPage } from './pages/Forecasts.tsx';
import { LivePage } from './pages/Live.tsx';
import { RecsPage } from './pages/Recs.tsx';
import { SearchPage } from './pages/Search.tsx';
import { SegmentsPage } from './pages/Segments.tsx';
import { ShopperPage } from './pages/Shopper.tsx';

const PAGES = [
  { path: 'live', title: 'Live', Page: LivePage },
  { path: 'shopper', title: 'Shopper', Page: ShopperPage },
  { path: 'recommendations', title: 'Recommendations', Page: RecsPage },
  { path: 'search', title: 'Search', Page: SearchPage },
  { path: 'forecasts', title: 'Forecasts', Page: ForecastsPage },
  { path: 'segments', title: 'Segments', Page: SegmentsPage },
  { path: 'catalog', title: 'Catalog & locations', Page: CatalogPage },
] as const;

/** `#/shopper/abc` → ['shopper', 'abc']; the key never goes in the URL. */
function readHash(): [string, string] {
  const [page = 'live', ...rest] = window.location.hash.replace(/^#\/?/, '').split('/');
  return [page || 'live', decodeURIComponent(rest.join('/'))];
}

function useHashRoute(): [string, string] {
  const read = readHash;
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function App() {
  const [key, setKey] = useState(savedKey);
  const api = useMemo(() => (key ? createApi(key) : null), [key]);
  const [page, arg] = useHashRoute();
  const current = PAGES.find((p) => p.path === page) ?? PAGES[0];

  useEffect(() => {
    document.title = key ? `${current.title} · panier console` : 'Sign in · panier console';
  }, [key, current]);

  if (!api)
    return (
      <Login
        onKey={(k) => {
          saveKey(k);
          setKey(k);
        }}
      />
    );
  const { Page } = current;
  return (
    <ApiContext.Provider value={api}>
      <div className="shell">
        <header className="top">
          <a className="brand" href="#/live">
            panier
          </a>
          <nav aria-label="Console pages">
            <ul>
              {PAGES.map((p) => (
                <li key={p.path}>
                  <a href={`#/${p.path}`} aria-current={p.path === current.path ? 'page' : undefined}>
                    {p.title}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <button
            type="button"
            className="link"
            onClick={() => {
              saveKey(null);
              setKey(null);
            }}
          >
            Sign out
          </button>
        </header>
        <main id="main">
          <h1>{current.title}</h1>
          <Page arg={arg} />
        </main>
      </div>
    </ApiContext.Provider>
  );
}
