import { buildAccept, hasProductFilters } from './filters.ts';
import type { LiveState } from './live.ts';
import { categoryKey, type RecModel } from './model.ts';
import type { ConsentChecker, IdentityResolver, RecommendCatalog } from './ports.ts';
import {
  DEFAULT_CHAINS,
  PERSONAL,
  type Placement,
  type RecommendConfig,
  type RecommendedItem,
  type RecommendRequest,
  type RecommendResponse,
} from './schemas.ts';
import { DEFAULT_KNN } from './session-knn.ts';
import { type Candidate, type ShopperContext, STRATEGIES, type StrategyDeps } from './strategies.ts';

export interface EngineDeps {
  model: RecModel;
  live: LiveState;
  catalog: RecommendCatalog;
  identity: IdentityResolver;
  consent: ConsentChecker;
  config: RecommendConfig;
}

/** Placements that show the shopper's own items back (context items are not excluded there). */
const SHOWS_OWN_ITEMS: ReadonlySet<Placement> = new Set(['recently-viewed', 'buy-it-again']);

/** Answers one request: fallback chain → filters and exclusions → diversity → explanations. */
export function answer(d: EngineDeps, req: RecommendRequest, now: number): RecommendResponse {
  const warnings: string[] = [];
  const limit = req.limit ?? d.config.defaultLimit;
  const ids = [req.userId, req.anonymousId].filter((x): x is string => !!x);
  const canonical = ids.map((id) => d.identity.resolve(id));
  const personal = canonical.length > 0 && canonical.every((id) => d.consent.personalizationAllowed(id));
  if (canonical.length > 0 && !personal)
    warnings.push('personalization not allowed for this shopper; non-personal results');
  const state = personal ? d.live.stateOf([...canonical, ...ids], now) : d.live.stateOf([], now);
  const context = knownContext(d, req.productIds ?? [], warnings);
  const filters = req.filters ?? {};
  const excluded = new Set<string>(filters.exclude ?? []);
  if (!SHOWS_OWN_ITEMS.has(req.placement)) for (const p of context) excluded.add(p);
  if (filters.excludePurchased) for (const p of state.purchased) excluded.add(p);
  if (filters.excludeInCart) for (const p of state.cart) excluded.add(p);
  const accept = buildAccept(filters, d.catalog, excluded);
  const ctx: ShopperContext = {
    now,
    session: state.session,
    history: state.history,
    context,
    blend: req.blend ?? (state.session.length > 0 ? 0.5 : 0),
    storeId: req.storeId,
    window: req.window ?? d.config.trendingWindow,
    category: filters.category ? categoryKey(filters.category.split('>')) : undefined,
    accept,
  };
  const chain = (d.config.chains[req.placement] ?? DEFAULT_CHAINS[req.placement]).filter(
    (s) => personal || !PERSONAL.has(s),
  );
  const diversity = req.diversity ?? 0;
  const poolSize = Math.ceil(limit * (1 + 2 * diversity));
  const deps: StrategyDeps = {
    model: d.model,
    trending: { top: (w, store, n) => d.live.trending.top(w, store, n, now) },
    knn: DEFAULT_KNN[d.config.sessionVariant],
    forYou: d.config.forYouModel,
  };
  const want = (poolSize + excluded.size) * (hasProductFilters(filters) ? 8 : 2);
  const pool = collect(chain, deps, ctx, want, poolSize);
  const picked = diversify(pool, d.catalog, diversity, limit);
  const fallback = fallbackWarning(req.placement, chain, picked);
  if (fallback) warnings.push(fallback);
  const items = picked.map((c) => explain(c, d.catalog));
  return warnings.length > 0
    ? { placement: req.placement, items, warnings }
    : { placement: req.placement, items };
}

/** Context ids the catalog or the models know; the others become warnings, not failures. */
function knownContext(d: EngineDeps, productIds: readonly string[], warnings: string[]): string[] {
  const known: string[] = [];
  const unknown: string[] = [];
  for (const p of productIds)
    (d.catalog.product(p) || d.model.items.id(p) !== undefined ? known : unknown).push(p);
  if (unknown.length > 0) warnings.push(`unknown product ids ignored: ${unknown.slice(0, 20).join(', ')}`);
  return known;
}

interface Pooled extends Candidate {
  tier: number;
  key: number;
}

/** Strategies that apply `ctx.accept` themselves while scanning (their lists need no oversampling). */
const SELF_FILTERING: ReadonlySet<Placement> = new Set(['popular', 'trending']);

function collect(
  chain: readonly Placement[],
  deps: StrategyDeps,
  ctx: ShopperContext,
  want: number,
  poolSize: number,
): Pooled[] {
  const pool: Pooled[] = [];
  const seen = new Set<string>();
  const accept = ctx.accept!;
  for (let tier = 0; tier < chain.length && pool.length < poolSize; tier++) {
    const placement = chain[tier]!;
    const ask = SELF_FILTERING.has(placement) ? poolSize + seen.size : want;
    const found = STRATEGIES[placement](deps, ctx, ask);
    const max = found[0]?.score || 1;
    for (const c of found) {
      if (seen.has(c.productId) || !accept(c.productId)) continue;
      seen.add(c.productId);
      const norm = max > 0 ? Math.max(0, c.score / max) : 0;
      pool.push({ ...c, tier, key: (chain.length - tier - 1 + norm) / chain.length });
    }
  }
  return pool;
}

/** Says when the placement's own strategy found too few items and which fallbacks filled the list. */
function fallbackWarning(placement: Placement, chain: readonly Placement[], picked: Pooled[]): string | null {
  const counts = new Map<Placement, number>();
  for (const c of picked) counts.set(chain[c.tier]!, (counts.get(chain[c.tier]!) ?? 0) + 1);
  const own = counts.get(placement) ?? 0;
  if (own === picked.length) return null;
  const others = [...counts].filter(([p]) => p !== placement).map(([p, n]) => `${p} (${n})`);
  const why =
    placement === 'frequently-bought-together'
      ? ' (too few co-purchases above the lift and support thresholds)'
      : '';
  return `fallback: ${own} of ${picked.length} items from ${placement}${why}; the rest from ${others.join(', ')}`;
}

/** Greedy re-rank: each already picked item of the same category (or brand) costs `diversity` share. */
function diversify(pool: Pooled[], catalog: RecommendCatalog, diversity: number, limit: number): Pooled[] {
  if (diversity <= 0) return pool.slice(0, limit);
  const cats = new Map<string, number>();
  const brands = new Map<string, number>();
  const rest = pool.map((c) => {
    const p = catalog.product(c.productId);
    return { c, cat: p ? p.category.join('>') : '', brand: p?.brand ?? '' };
  });
  const out: Pooled[] = [];
  while (out.length < limit && rest.length > 0) {
    let best = 0;
    let bestValue = -Infinity;
    for (let i = 0; i < rest.length; i++) {
      const { c, cat, brand } = rest[i]!;
      const repeats = (cat ? (cats.get(cat) ?? 0) : 0) + 0.5 * (brand ? (brands.get(brand) ?? 0) : 0);
      const value = c.key * (1 - diversity) ** repeats;
      if (value > bestValue) {
        best = i;
        bestValue = value;
      }
    }
    const [{ c, cat, brand }] = rest.splice(best, 1) as [(typeof rest)[number]];
    if (cat) cats.set(cat, (cats.get(cat) ?? 0) + 1);
    if (brand) brands.set(brand, (brands.get(brand) ?? 0) + 1);
    out.push(c);
  }
  return out;
}

/** Rounds the score and names products by title in the explanation when the catalog knows them. */
function explain(c: Pooled, catalog: RecommendCatalog): RecommendedItem {
  const reasons = c.reasons.map((r) => {
    const title = r.productId ? catalog.product(r.productId)?.title : undefined;
    return title ? { ...r, text: r.text.replace(r.productId!, title) } : r;
  });
  return { productId: c.productId, score: Math.round(c.key * 1e4) / 1e4, reasons };
}
