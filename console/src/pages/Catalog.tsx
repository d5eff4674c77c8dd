import { useState } from 'react';
import { useLoad } from '../hooks.ts';
import { categoryText, type Page, type Product } from '../products.ts';
import { type Point, Scatter } from '../scatter.tsx';
import { ErrorNote, fmt, money, Section, Show } from '../ui.tsx';

interface Location {
  id: string;
  name: string;
  kind: string;
  lat: number;
  lon: number;
  region?: string;
}
interface Level {
  productId: string;
  locationId: string;
  onHand: number;
  reserved: number;
  inTransit: number;
}

function Stock(props: { levels: Level[]; locations: Location[] }) {
  const byId = new Map(props.locations.map((l) => [l.id, l]));
  if (props.levels.length === 0) return <p className="muted">no stock recorded for this product</p>;
  return (
    <table aria-label="Stock per location">
      <thead>
        <tr>
          <th scope="col">location</th>
          <th scope="col">on hand</th>
          <th scope="col">reserved</th>
          <th scope="col">in transit</th>
        </tr>
      </thead>
      <tbody>
        {props.levels.map((l) => (
          <tr key={l.locationId}>
            <td>{byId.get(l.locationId)?.name ?? l.locationId}</td>
            <td data-testid={`onhand-${l.locationId}`}>{fmt.format(l.onHand)}</td>
            <td>{fmt.format(l.reserved)}</td>
            <td>{fmt.format(l.inTransit)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CatalogPage() {
  const [category, setCategory] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const products = useLoad(
    (api) => api.get<Page<Product>>('/v1/catalog/products', { category, cursor, limit: 25 }),
    [category, cursor],
  );
  const locations = useLoad((api) => api.get<Page<Location>>('/v1/catalog/locations', { limit: 200 }), []);
  const levels = useLoad(
    (api) =>
      selected
        ? api.get<Page<Level>>('/v1/catalog/inventory', { productId: selected, limit: 200 })
        : Promise.resolve(null),
    [selected],
  );
  const stock = new Map((levels.data?.items ?? []).map((l) => [l.locationId, l.onHand]));
  const maxStock = Math.max(1, ...stock.values());
  const points: Point[] = (locations.data?.items ?? []).map((l) => ({
    id: l.id,
    label: selected ? `${l.name}: ${stock.get(l.id) ?? 0} on hand` : l.name,
    x: l.lon,
    y: l.lat,
    kind: l.kind,
    weight: selected ? (stock.get(l.id) ?? 0) / maxStock : undefined,
  }));
  const ready = !products.loading && !locations.loading;
  return (
    <div className="page" data-ready={ready || undefined}>
      <div className="grid two">
        <Section title="Products">
          <form className="toolbar" onSubmit={(e) => e.preventDefault()}>
            <label htmlFor="cat-filter">Category</label>
            <input
              id="cat-filter"
              value={category}
              placeholder="Baby > Diapers"
              onChange={(e) => {
                setCursor(null);
                setCategory(e.target.value);
              }}
            />
          </form>
          <Show loaded={products} what="Products" endpoint="GET /v1/catalog/products">
            {(page) => (
              <>
                {page.total !== undefined && (
                  <p className="muted small">
                    <span data-testid="product-total">{fmt.format(page.total)}</span> products
                  </p>
                )}
                <table aria-label="Products">
                  <thead>
                    <tr>
                      <th scope="col">product</th>
                      <th scope="col">category</th>
                      <th scope="col">price</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((p) => (
                      <tr key={p.id} aria-selected={p.id === selected}>
                        <td>
                          <button type="button" className="link" onClick={() => setSelected(p.id)}>
                            {p.title}
                          </button>
                          <br />
                          <small className="muted">{p.id}</small>
                        </td>
                        <td>{categoryText(p)}</td>
                        <td>{money(p.price, p.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {page.nextCursor && (
                  <button type="button" onClick={() => setCursor(page.nextCursor)}>
                    Next page
                  </button>
                )}
              </>
            )}
          </Show>
        </Section>
        <Section title={selected ? `Stock of ${selected}` : 'Locations'}>
          <Show loaded={locations} what="Locations" endpoint="GET /v1/catalog/locations">
            {(page) => (
              <>
                <p className="muted small">
                  <span data-testid="location-total">{fmt.format(page.total ?? page.items.length)}</span>{' '}
                  locations
                  {selected ? '; circle size is stock on hand' : '; pick a product to see its stock'}
                </p>
                <Scatter points={points} title="Locations by longitude and latitude" />
                <ErrorNote error={levels.error} />
                {selected && levels.data && <Stock levels={levels.data.items} locations={page.items} />}
              </>
            )}
          </Show>
        </Section>
      </div>
    </div>
  );
}
