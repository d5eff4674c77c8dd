// Feature-lag bookkeeping of the ingest-ratio server, cheap enough not to weigh on what it measures: the
// events of one request share their receipt time and one publish, so a run of such events is recorded
// once with its length as weight (the quantiles stay exact), instead of three array pushes per event.

/** Lags (ms) with weights; quantiles weighted by event count. */
export class WeightedLags {
  private readonly values: number[] = [];
  private readonly weights: number[] = [];

  add(value: number, weight: number): void {
    this.values.push(value);
    this.weights.push(weight);
  }

  /** The smallest lag at or below which a share `p` of the events lie (p = 1: the largest). */
  quantile(p: number): number {
    const order = this.values.map((_, i) => i).sort((a, b) => this.values[a]! - this.values[b]!);
    const total = this.weights.reduce((s, w) => s + w, 0);
    let seen = 0;
    for (const i of order) {
      seen += this.weights[i]!;
      if (seen >= p * total) return this.values[i]!;
    }
    return 0;
  }
}
