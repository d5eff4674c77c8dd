import { lnGamma, nelderMead } from './special.ts';

/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013 note):
 * transaction values ~ Gamma(p, ν), ν ~ Gamma(q, γ). Fitted on customers with x ≥ 1 repeat purchases
 * and their mean repeat-transaction value m.
 */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface SpendRow {
  x: number;
  m: number;
}

export function ggLogLik({ p, q, gamma }: GammaGammaParams, { x, m }: SpendRow): number {
  return (
    lnGamma(p * x + q) -
    lnGamma(p * x) -
    lnGamma(q) +
    q * Math.log(gamma) +
    (p * x - 1) * Math.log(m) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(gamma + m * x)
  );
}

export function fitGammaGamma(rows: readonly SpendRow[]): GammaGammaParams & { logLik: number } {
  const usable = rows.filter((r) => r.x >= 1 && r.m > 0);
  const toParams = (v: number[]): GammaGammaParams => ({
    p: Math.exp(v[0]!),
    q: Math.exp(v[1]!),
    gamma: Math.exp(v[2]!),
  });
  const meanM = usable.reduce((s, r) => s + r.m, 0) / Math.max(1, usable.length);
  const negLL = (v: number[]): number => {
    if (v.some((z) => Math.abs(z) > 15)) return Number.POSITIVE_INFINITY;
    const params = toParams(v);
    let ll = 0;
    for (const row of usable) ll += ggLogLik(params, row);
    return Number.isFinite(ll) ? -ll : Number.POSITIVE_INFINITY;
  };
  let best = nelderMead(negLL, [Math.log(2), Math.log(3), Math.log(Math.max(1, meanM))]);
  best = nelderMead(negLL, best.x, { step: 0.1 });
  return { ...toParams(best.x), logLik: -best.value };
}

/** E[mean transaction value | x, m]: a weighted mix of the population mean and the customer's own mean. */
export function expectedSpend({ p, q, gamma }: GammaGammaParams, { x, m }: SpendRow): number {
  if (q <= 1) return Number.NaN;
  const population = (p * gamma) / (q - 1);
  if (x <= 0 || !(m > 0)) return population;
  return (p * (gamma + x * m)) / (p * x + q - 1);
}
