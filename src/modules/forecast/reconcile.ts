import { aggregate, type Hierarchy } from './hierarchy.ts';

export type ReconcileMethod = 'bottom_up' | 'wls_struct' | 'wls_var';

/**
 * Coherent forecasts for every node from base forecasts at every node.
 * WLS with diagonal W (MinT's wls_struct / wls_var, Wickramasuriya et al. 2019) is solved exactly on
 * the tree in linear time: each subtree's best cost is a quadratic a·(x − m)² in its total x, combined
 * children-first, then the root total is split back down in proportion to 1/a. This avoids the
 * n×n matrices that make MinT impractical at 10⁵ series.
 */
export function reconcile(
  hier: Hierarchy,
  base: readonly Float64Array[],
  method: ReconcileMethod,
  variance?: Float64Array,
): Float64Array[] {
  const leaves = Array.from(hier.leafNode, (n) => base[n]);
  if (method === 'bottom_up') return aggregate(hier, clipLeaves(leaves));
  const N = hier.ids.length;
  const h = base[0].length;
  const w = new Float64Array(N);
  for (let n = 0; n < N; n++)
    w[n] = method === 'wls_struct' ? hier.leafCount[n] : Math.max(variance?.[n] ?? 1, 1e-9);
  const a = new Float64Array(N);
  const invA = new Float64Array(N); // Σ 1/a over children
  const m = base.map(() => new Float64Array(h));
  const childSum = base.map(() => new Float64Array(h));
  for (let n = N - 1; n >= 0; n--) {
    const kids = hier.children[n];
    if (kids.length === 0) {
      a[n] = 1 / w[n];
      m[n].set(base[n]);
      continue;
    }
    for (const c of kids) {
      invA[n] += 1 / a[c];
      for (let t = 0; t < h; t++) childSum[n][t] += m[c][t];
    }
    const A = 1 / invA[n];
    a[n] = A + 1 / w[n];
    for (let t = 0; t < h; t++) m[n][t] = (A * childSum[n][t] + base[n][t] / w[n]) / a[n];
  }
  const x = base.map(() => new Float64Array(h));
  x[0].set(m[0]);
  for (let n = 0; n < N; n++) {
    for (const c of hier.children[n]) {
      const share = 1 / a[c] / invA[n];
      for (let t = 0; t < h; t++) x[c][t] = m[c][t] + (x[n][t] - childSum[n][t]) * share;
    }
  }
  // Negative unit sales are impossible: clip leaves, then re-sum so coherence holds exactly.
  return aggregate(hier, clipLeaves(Array.from(hier.leafNode, (n) => x[n])));
}

function clipLeaves(leaves: Float64Array[]): Float64Array[] {
  return leaves.map((v) => v.map((e) => Math.max(e, 0)));
}

/** Shift a base quantile row set to a new (reconciled) mean, keeping its spread; clipped and sorted. */
export function recenterQuantiles(
  quantiles: readonly Float64Array[],
  baseMean: Float64Array,
  newMean: Float64Array,
): Float64Array[] {
  const out = quantiles.map((q) => q.map((v, t) => Math.max(0, v + newMean[t] - baseMean[t])));
  for (let q = 1; q < out.length; q++)
    for (let t = 0; t < newMean.length; t++) if (out[q][t] < out[q - 1][t]) out[q][t] = out[q - 1][t];
  return out;
}
