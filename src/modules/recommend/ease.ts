import type { InteractionTable } from './interactions.ts';

/**
 * EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019) on the `n` most popular
 * items: B = I − P·diag(1/diag(P)) with P = (XᵀX + λI)⁻¹, X the binary user × item matrix. A closed
 * form, but dense: n² weights and O(n³) time, so it is trained on a popularity-ranked candidate set and
 * other items are never recommended by it.
 */
export interface EaseModel {
  /** Model item id of each EASE slot (most popular first). */
  items: Int32Array;
  /** Row-major n × n weights: score[j] = Σ_h x_h · weights[h·n + j]; the diagonal is 0. */
  weights: Float32Array;
  lambda: number;
}

export interface EaseOptions {
  /** Items kept (the most popular ones). */
  topN: number;
  /** L2 regularisation added to the Gram matrix diagonal. */
  lambda: number;
  /** At most this many distinct items per user (the most recent), so one bulk buyer costs O(cap²). */
  maxItemsPerUser: number;
}

export const DEFAULT_EASE: EaseOptions = { topN: 2000, lambda: 50, maxItemsPerUser: 300 };

export const emptyEase = (): EaseModel => ({
  items: new Int32Array(0),
  weights: new Float32Array(0),
  lambda: 0,
});

/** Trains EASE over the rows of `t` in `order` (chronological), on the top `topN` of `popularOrder`. */
export function trainEase(
  t: InteractionTable,
  order: Int32Array,
  popularOrder: Int32Array,
  itemCount: number,
  o: EaseOptions = DEFAULT_EASE,
): EaseModel {
  const n = Math.min(o.topN, popularOrder.length);
  if (n === 0) return emptyEase();
  const items = popularOrder.slice(0, n);
  const slot = new Int32Array(itemCount).fill(-1);
  for (let s = 0; s < n; s++) slot[items[s]!] = s;
  const gram = gramMatrix(t, order, slot, n, o.maxItemsPerUser);
  for (let i = 0; i < n; i++) gram[i * n + i]! += o.lambda;
  const p = invertSpd(gram, n);
  const weights = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) if (i !== j) weights[i * n + j] = -p[i * n + j]! / p[j * n + j]!;
  return { items, weights, lambda: o.lambda };
}

/** XᵀX over users' distinct items among the EASE slots (full symmetric matrix, row-major). */
function gramMatrix(
  t: InteractionTable,
  order: Int32Array,
  slot: Int32Array,
  n: number,
  cap: number,
): Float64Array {
  const actors = t.actor.view();
  const item = t.item.view();
  let actorCount = 0;
  for (let r = 0; r < actors.length; r++) if (actors[r]! >= actorCount) actorCount = actors[r]! + 1;
  // rows grouped by actor (counting sort), newest first inside each actor
  const start = new Int32Array(actorCount + 1);
  for (let k = 0; k < order.length; k++) if (slot[item[order[k]!]!]! >= 0) start[actors[order[k]!]! + 1]!++;
  for (let a = 0; a < actorCount; a++) start[a + 1]! += start[a]!;
  const fill = start.slice(0, actorCount);
  const bySlot = new Int32Array(start[actorCount]!);
  for (let k = order.length - 1; k >= 0; k--) {
    const s = slot[item[order[k]!]!]!;
    if (s >= 0) bySlot[fill[actors[order[k]!]!]!++] = s;
  }
  const gram = new Float64Array(n * n);
  const seen = new Int32Array(n).fill(-1);
  const user: number[] = [];
  for (let a = 0; a < actorCount; a++) {
    user.length = 0;
    for (let j = start[a]!; j < start[a + 1]! && user.length < cap; j++) {
      const s = bySlot[j]!;
      if (seen[s] === a) continue;
      seen[s] = a;
      user.push(s);
    }
    for (const i of user) {
      const row = i * n;
      for (const j of user) gram[row + j]! += 1;
    }
  }
  return gram;
}

/**
 * Inverse of a symmetric positive definite matrix through its Cholesky factor: A = LLᵀ,
 * A⁻¹ = L⁻ᵀL⁻¹. Every inner loop walks a contiguous row (row-major), about n³/2 multiply-adds.
 */
export function invertSpd(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let sum = a[ri + j]!;
      for (let k = 0; k < j; k++) sum -= l[ri + k]! * l[rj + k]!;
      if (i === j) {
        if (!(sum > 0)) throw new Error('matrix is not positive definite');
        l[ri + i] = Math.sqrt(sum);
      } else l[ri + j] = sum / l[rj + j]!;
    }
  }
  // L⁻¹ row by row: row i = (e_i − Σ_{k<i} L[i][k] · row k) / L[i][i]
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < i; k++) {
      const f = l[ri + k]!;
      if (f === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) inv[ri + j]! -= f * inv[rk + j]!;
    }
    inv[ri + i]! += 1;
    const d = 1 / l[ri + i]!;
    for (let j = 0; j <= i; j++) inv[ri + j]! *= d;
  }
  // A⁻¹ = Σ_i (row i of L⁻¹)ᵀ (row i of L⁻¹), lower triangle, then mirrored
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let x = 0; x <= i; x++) {
      const v = inv[ri + x]!;
      if (v === 0) continue;
      const rx = x * n;
      for (let y = 0; y <= x; y++) out[rx + y]! += v * inv[ri + y]!;
    }
  }
  for (let x = 0; x < n; x++) for (let y = 0; y < x; y++) out[y * n + x] = out[x * n + y]!;
  return out;
}

/**
 * Scores of every EASE slot for a weighted history (slots and weights), written into `out` (length n).
 * Returns false when no history item is among the EASE items.
 */
export function easeScores(
  m: EaseModel,
  slots: readonly number[],
  weights: readonly number[],
  out: Float64Array,
): boolean {
  const n = m.items.length;
  out.fill(0, 0, n);
  if (slots.length === 0) return false;
  for (let h = 0; h < slots.length; h++) {
    const row = slots[h]! * n;
    const w = weights[h]!;
    for (let j = 0; j < n; j++) out[j]! += w * m.weights[row + j]!;
  }
  return true;
}
