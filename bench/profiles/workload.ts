// The synthetic shopper workload of the profiles benchmark (also used by its probes).
import { createRng, type LoggedEvent, type PanierEvent, type Rng } from '../../src/kernel/index.ts';
import type { ProfileEngine } from '../../src/modules/profiles/index.ts';

export const DAY = 86_400_000;
export const END = Date.UTC(2026, 10, 1);
export const START = END - 180 * DAY;

const CATEGORIES = Array.from({ length: 200 }, (_, i) => `cat-${i}`);
const BRANDS = Array.from({ length: 500 }, (_, i) => `brand-${i}`);
const STORES = Array.from({ length: 50 }, (_, i) => `store-${i}`);

/**
 * The i-th of `total` events over `ids` shopper ids (half with a userId): 70% views, 15% adds,
 * 10% orders of 2 items (20% of them in one of 50 stores), 5% identify; spread evenly over 180 days.
 */
export function makeEvent(rng: Rng, i: number, ids: number, total: number): PanierEvent {
  const p = rng.int(ids);
  const known = p % 2 === 0;
  const at = START + Math.floor((i / total) * (END - START));
  const r = rng.next();
  const product = () => {
    const id = rng.int(50_000);
    return {
      product_id: `P${id}`,
      category: CATEGORIES[id % 200],
      brand: BRANDS[id % 500],
      price: 5 + (id % 300),
    };
  };
  const base = {
    messageId: `b${i}`,
    name: null,
    userId: known ? `u${p}` : null,
    anonymousId: `a${p}`,
    timestamp: at,
    receivedAt: at,
    storeId: null,
    source: 'bench',
  };
  if (r < 0.05)
    return {
      ...base,
      kind: 'identify',
      type: 'identify',
      payload: { traits: { plan: rng.pick(['free', 'gold']) } },
    };
  if (r < 0.15) {
    const inStore = rng.chance(0.2);
    const products = [product(), product()];
    return {
      ...base,
      kind: 'track',
      type: 'order_completed',
      storeId: inStore ? rng.pick(STORES) : null,
      payload: { properties: { revenue: products.reduce((s, x) => s + x.price, 0), products } },
    };
  }
  return {
    ...base,
    kind: 'track',
    type: r < 0.3 ? 'product_added' : 'product_viewed',
    payload: { properties: product() },
  };
}

/** The benchmark's saved segments (evaluated on every event once defined). */
export const RULES = {
  gold_buyers: 'trait.plan = "gold" AND feature.orders >= 2',
  likely_buyers: 'score.purchase_30d > 0.5 OR feature.rfm_recency >= 4',
  category_fans: 'viewed category "cat-7" at least 2 times in 90 days',
  store_shoppers: 'bought in store "store-3" AND NOT feature.price_band = "premium"',
};

const LEAN_CONTEXT = { library: { name: 'bench', version: '1' }, ip: '127.0.0.1', page: { path: '/p/1' } };

/**
 * The context analytics.js sends from a browser (the spec's fields it fills: library, page, userAgent
 * and its client hints, locale, timezone), for `BENCH_PAYLOAD=browser`: events about three times the
 * lean default's size, as a storefront's tag produces them.
 */
function browserContext(productPath: string) {
  return {
    library: { name: 'analytics.js', version: 'npm:next-1.70.0' },
    page: {
      path: productPath,
      referrer: 'https://www.example-shop.fr/c/epicerie?page=2',
      search: '?utm_source=newsletter&utm_medium=email',
      title: 'Pâtes complètes bio 500 g – Example Shop',
      url: `https://www.example-shop.fr${productPath}?utm_source=newsletter&utm_medium=email`,
    },
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    userAgentData: {
      brands: [
        { brand: 'Google Chrome', version: '131' },
        { brand: 'Chromium', version: '131' },
        { brand: 'Not_A Brand', version: '24' },
      ],
      mobile: false,
      platform: 'macOS',
    },
    locale: 'fr-FR',
    timezone: 'Europe/Paris',
    campaign: { name: 'rentree', source: 'newsletter', medium: 'email' },
  };
}

/** The payload shape of the ingest messages: `lean` (the default) or `browser` (analytics.js-sized). */
export const PAYLOAD = process.env.BENCH_PAYLOAD === 'browser' ? 'browser' : 'lean';

/**
 * The i-th ingest message (Segment spec JSON, as a storefront sends it) for shopper ids `a<p>`/`u<p>`
 * of the same population as `makeEvent`.
 */
export function makeMessage(rng: Rng, runId: string, i: number, shoppers: number, at: number) {
  const e = makeEvent(rng, i, shoppers, 1);
  const product = (e.payload.properties as { product_id?: string } | undefined)?.product_id ?? 'home';
  const base = {
    messageId: `${runId}-${i}`,
    anonymousId: e.anonymousId,
    ...(e.userId ? { userId: e.userId } : {}),
    timestamp: new Date(at).toISOString(),
    context: PAYLOAD === 'browser' ? browserContext(`/p/${product}`) : LEAN_CONTEXT,
    ...(PAYLOAD === 'browser' ? { integrations: {}, originalTimestamp: new Date(at).toISOString() } : {}),
  };
  if (e.kind === 'identify') return { ...base, type: 'identify', traits: e.payload.traits };
  const event =
    e.type === 'order_completed'
      ? 'Order Completed'
      : e.type === 'product_added'
        ? 'Product Added'
        : 'Product Viewed';
  const properties = e.storeId
    ? { ...(e.payload.properties as object), store_id: e.storeId }
    : e.payload.properties;
  return { ...base, type: 'track', event, properties };
}

/**
 * Warms an engine as the ingest benchmarks do: `warm` events over `shoppers` ids with a history that
 * ends now (so ingested events continue it: steady state, not a month's gap), the four segments, and a
 * fitted model.
 */
export function warmEngine(engine: ProfileEngine, warm: number, shoppers: number): void {
  const rng = createRng(11);
  const shift = Date.now() - END;
  const batch: LoggedEvent[] = [];
  for (let i = 0; i < warm; i++) {
    const e = makeEvent(rng, i, shoppers, warm);
    batch.push({ ...e, timestamp: e.timestamp + shift, receivedAt: e.receivedAt + shift, seq: 0 });
    if (batch.length === 1000 || i === warm - 1) engine.ingest(batch.splice(0), Date.now());
  }
  for (const [id, rule] of Object.entries(RULES))
    engine.segments.put({ id, name: id, rule, createdAt: 0, updatedAt: 0 });
  engine.refresh(Date.now(), { refit: true });
}
