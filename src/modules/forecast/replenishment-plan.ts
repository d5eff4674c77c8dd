import {
  type DailyForecast,
  dailySigma,
  demandOver,
  inventoryPosition,
  orderUpTo,
  reorderPoint,
  safetyStock,
  suggestedOrder,
} from './replenishment.ts';
import { probit } from './stats.ts';

export interface StockState {
  product: string;
  location: string;
  onHand: number;
  reserved?: number;
  inTransit?: number;
  backorders?: number;
}

export interface PlanPolicy {
  leadTime: number;
  reviewPeriod: number;
  serviceLevel: number;
  packSize?: number;
  minOrder?: number;
}

export interface PlanLine {
  product: string;
  location: string;
  safetyStock: number;
  reorderPoint: number;
  orderUpTo: number;
  position: number;
  order: number;
  /** P(demand before the next delivery exceeds available stock). */
  stockoutRisk: number;
  /** Day index at which expected cumulative demand exhausts the available stock (Infinity if never within the horizon). */
  daysOfCover: number;
}

function normalCdf(x: number): number {
  // Bisection on probit is accurate and avoids a separate erf approximation.
  if (x < -8) return 0;
  if (x > 8) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (probit(mid) < x) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** One line of the replenishment plan for a product at a location. */
export function planLine(stock: StockState, f: DailyForecast, policy: PlanPolicy): PlanLine {
  const L = Math.ceil(policy.leadTime);
  const lead = demandOver(f, L);
  const meanDaily = lead.mean / Math.max(1, L);
  let sigma2 = 0;
  for (let t = 0; t < L; t++) sigma2 += dailySigma(f, t) ** 2;
  const ss = safetyStock({
    serviceLevel: policy.serviceLevel,
    sigmaDaily: Math.sqrt(sigma2 / Math.max(1, L)),
    leadTime: L,
  });
  const S = orderUpTo(f, policy);
  const position = inventoryPosition(stock);
  const available = stock.onHand - (stock.reserved ?? 0);
  // A delivery ordered now lands after L days; the shelf must last until then.
  const risk = lead.sd > 0 ? 1 - normalCdf((available - lead.mean) / lead.sd) : lead.mean > available ? 1 : 0;
  let cum = 0;
  let cover = Number.POSITIVE_INFINITY;
  for (let t = 0; t < f.mean.length; t++) {
    cum += f.mean[t];
    if (cum > available) {
      cover = t;
      break;
    }
  }
  return {
    product: stock.product,
    location: stock.location,
    safetyStock: ss,
    reorderPoint: reorderPoint(meanDaily, L, ss),
    orderUpTo: S,
    position,
    order: suggestedOrder(S, position, policy),
    stockoutRisk: risk,
    daysOfCover: cover,
  };
}

/** Lines whose stock will likely run out before the next delivery, riskiest first. */
export function stockoutRisks(lines: readonly PlanLine[], threshold = 0.2): PlanLine[] {
  return lines.filter((l) => l.stockoutRisk >= threshold).sort((a, b) => b.stockoutRisk - a.stockoutRisk);
}
