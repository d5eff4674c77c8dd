/** Metrics for the score evaluation (pure). */

/** Area under the ROC curve by ranks (ties get their average rank). */
export function auc(scores: readonly number[], labels: readonly boolean[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++)
      if (labels[idx[k]!]) {
        pos++;
        rankSum += avgRank;
      }
    i = j + 1;
  }
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function brier(p: readonly number[], labels: readonly boolean[]): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i]! - (labels[i] ? 1 : 0)) ** 2;
  return s / Math.max(1, p.length);
}

export interface CalibrationBin {
  n: number;
  predicted: number;
  observed: number;
}

/** Equal-frequency bins of predicted probability: mean prediction vs observed rate. */
export function calibration(p: readonly number[], labels: readonly boolean[], bins = 10): CalibrationBin[] {
  const idx = p.map((_, i) => i).sort((a, b) => p[a]! - p[b]!);
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const slice = idx.slice(Math.floor((b * idx.length) / bins), Math.floor(((b + 1) * idx.length) / bins));
    if (slice.length === 0) continue;
    out.push({
      n: slice.length,
      predicted: slice.reduce((s, i) => s + p[i]!, 0) / slice.length,
      observed: slice.filter((i) => labels[i]).length / slice.length,
    });
  }
  return out;
}

/** Expected calibration error: bin-size-weighted |predicted − observed|. */
export function ece(bins: readonly CalibrationBin[]): number {
  const n = bins.reduce((s, b) => s + b.n, 0);
  return bins.reduce((s, b) => s + (b.n / n) * Math.abs(b.predicted - b.observed), 0);
}

export interface ErrorSummary {
  mae: number;
  rmse: number;
  /** (Σ predicted − Σ actual) / Σ actual. */
  aggregateBias: number;
  /** Spearman-free check: Pearson correlation of predicted and actual. */
  correlation: number;
}

export function errors(pred: readonly number[], actual: readonly number[]): ErrorSummary {
  const n = pred.length;
  let abs = 0;
  let sq = 0;
  let sp = 0;
  let sa = 0;
  for (let i = 0; i < n; i++) {
    const d = pred[i]! - actual[i]!;
    abs += Math.abs(d);
    sq += d * d;
    sp += pred[i]!;
    sa += actual[i]!;
  }
  const mp = sp / n;
  const ma = sa / n;
  let cov = 0;
  let vp = 0;
  let va = 0;
  for (let i = 0; i < n; i++) {
    cov += (pred[i]! - mp) * (actual[i]! - ma);
    vp += (pred[i]! - mp) ** 2;
    va += (actual[i]! - ma) ** 2;
  }
  return {
    mae: abs / n,
    rmse: Math.sqrt(sq / n),
    aggregateBias: (sp - sa) / sa,
    correlation: cov / Math.sqrt(vp * va),
  };
}
