import type { Api } from './api.ts';
import { type Product, productsById } from './products.ts';
import { fmt, money } from './ui.tsx';

export const PLACEMENTS = [
  'for-you',
  'session-next',
  'similar-items',
  'frequently-bought-together',
  'buy-it-again',
  'recently-viewed',
  'trending',
  'popular',
] as const;

export interface RecRequest {
  placement: string;
  userId?: string;
  anonymousId?: string;
  productIds?: string[];
  filters?: Record<string, unknown>;
  blend?: number;
  diversity?: number;
  limit?: number;
  window?: string;
}

export interface RecResponse {
  placement: string;
  items: {
    productId: string;
    score: number;
    reasons: { code: string; productId?: string; text: string }[];
  }[];
  warnings?: string[];
}

export interface RecsWithProducts extends RecResponse {
  products: Map<string, Product>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-/i;

/** Shopper ids from the demo's storefront are anonymous UUIDs; others are user ids. */
export const shopperFields = (id: string) =>
  !id ? {} : UUID.test(id) ? { anonymousId: id } : { userId: id };

export async function recommend(api: Api, req: RecRequest): Promise<RecsWithProducts> {
  const r = await api.send<RecResponse>('POST', '/v1/recommendations', req);
  return {
    ...r,
    products: await productsById(
      api,
      r.items.map((i) => i.productId),
    ),
  };
}

export function RecsTable(props: { recs: RecsWithProducts; label: string }) {
  const { recs } = props;
  return (
    <>
      {recs.warnings?.map((w) => (
        <p key={w} className="note" role="status">
          {w}
        </p>
      ))}
      {recs.items.length === 0 ? (
        <p className="muted">no recommendation for this request</p>
      ) : (
        <table aria-label={props.label}>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">product</th>
              <th scope="col">price</th>
              <th scope="col">score</th>
              <th scope="col">why</th>
            </tr>
          </thead>
          <tbody>
            {recs.items.map((it, i) => {
              const p = recs.products.get(it.productId);
              return (
                <tr key={it.productId}>
                  <td>{i + 1}</td>
                  <td>
                    <span className="title">{p?.title ?? it.productId}</span>
                    <br />
                    <small className="muted">
                      {it.productId}
                      {p ? ` · ${p.category.join(' > ')}` : ''}
                    </small>
                  </td>
                  <td>{p ? money(p.price, p.currency) : '—'}</td>
                  <td>{fmt.format(it.score)}</td>
                  <td>{it.reasons.map((r) => r.text).join('; ')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
