import { useEffect, useState } from 'react';
import { ifAvailable, useApi, useLoad } from '../hooks.ts';
import { ErrorNote, fmt, Section, Show } from '../ui.tsx';
import { hitCategory, hitTitle, listIndices, type SearchInput, search } from './search-data.ts';

const useSearch = (input: SearchInput) =>
  useLoad((api) => ifAvailable(search(api, input)), [JSON.stringify(input)]);

function Results(props: { res: ReturnType<typeof useSearch>; label: string; onFacet: (f: string) => void }) {
  const { res } = props;
  return (
    <Section title={props.label}>
      <Show loaded={res} what="Search" endpoint="POST /1/indexes/*/queries">
        {(r) => (
          <>
            <p className="muted small">
              <span data-testid="nbhits">{fmt.format(r.nbHits)}</span> hits
              {r.processingTimeMS !== undefined ? ` in ${r.processingTimeMS} ms` : ''}
            </p>
            <ol className="hits" aria-label={`${props.label} results`}>
              {r.hits.map((h) => (
                <li key={h.objectID}>
                  <span className="title">{hitTitle(h)}</span>{' '}
                  <small className="muted">{hitCategory(h)}</small>
                </li>
              ))}
            </ol>
            {r.facets &&
              Object.entries(r.facets).map(([facet, values]) => (
                <details key={facet}>
                  <summary>facet {facet}</summary>
                  <ul className="facets">
                    {Object.entries(values).map(([v, n]) => (
                      <li key={v}>
                        <button type="button" className="link" onClick={() => props.onFacet(`${facet}:${v}`)}>
                          {v}
                        </button>{' '}
                        <span className="count">{n}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              ))}
          </>
        )}
      </Show>
    </Section>
  );
}

function SettingsEditor(props: { index: string }) {
  const api = useApi();
  const settings = useLoad(
    (a) => ifAvailable(a.get<Record<string, unknown>>(`/1/indexes/${props.index}/settings`)),
    [props.index],
  );
  const [text, setText] = useState('');
  const [status, setStatus] = useState<Error | string | null>(null);
  useEffect(() => setText(settings.data ? JSON.stringify(settings.data, null, 2) : ''), [settings.data]);
  const save = async () => {
    try {
      await api.send('PUT', `/1/indexes/${props.index}/settings`, JSON.parse(text));
      setStatus('saved');
    } catch (e) {
      setStatus(e as Error);
    }
  };
  const [syn, setSyn] = useState('');
  const addSynonym = async () => {
    const words = syn
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean);
    if (words.length < 2)
      return setStatus(new Error('a synonym needs at least two words, separated by commas'));
    try {
      const objectID = `console-${words
        .join('-')
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '')}`;
      await api.send('PUT', `/1/indexes/${props.index}/synonyms/${objectID}`, {
        objectID,
        type: 'synonym',
        synonyms: words,
      });
      setStatus(`synonym ${objectID} saved`);
    } catch (e) {
      setStatus(e as Error);
    }
  };
  return (
    <Section title="Index settings and synonyms">
      <Show loaded={settings} what="Index settings" endpoint={`GET /1/indexes/${props.index}/settings`}>
        {() => (
          <>
            <label htmlFor="settings">Settings (JSON, Algolia names)</label>
            <textarea id="settings" rows={10} value={text} onChange={(e) => setText(e.target.value)} />
            <button type="button" onClick={save}>
              Save settings
            </button>
            <div className="field">
              <label htmlFor="synonym">Add synonyms (comma-separated)</label>
              <input
                id="synonym"
                value={syn}
                onChange={(e) => setSyn(e.target.value)}
                placeholder="sneakers, trainers"
              />
              <button type="button" onClick={addSynonym}>
                Add
              </button>
            </div>
            {typeof status === 'string' ? (
              <p role="status">{status}</p>
            ) : (
              <ErrorNote error={status ?? undefined} />
            )}
          </>
        )}
      </Show>
    </Section>
  );
}

export function SearchPage() {
  const indices = useLoad((api) => ifAvailable(listIndices(api)), []);
  const [index, setIndex] = useState('products');
  const [query, setQuery] = useState('');
  const [shopperA, setShopperA] = useState('');
  const [shopperB, setShopperB] = useState('');
  const [impact, setImpact] = useState(50);
  const [storeId, setStoreId] = useState('');
  const [facetFilters, setFacetFilters] = useState<string[]>([]);
  useEffect(() => {
    const names = indices.data?.map((i) => i.name) ?? [];
    if (names.length && !names.includes(index)) setIndex(names[0]!);
  }, [indices.data, index]);
  const base = { index, query, impact, storeId, facetFilters };
  const addFacet = (f: string) => setFacetFilters((old) => (old.includes(f) ? old : [...old, f]));
  const a = useSearch({ ...base, userToken: shopperA });
  const b = useSearch({ ...base, userToken: shopperB });
  const ready = !indices.loading && !a.loading && !b.loading;
  return (
    <div className="page" data-ready={ready || undefined}>
      <search>
        <form className="controls" aria-label="Search" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="index">Index</label>
            <select id="index" value={index} onChange={(e) => setIndex(e.target.value)}>
              {(indices.data ?? [{ name: index, entries: 0 }]).map((i) => (
                <option key={i.name} value={i.name}>
                  {i.name}
                  {i.entries ? ` (${fmt.format(i.entries)})` : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="query">Query</label>
            <input id="query" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="shopper-a">Shopper A</label>
            <input id="shopper-a" value={shopperA} onChange={(e) => setShopperA(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="shopper-b">Shopper B</label>
            <input id="shopper-b" value={shopperB} onChange={(e) => setShopperB(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="impact">Personalization: {impact}</label>
            <input
              id="impact"
              type="range"
              min={0}
              max={100}
              step={10}
              value={impact}
              onChange={(e) => setImpact(Number(e.target.value))}
            />
          </div>
          <div className="field">
            <label htmlFor="search-store">Store (availability)</label>
            <input
              id="search-store"
              value={storeId}
              onChange={(e) => setStoreId(e.target.value)}
              placeholder="store-01"
            />
          </div>
        </form>
      </search>
      {facetFilters.length > 0 && (
        <p>
          Filters:{' '}
          {facetFilters.map((f) => (
            <button
              key={f}
              type="button"
              className="chip"
              onClick={() => setFacetFilters((o) => o.filter((x) => x !== f))}
              aria-label={`Remove filter ${f}`}
            >
              {f} ×
            </button>
          ))}
        </p>
      )}
      <div className="grid two">
        <Results res={a} label="Shopper A" onFacet={addFacet} />
        <Results res={b} label="Shopper B" onFacet={addFacet} />
      </div>
      <SettingsEditor index={index} />
    </div>
  );
}
