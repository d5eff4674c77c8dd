import { PanierError } from '../../kernel/index.ts';
import { probit } from './stats.ts';

/**
 * Replenishment from forecasts. Notation: d mean daily demand, σ its daily SD, L lead time (days),
 * R review period (days), CSL the cycle service level, z = Φ⁻¹(CSL).
 */

/** SS = z·σ·√L, or z·√(L·σ² + d²·σ_L²) when the lead time itself varies. */
export function safetyStock(p: {
  serviceLevel: number;
  sigmaDaily: number;
  leadTime: number;
  meanDaily?: number;
  leadTimeSd?: number;
}): number {
  checkLevel(p.serviceLevel);
  const z = probit(p.serviceLevel);
  const ltVar = (p.meanDaily ?? 0) ** 2 * (p.leadTimeSd ?? 0) ** 2;
  return z * Math.sqrt(p.leadTime * p.sigmaDaily ** 2 + ltVar);
}

/** ROP = d·L + SS (continuous review: order when the inventory position falls to it). */
export function reorderPoint(meanDaily: number, leadTime: number, safety: number): number {
  return meanDaily * leadTime + safety;
}

/** Inventory position: what is on hand or on its way, less what is already promised to customers. */
export function inventoryPosition(s: {
  onHand: number;
  inTransit?: number;
  reserved?: number;
  backorders?: number;
}): number {
  return s.onHand + (s.inTransit ?? 0) - (s.reserved ?? 0) - (s.backorders ?? 0);
}

export interface DailyForecast {
  mean: ArrayLike<number>;
  levels: readonly number[];
  quantiles: readonly ArrayLike<number>[];
  /** The model's own daily SD, when known: count quantiles of slow movers collapse (see dailySigma). */
  sd?: ArrayLike<number>;
}

/** Daily SD read from the 16.5%–83.5% quantile spread (±0.974σ for a normal). */
export function sigmaFromQuantiles(f: DailyForecast, t: number): number {
  const lo = f.levels.indexOf(0.165);
  const hi = f.levels.indexOf(0.835);
  if (lo < 0 || hi < 0)
    throw new PanierError('invalid_argument', 'forecast must carry the 0.165 and 0.835 quantiles');
  return Math.max(0, f.quantiles[hi][t] - f.quantiles[lo][t]) / (2 * probit(0.835));
}

/**
 * Daily SD used for planning: the model's SD when the forecast carries it, because the integer
 * quantiles of a slow mover hide its spread (Poisson(0.15): the 16.5 % and 83.5 % quantiles are both 0,
 * so the quantile spread says σ = 0 while σ = 0.39); otherwise read from the quantiles.
 */
export function dailySigma(f: DailyForecast, t: number): number {
  return f.sd ? f.sd[t] : sigmaFromQuantiles(f, t);
}

/** Mean and SD of demand over the first `days` days (daily errors taken as independent). */
export function demandOver(f: DailyForecast, days: number): { mean: number; sd: number } {
  if (days > f.mean.length)
    throw new PanierError(
      'invalid_argument',
      `forecast covers ${f.mean.length} days, need ${days} (review period + lead time)`,
    );
  let mean = 0;
  let v = 0;
  for (let t = 0; t < days; t++) {
    mean += f.mean[t];
    v += dailySigma(f, t) ** 2;
  }
  return { mean, sd: Math.sqrt(v) };
}

/** Periodic review order-up-to level S = μ_{R+L} + z·σ_{R+L}. */
export function orderUpTo(
  f: DailyForecast,
  p: { leadTime: number; reviewPeriod: number; serviceLevel: number },
): number {
  checkLevel(p.serviceLevel);
  const d = demandOver(f, Math.ceil(p.leadTime + p.reviewPeriod));
  return d.mean + probit(p.serviceLevel) * d.sd;
}

/** Newsvendor: the forecast quantile at the critical ratio cu/(cu+co), linearly interpolated. */
export function newsvendorQuantity(
  values: readonly number[],
  levels: readonly number[],
  underage: number,
  overage: number,
): number {
  const cr = underage / (underage + overage);
  if (cr <= levels[0]) return values[0];
  for (let i = 1; i < levels.length; i++) {
    if (cr <= levels[i])
      return (
        values[i - 1] + ((cr - levels[i - 1]) / (levels[i] - levels[i - 1])) * (values[i] - values[i - 1])
      );
  }
  return values[values.length - 1];
}

/** Units to order to bring the position up to S, rounded up to the pack size and at least the MOQ. */
export function suggestedOrder(
  target: number,
  position: number,
  opts: { packSize?: number; minOrder?: number } = {},
): number {
  const need = target - position;
  if (need <= 0) return 0;
  const pack = opts.packSize ?? 1;
  const qty = Math.ceil(need / pack - 1e-9) * pack;
  return Math.max(qty, opts.minOrder ?? 0);
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1))
    throw new PanierError('invalid_argument', `service level must be in (0, 1), got ${level}`);
}
