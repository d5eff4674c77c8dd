/** The storefront's only link to panier: its public HTTP API with the write key. */

export interface Product {
  id: string;
  title: string;
  description?: string;
  brand?: string;
  category: string[];
  price: number;
  currency: string;
}
export interface Location {
  id: string;
  name: string;
  kind: string;
}
export interface Rec {
  productId: string;
  score: number;
  reasons: { code: string; text: string }[];
}

export class NotInBuild extends Error {}

export interface Config {
  writeKey: string;
  indexName: string;
}

const KEY = 'panier.shop.writeKey';

/** `?key=pk_…` (public key, safe in a URL) wins, then a saved key, then the demo's key from the server. */
export async function loadConfig(): Promise<Config> {
  const fromUrl = new URLSearchParams(window.location.search).get('key');
  if (fromUrl?.startsWith('pk_')) localStorage.setItem(KEY, fromUrl);
  const res = await fetch('/shop/config.json');
  const server = res.ok ? ((await res.json()) as { writeKey: string | null; indexName: string }) : null;
  const writeKey = localStorage.getItem(KEY) ?? server?.writeKey ?? '';
  if (writeKey) localStorage.setItem(KEY, writeKey);
  return { writeKey, indexName: server?.indexName ?? 'products' };
}

export function forgetKey(): void {
  localStorage.removeItem(KEY);
}

export class Panier {
  constructor(readonly config: Config) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${this.config.writeKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    if (res.status === 404 && String(json?.error?.message ?? '').startsWith('no such endpoint'))
      throw new NotInBuild(path);
    // panier's errors are {error:{message}}; the Algolia-compatible /1 routes answer {message, status}.
    if (!res.ok) throw new Error(json?.error?.message ?? json?.message ?? `HTTP ${res.status}`);
    return json as T;
  }

  products(query: Record<string, string | number>) {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    return this.call<{ items: Product[]; nextCursor: string | null; total?: number }>(
      'GET',
      `/v1/catalog/products?${qs}`,
    );
  }
  product(id: string) {
    return this.call<Product>('GET', `/v1/catalog/products/${encodeURIComponent(id)}`);
  }
  stores() {
    return this.call<{ items: Location[] }>('GET', '/v1/catalog/locations?kind=store&limit=100');
  }
  recommend(req: Record<string, unknown>) {
    return this.call<{ items: Rec[]; warnings?: string[] }>('POST', '/v1/recommendations', req);
  }
  /** Search through the Algolia-compatible API; used for the store-availability check. */
  search(params: Record<string, unknown>) {
    return this.call<{ results: { hits: { objectID: string }[] }[] }>('POST', '/1/indexes/*/queries', {
      requests: [{ indexName: this.config.indexName, ...params }],
    });
  }
  /** Segment-format messages; the browser's clock stamps them, panier corrects skew with sentAt. */
  batch(messages: Record<string, unknown>[]) {
    return this.call<{ accepted: number }>('POST', '/v1/batch', {
      batch: messages,
      sentAt: new Date().toISOString(),
    });
  }
}
