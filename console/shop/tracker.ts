import type { Panier, Product } from './panier.ts';

const ANON = 'panier.shop.anonymousId';
const VIEWED = 'panier.shop.viewed';

/** Segment-format tracking: every call is sent at once so recommendations see it on the next request. */
export class Tracker {
  anonymousId: string;
  constructor(private readonly panier: Panier) {
    this.anonymousId = localStorage.getItem(ANON) ?? this.reset();
  }

  reset(): string {
    this.anonymousId = crypto.randomUUID();
    localStorage.setItem(ANON, this.anonymousId);
    sessionStorage.removeItem(VIEWED);
    return this.anonymousId;
  }

  /** Products viewed in this browser session, newest last (context for "continue your session"). */
  viewed(): string[] {
    return JSON.parse(sessionStorage.getItem(VIEWED) ?? '[]') as string[];
  }

  private base(storeId: string) {
    return {
      messageId: crypto.randomUUID(),
      anonymousId: this.anonymousId,
      timestamp: new Date().toISOString(),
      context: {
        library: { name: 'panier-demo-shop', version: '1.0.0' },
        channel: 'web',
        page: { path: location.pathname + location.hash, url: location.href, title: document.title },
        ...(storeId ? { store: { id: storeId } } : {}),
      },
    };
  }

  page(name: string, storeId: string) {
    return this.panier.batch([
      { ...this.base(storeId), type: 'page', name, properties: { path: location.hash, title: name } },
    ]);
  }

  track(event: string, properties: Record<string, unknown>, storeId: string) {
    return this.panier.batch([{ ...this.base(storeId), type: 'track', event, properties }]);
  }

  productViewed(p: Product, storeId: string) {
    const seen = this.viewed().filter((id) => id !== p.id);
    sessionStorage.setItem(VIEWED, JSON.stringify([...seen, p.id].slice(-20)));
    return this.track('Product Viewed', productProps(p), storeId);
  }
}

export function productProps(p: Product, quantity?: number) {
  return {
    product_id: p.id,
    sku: p.id,
    name: p.title,
    brand: p.brand,
    category: p.category.join(' > '),
    price: p.price,
    currency: p.currency,
    ...(quantity ? { quantity } : {}),
  };
}
