import { hyp2f1, lnGamma, nelderMead } from './special.ts';

/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"). Per customer: x repeat
 * purchases, tx time of the last purchase and T age, both measured from the first purchase (same unit).
 */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface RfmRow {
  x: number;
  tx: number;
  T: number;
}

/** Log-likelihood of one customer (paper, eq. 6 written in logs). */
export function bgnbdLogLik(p: BgNbdParams, { x, tx, T }: RfmRow): number {
  const { r, alpha, a, b } = p;
  const a1 = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha);
  const a2 = lnGamma(a + b) + lnGamma(b + x) - lnGamma(b) - lnGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  const m = Math.max(a3, a4);
  return a1 + a2 + m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
}

/** Sum of log-likelihoods; the Gamma-function terms depend only on x, so they are computed once per x. */
export function bgnbdTotalLogLik(p: BgNbdParams, byX: ReadonlyMap<number, readonly RfmRow[]>): number {
  const { r, alpha, a, b } = p;
  const shared = r * Math.log(alpha) - lnGamma(r) + lnGamma(a + b) - lnGamma(b);
  let ll = 0;
  for (const [x, rows] of byX) {
    const head = shared + lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x);
    const dropTerm = x > 0 ? Math.log(a) - Math.log(b + x - 1) : 0;
    for (const row of rows) {
      const a3 = -(r + x) * Math.log(alpha + row.T);
      if (x === 0) {
        ll += head + a3;
        continue;
      }
      const a4 = dropTerm - (r + x) * Math.log(alpha + row.tx);
      const m = Math.max(a3, a4);
      ll += head + m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
    }
  }
  return ll;
}

/** Maximum-likelihood fit over log-parameters (Nelder–Mead, restarted once from the first optimum). */
export function fitBgNbd(rows: readonly RfmRow[]): BgNbdParams & { logLik: number } {
  const toParams = (v: number[]): BgNbdParams => ({
    r: Math.exp(v[0]!),
    alpha: Math.exp(v[1]!),
    a: Math.exp(v[2]!),
    b: Math.exp(v[3]!),
  });
  const byX = new Map<number, RfmRow[]>();
  for (const row of rows) {
    const group = byX.get(row.x);
    if (group) group.push(row);
    else byX.set(row.x, [row]);
  }
  const meanT = rows.reduce((s, r) => s + r.T, 0) / Math.max(1, rows.length);
  const negLL = (v: number[]): number => {
    if (v.some((z) => Math.abs(z) > 12)) return Number.POSITIVE_INFINITY;
    const ll = bgnbdTotalLogLik(toParams(v), byX);
    return Number.isFinite(ll) ? -ll : Number.POSITIVE_INFINITY;
  };
  let best = nelderMead(negLL, [0, Math.log(Math.max(1, meanT / 4)), 0, 0]);
  best = nelderMead(negLL, best.x, { step: 0.1 });
  return { ...toParams(best.x), logLik: -best.value };
}

/** P(still alive at T | x, tx, T) (paper, eq. 12). */
export function pAlive(p: BgNbdParams, { x, tx, T }: RfmRow): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = p;
  const ratio = Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
  return 1 / (1 + (a / (b + x - 1)) * ratio);
}

/** E[purchases in (T, T+t] | x, tx, T] (paper, eq. 10). */
export function expectedPurchases(p: BgNbdParams, row: RfmRow, t: number): number {
  const { r, alpha, a, b } = p;
  const { x, tx, T } = row;
  const z = t / (alpha + T + t);
  const head = (a + b + x - 1) / (a - 1);
  const pow = Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)));
  const body = 1 - pow * hyp2f1(r + x, b + x, a + b + x - 1, z);
  const denom =
    x > 0 ? 1 + (a / (b + x - 1)) * Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))) : 1;
  return (head * body) / denom;
}

/**
 * P(at least one purchase in (T, T+t]): dropout only happens right after a purchase, so a customer alive
 * at T makes none in the window with probability E[e^{-λt}] over the posterior Gamma(r+x, α+T).
 */
export function pPurchaseWithin(p: BgNbdParams, row: RfmRow, t: number): number {
  const none = Math.exp((p.r + row.x) * (Math.log(p.alpha + row.T) - Math.log(p.alpha + row.T + t)));
  return pAlive(p, row) * (1 - none);
}

/** Median wait to the next purchase for a customer alive now (posterior Lomax waiting time). */
export function medianWait(p: BgNbdParams, row: RfmRow): number {
  return (p.alpha + row.T) * (2 ** (1 / (p.r + row.x)) - 1);
}
