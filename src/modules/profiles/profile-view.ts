import { PanierError } from '../../kernel/index.ts';
import type { ProfileService } from './service.ts';
import { CONSENT_PURPOSES, type SCORE_COLUMNS } from './table.ts';
import { type Features, featuresOf, type PriceBand, type Weighted } from './view.ts';

const nullIfNaN = (v: number): number | null => (Number.isNaN(v) ? null : Math.round(v * 10000) / 10000);

/** The profile as the API and other modules see it. Emails and phones appear only as hashes. */
export function profileView(service: ProfileService, profileId: string) {
  const engine = service.engine;
  const slot = engine.table.slot(profileId);
  if (slot === undefined) throw new PanierError('not_found', `profile ${profileId} does not exist`);
  const now = service.clock.now();
  const score = (field: (typeof SCORE_COLUMNS)[number]) => engine.table.num(slot, field);
  const next = score('nextPurchaseAt');
  return {
    profileId,
    identities: engine.graph.keys(profileId),
    traits: engine.table.traits(slot),
    consent: Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, engine.table.consent(slot, p) ?? null])),
    features: featuresOf(engine.table, slot, now, engine.stats),
    scores: {
      purchase_30d: nullIfNaN(score('pPurchase30')),
      churn_risk: nullIfNaN(score('churnRisk')),
      p_alive: nullIfNaN(score('pAlive')),
      clv: nullIfNaN(score('clv')),
      expected_purchases_90d: nullIfNaN(score('expectedPurchases90')),
      next_purchase_date: Number.isNaN(next) ? null : new Date(next).toISOString().slice(0, 10),
    },
    segments: engine.segments.segmentsOf(slot),
  };
}

export interface ShopperAffinities {
  profileId: string;
  categories: Weighted[];
  brands: Weighted[];
  priceBand: PriceBand | null;
  preferredStore: string | null;
  preferredChannel: Features['preferredChannel'];
}

/** Affinities recommendations and search personalize with; null for unknown ids. */
export function shopperAffinities(service: ProfileService, anyId: string): ShopperAffinities | null {
  const pid = service.engine.resolve(anyId);
  const slot = pid === undefined ? undefined : service.engine.table.slot(pid);
  if (pid === undefined || slot === undefined) return null;
  const f = featuresOf(service.engine.table, slot, service.clock.now(), service.engine.stats);
  return {
    profileId: pid,
    categories: f.topCategories,
    brands: f.topBrands,
    priceBand: f.priceBand,
    preferredStore: f.preferredStore,
    preferredChannel: f.preferredChannel,
  };
}
