/** Accumulates full-ranking accuracy and beyond-accuracy measures over many top-K lists. */
export class RankingMetrics {
  lists = 0;
  hits = 0;
  rr = 0;
  ndcg = 0;
  recall = 0;
  private popSum = 0;
  private readonly covered = new Set<string>();

  constructor(
    readonly k: number,
    private readonly popularity: (productId: string) => number,
    /** Items counted by coverage (the training catalog); content-only items do not inflate it. */
    private readonly inCatalog: (productId: string) => boolean = () => true,
  ) {}

  /** One prediction: `ranked` best first, `targets` the relevant items (one for next-item). */
  add(ranked: readonly string[], targets: ReadonlySet<string>): void {
    const top = ranked.slice(0, this.k);
    this.lists++;
    let first = 0;
    let dcg = 0;
    let found = 0;
    top.forEach((p, r) => {
      if (this.inCatalog(p)) this.covered.add(p);
      if (targets.has(p)) {
        found++;
        dcg += 1 / Math.log2(r + 2);
        if (first === 0) first = r + 1;
      }
    });
    let idcg = 0;
    for (let r = 0; r < Math.min(this.k, targets.size); r++) idcg += 1 / Math.log2(r + 2);
    if (first > 0) {
      this.hits++;
      this.rr += 1 / first;
    }
    this.ndcg += idcg > 0 ? dcg / idcg : 0;
    this.recall += targets.size > 0 ? found / targets.size : 0;
    if (top.length > 0) this.popSum += top.reduce((s, p) => s + this.popularity(p), 0) / top.length;
  }

  summary(catalogSize: number): MetricSummary {
    const n = Math.max(1, this.lists);
    return {
      predictions: this.lists,
      hr: this.hits / n,
      mrr: this.rr / n,
      ndcg: this.ndcg / n,
      recall: this.recall / n,
      coverage: catalogSize > 0 ? this.covered.size / catalogSize : 0,
      popularity: this.popSum / n,
    };
  }
}

export interface MetricSummary {
  predictions: number;
  hr: number;
  mrr: number;
  ndcg: number;
  recall: number;
  /** Share of the training catalog appearing in at least one top-K list. */
  coverage: number;
  /** Mean normalized training popularity of recommended items (session-rec POP@K): lower = less bias. */
  popularity: number;
}
