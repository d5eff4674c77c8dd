import { DAY } from '../features.ts';
import { F, type ProfileTable, ROW, SCORE_COLUMNS } from '../table.ts';
import {
  type BgNbdParams,
  expectedPurchases,
  fitBgNbd,
  medianWait,
  pAlive,
  pPurchaseWithin,
  type RfmRow,
} from './bgnbd.ts';
import { expectedSpend, fitGammaGamma, type GammaGammaParams } from './gamma-gamma.ts';

/** Horizons (days) the scores speak about. */
export const PURCHASE_HORIZON_DAYS = 30;
export const CHURN_HORIZON_DAYS = 90;
export const CLV_HORIZON_DAYS = 365;
const MAX_FIT_ROWS = 20_000;

export interface ScoreModel {
  bgnbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
  fittedAt: number;
  customers: number;
}

export const SCORE_NAMES = [
  'purchase_30d',
  'churn_risk',
  'p_alive',
  'clv',
  'expected_purchases_90d',
] as const;
export type ScoreName = (typeof SCORE_NAMES)[number];

/** Frequency/recency/age in days for a buyer, from its live features. */
export function rfmRow(table: ProfileTable, slot: number, now: number): RfmRow | null {
  const nums = table.nums;
  const o = slot * ROW;
  if (nums[o + F.purchaseDays]! < 1) return null;
  const first = nums[o + F.firstOrderAt]!;
  return {
    x: nums[o + F.purchaseDays]! - 1,
    tx: (nums[o + F.lastOrderAt]! - first) / DAY,
    T: Math.max((now - first) / DAY, (nums[o + F.lastOrderAt]! - first) / DAY),
  };
}

export function repeatSpend(table: ProfileTable, slot: number): number {
  const nums = table.nums;
  const o = slot * ROW;
  const x = nums[o + F.purchaseDays]! - 1;
  return x > 0 ? (nums[o + F.revenue]! - nums[o + F.firstDayRevenue]!) / x : Number.NaN;
}

/** What the models are fitted on: (a sample of) current buyers, plain numbers (a worker can take them). */
export interface FitSample {
  rows: RfmRow[];
  spend: Array<{ x: number; m: number }>;
}

/**
 * The buyers to fit on, gathered over slot ranges (one refresh step each), then sampled: up to 20,000,
 * evenly spread over the slots; null below 20 buyers.
 */
export class FitSampler {
  private readonly buyers: number[] = [];

  /** Notes the buyers among the slots of [from, to). */
  scan(table: ProfileTable, from: number, to: number): void {
    const last = Math.min(to, table.slots);
    for (let s = from; s < last; s++)
      if (table.ids[s] !== undefined && table.nums[s * ROW + F.purchaseDays]! >= 1) this.buyers.push(s);
  }

  sample(table: ProfileTable, now: number): FitSample | null {
    const { buyers } = this;
    if (buyers.length < 20) return null;
    const rows: RfmRow[] = [];
    const spend: Array<{ x: number; m: number }> = [];
    const step = Math.max(1, Math.floor(buyers.length / MAX_FIT_ROWS));
    for (let i = 0; i < buyers.length; i += step) {
      const row = rfmRow(table, buyers[i]!, now);
      if (row === null) continue; // released (merged, erased) since its scan: its columns are reset
      rows.push(row);
      const m = repeatSpend(table, buyers[i]!);
      if (row.x > 0 && m > 0) spend.push({ x: row.x, m });
    }
    return rows.length < 20 ? null : { rows, spend };
  }
}

export function fitSample(table: ProfileTable, now: number): FitSample | null {
  const sampler = new FitSampler();
  sampler.scan(table, 0, table.slots);
  return sampler.sample(table, now);
}

/** Maximum-likelihood fit of BG/NBD and Gamma-Gamma on a sample (CPU-bound: ~0.5 s for 20,000 rows). */
export function fitModels(sample: FitSample, now: number): ScoreModel {
  const bg = fitBgNbd(sample.rows);
  const gg = fitGammaGamma(sample.spend);
  return {
    bgnbd: { r: bg.r, alpha: bg.alpha, a: bg.a, b: bg.b },
    gammaGamma: { p: gg.p, q: gg.q, gamma: gg.gamma },
    fittedAt: now,
    customers: sample.rows.length,
  };
}

/** Fits BG/NBD and Gamma-Gamma by maximum likelihood on (a sample of) current buyers. */
export function fitScoreModel(table: ProfileTable, now: number): ScoreModel | null {
  const sample = fitSample(table, now);
  return sample ? fitModels(sample, now) : null;
}

/** Writes one profile's scores into its row (NaN for profiles that never bought). */
export function scoreSlot(table: ProfileTable, slot: number, now: number, model: ScoreModel | null): void {
  const nums = table.nums;
  const o = slot * ROW;
  const row = model ? rfmRow(table, slot, now) : null;
  if (!model || !row) {
    for (const col of SCORE_COLUMNS) nums[o + F[col]] = Number.NaN;
    return;
  }
  const alive = pAlive(model.bgnbd, row);
  nums[o + F.pAlive] = alive;
  nums[o + F.pPurchase30] = pPurchaseWithin(model.bgnbd, row, PURCHASE_HORIZON_DAYS);
  nums[o + F.churnRisk] = 1 - pPurchaseWithin(model.bgnbd, row, CHURN_HORIZON_DAYS);
  nums[o + F.expectedPurchases90] = expectedPurchases(model.bgnbd, row, CHURN_HORIZON_DAYS);
  const spend = expectedSpend(model.gammaGamma, { x: row.x, m: repeatSpend(table, slot) });
  nums[o + F.clv] = expectedPurchases(model.bgnbd, row, CLV_HORIZON_DAYS) * spend;
  nums[o + F.nextPurchaseAt] = alive >= 0.5 ? now + medianWait(model.bgnbd, row) * DAY : Number.NaN;
}
