/**
 * Small gradient-boosted regression trees (squared loss, histogram splits), written for the global
 * model comparison: how far a plain TypeScript GBDT gets against the ridge model on the same features.
 */
export interface GbdtOptions {
  trees?: number;
  depth?: number;
  learningRate?: number;
  minLeaf?: number;
  bins?: number;
  /** L2 shrinkage of leaf values (as in XGBoost's lambda). */
  lambda?: number;
}

export interface Gbdt {
  base: number;
  depth: number;
  /** Per tree, complete binary layout: feature index (−1 = leaf), threshold (x ≤ t goes left), value. */
  feature: Int32Array[];
  threshold: Float64Array[];
  value: Float64Array[];
}

function binEdges(X: Float32Array, rows: number, k: number, f: number, bins: number): Float64Array {
  const step = Math.max(1, Math.floor(rows / 20000));
  const sample: number[] = [];
  for (let r = 0; r < rows; r += step) sample.push(X[r * k + f]);
  sample.sort((a, b) => a - b);
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const v = sample[Math.floor((b * sample.length) / bins)];
    if (edges.length === 0 || v > edges[edges.length - 1]) edges.push(v);
  }
  return Float64Array.from(edges);
}

function codeOf(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Fit on row-major X (rows × k) and target y. */
export function fitGbdt(X: Float32Array, y: Float64Array, k: number, opts: GbdtOptions = {}): Gbdt {
  const rows = y.length;
  const depth = opts.depth ?? 4;
  const lr = opts.learningRate ?? 0.1;
  const minLeaf = opts.minLeaf ?? 100;
  const lambda = opts.lambda ?? 1;
  const B = (opts.bins ?? 32) + 1;
  const edges = Array.from({ length: k }, (_, f) => binEdges(X, rows, k, f, B - 1));
  const codes = new Uint8Array(rows * k);
  for (let r = 0; r < rows; r++)
    for (let f = 0; f < k; f++) codes[r * k + f] = codeOf(edges[f], X[r * k + f]);
  let base = 0;
  for (let r = 0; r < rows; r++) base += y[r];
  base /= Math.max(1, rows);
  const pred = new Float64Array(rows).fill(base);
  const resid = new Float64Array(rows);
  const node = new Int32Array(rows);
  const size = 2 ** (depth + 1) - 1;
  const model: Gbdt = { base, depth, feature: [], threshold: [], value: [] };
  for (let tree = 0; tree < (opts.trees ?? 60); tree++) {
    for (let r = 0; r < rows; r++) resid[r] = y[r] - pred[r];
    node.fill(0);
    const feature = new Int32Array(size).fill(-1);
    const threshold = new Float64Array(size);
    const value = new Float64Array(size);
    for (let d = 0; d < depth; d++) {
      const first = 2 ** d - 1;
      const width = 2 ** d;
      const sum = new Float64Array(width * k * B);
      const cnt = new Float64Array(width * k * B);
      for (let r = 0; r < rows; r++) {
        const n = node[r] - first;
        if (n < 0) continue; // row sits in a leaf closed at an earlier depth
        const g = resid[r];
        const off = n * k * B;
        for (let f = 0; f < k; f++) {
          const i = off + f * B + codes[r * k + f];
          sum[i] += g;
          cnt[i]++;
        }
      }
      for (let n = 0; n < width; n++) {
        let best = 0;
        for (let f = 0; f < k; f++) {
          const off = (n * k + f) * B;
          let S = 0;
          let N = 0;
          for (let b = 0; b < B; b++) {
            S += sum[off + b];
            N += cnt[off + b];
          }
          let sl = 0;
          let nl = 0;
          for (let b = 0; b < B - 1; b++) {
            sl += sum[off + b];
            nl += cnt[off + b];
            if (nl < minLeaf || N - nl < minLeaf) continue;
            const gain =
              (sl * sl) / (nl + lambda) + ((S - sl) * (S - sl)) / (N - nl + lambda) - (S * S) / (N + lambda);
            if (gain > best && b < edges[f].length) {
              best = gain;
              feature[first + n] = f;
              threshold[first + n] = edges[f][b];
              value[first + n] = b;
            }
          }
        }
      }
      for (let r = 0; r < rows; r++) {
        const n = node[r];
        const f = feature[n];
        if (n < first || f < 0) continue;
        node[r] = 2 * n + (codes[r * k + f] <= value[n] ? 1 : 2);
      }
    }
    // Leaf values: shrunk mean residual of the rows that ended there.
    const ls = new Float64Array(size);
    const ln = new Float64Array(size);
    for (let r = 0; r < rows; r++) {
      ls[node[r]] += resid[r];
      ln[node[r]]++;
    }
    for (let n = 0; n < size; n++)
      value[n] = feature[n] >= 0 && ln[n] === 0 ? 0 : (lr * ls[n]) / (ln[n] + lambda);
    for (let r = 0; r < rows; r++) pred[r] += value[node[r]];
    model.feature.push(feature);
    model.threshold.push(threshold);
    model.value.push(value);
  }
  return model;
}

export function predictGbdt(model: Gbdt, x: ArrayLike<number>): number {
  let out = model.base;
  for (let t = 0; t < model.feature.length; t++) {
    const feature = model.feature[t];
    let n = 0;
    while (feature[n] >= 0) n = 2 * n + (x[feature[n]] <= model.threshold[t][n] ? 1 : 2);
    out += model.value[t][n];
  }
  return out;
}
