import { describe, expect, it } from 'vitest';
import { aggregate, buildHierarchy, type Hierarchy, type SeriesKey } from './hierarchy.ts';
import { recenterQuantiles, reconcile } from './reconcile.ts';

const keys: SeriesKey[] = [
  { product: 'a', location: 'S1', department: 'D1', category: 'C1', region: 'R1' },
  { product: 'b', location: 'S1', department: 'D1', category: 'C1', region: 'R1' },
  { product: 'c', location: 'S1', department: 'D2', category: 'C1', region: 'R1' },
  { product: 'a', location: 'S2', department: 'D1', category: 'C1', region: 'R1' },
  { product: 'a', location: 'S3', department: 'D1', category: 'C1', region: 'R2' },
];

/** Dense GLS reference: x = S (SᵀW⁻¹S)⁻¹ SᵀW⁻¹ ŷ, by Gauss–Jordan on the m×m system. */
function denseWls(hier: Hierarchy, base: number[], w: number[]): number[] {
  const N = hier.ids.length;
  const m = hier.leafNode.length;
  const S = Array.from({ length: N }, () => new Array<number>(m).fill(0));
  hier.leafNode.forEach((leaf, j) => {
    for (let n = leaf; n >= 0; n = hier.parent[n]) S[n][j] = 1;
  });
  const A = Array.from({ length: m }, (_, i) =>
    Array.from({ length: m + 1 }, (_, j) => {
      let v = 0;
      for (let n = 0; n < N; n++) v += (S[n][i] * (j < m ? S[n][j] : base[n])) / w[n];
      return v;
    }),
  );
  for (let c = 0; c < m; c++) {
    const piv = A[c][c];
    for (let j = c; j <= m; j++) A[c][j] /= piv;
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const f = A[r][c];
      for (let j = c; j <= m; j++) A[r][j] -= f * A[c][j];
    }
  }
  const beta = A.map((row) => row[m]);
  return S.map((row) => row.reduce((s, v, j) => s + v * beta[j], 0));
}

describe('hierarchy and reconciliation', () => {
  const hier = buildHierarchy(keys);

  it('builds total → region → location → category → department → product', () => {
    expect(hier.ids.filter((id) => id.startsWith('region:'))).toHaveLength(2);
    expect(hier.leafCount[0]).toBe(5);
    const totals = aggregate(
      hier,
      keys.map((_, i) => Float64Array.of(i + 1)),
    );
    expect(totals[0][0]).toBe(15);
  });

  it('rejects a department that sits under two categories in the same location', () => {
    expect(() =>
      buildHierarchy([
        ...keys,
        { product: 'z', location: 'S1', department: 'D1', category: 'C2', region: 'R1' },
      ]),
    ).toThrow(/two parents/);
  });

  it('WLS on the tree equals the dense MinT solution and is coherent', () => {
    // Near-coherent base (no leaf goes negative, so clipping does not interfere with the comparison).
    const base = hier.ids.map((_, n) => 10 * hier.leafCount[n] + ((n * 7) % 5));
    for (const method of ['wls_struct', 'wls_var'] as const) {
      const variance = Float64Array.from(hier.ids, (_, n) => 1 + (n % 3));
      const w = method === 'wls_struct' ? Array.from(hier.leafCount) : Array.from(variance);
      const got = reconcile(
        hier,
        base.map((v) => Float64Array.of(v)),
        method,
        variance,
      );
      const want = denseWls(hier, base, w);
      got.forEach((v, n) => {
        expect(v[0]).toBeCloseTo(want[n], 8);
      });
      // Coherence: every parent equals the sum of its children.
      hier.children.forEach((kids, n) => {
        if (kids.length) expect(kids.reduce((s, c) => s + got[c][0], 0)).toBeCloseTo(got[n][0], 9);
      });
    }
  });

  it('bottom-up sums the leaves and clips negatives', () => {
    const base = hier.ids.map(() => Float64Array.of(99));
    hier.leafNode.forEach((leaf, i) => {
      base[leaf] = Float64Array.of(i === 0 ? -3 : 2);
    });
    expect(reconcile(hier, base, 'bottom_up')[0][0]).toBe(8);
  });

  it('recentred quantiles stay sorted and non-negative', () => {
    const q = recenterQuantiles(
      [Float64Array.of(1), Float64Array.of(3)],
      Float64Array.of(2),
      Float64Array.of(0.5),
    );
    expect(q[0][0]).toBe(0);
    expect(q[1][0]).toBe(1.5);
  });
});
