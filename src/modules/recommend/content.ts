import type { Vocab } from './vocab.ts';

/** The product fields content similarity reads (a catalog Product fits). */
export interface ContentDoc {
  id: string;
  title: string;
  brand?: string | undefined;
  category: readonly string[];
  attributes?: Record<string, unknown>;
}

const STOPWORDS = new Set([
  'the',
  'and',
  'for',
  'with',
  'set',
  'of',
  'les',
  'des',
  'pour',
  'avec',
  'une',
  'aux',
]);
/** Field weights: a shared leaf category or brand says more than one shared title word. */
const FIELD_WEIGHT = { c: 2, p: 0.5, b: 1.5, a: 0.7, t: 1 } as const;
export type ContentField = keyof typeof FIELD_WEIGHT;

export function contentTokens(d: ContentDoc): string[] {
  const out = new Set<string>();
  const cat = d.category;
  if (cat.length > 0) out.add(`c:${cat.join('>').toLowerCase()}`);
  if (cat.length > 1) out.add(`p:${cat.slice(0, -1).join('>').toLowerCase()}`);
  if (d.brand) out.add(`b:${d.brand.toLowerCase()}`);
  for (const [k, v] of Object.entries(d.attributes ?? {}))
    for (const x of Array.isArray(v) ? v : [v])
      if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')
        out.add(`a:${k.toLowerCase()}=${String(x).toLowerCase()}`);
  for (const w of d.title.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    if (w.length >= 3 && !STOPWORDS.has(w) && !/^\d+$/.test(w)) out.add(`t:${w}`);
  return [...out];
}

/** Inverted index over content tokens, weighted by IDF; similarity is a weighted token overlap. */
export class ContentIndex {
  private readonly tokenIds = new Map<string, number>();
  private readonly postings: number[][] = [];
  private readonly tokenNames: string[] = [];
  private readonly tokensOf = new Map<number, number[]>();
  private weights: Float64Array = new Float64Array(0);
  private norms = new Map<number, number>();
  private acc = new Float64Array(0);
  private stamp = new Uint32Array(0);
  private epoch = 0;

  constructor(private readonly items: Vocab) {}

  get size(): number {
    return this.tokensOf.size;
  }

  add(doc: ContentDoc): void {
    const item = this.items.intern(doc.id);
    const ids = contentTokens(doc).map((tok) => {
      let id = this.tokenIds.get(tok);
      if (id === undefined) {
        id = this.postings.length;
        this.tokenIds.set(tok, id);
        this.postings.push([]);
        this.tokenNames.push(tok);
      }
      this.postings[id]!.push(item);
      return id;
    });
    this.tokensOf.set(item, ids);
  }

  /** Computes token weights (field weight × IDF) once all documents are in. */
  finish(): void {
    const n = Math.max(1, this.tokensOf.size);
    this.weights = new Float64Array(this.postings.length);
    for (const [tok, id] of this.tokenIds) {
      const field = tok[0] as ContentField;
      this.weights[id] = FIELD_WEIGHT[field] * Math.log(1 + n / this.postings[id]!.length);
    }
    this.acc = new Float64Array(this.items.size);
    this.stamp = new Uint32Array(this.items.size);
    this.norms = new Map();
    for (const [item, toks] of this.tokensOf) {
      let sq = 0;
      for (const t of toks) sq += this.weights[t]! ** 2;
      this.norms.set(item, Math.sqrt(sq) || 1);
    }
  }

  /**
   * Most content-similar items to `item`. Tokens are read rarest first with a budget of postings, so a
   * shared category counts fully while a title word shared by 50,000 products is only sampled.
   */
  similar(
    item: number,
    limit: number,
    budget = 2500,
  ): Array<{ item: number; score: number; shared: string[] }> {
    const toks = this.tokensOf.get(item);
    if (!toks) return [];
    const epoch = this.nextEpoch();
    const touched: number[] = [];
    const ordered = [...toks].sort((a, b) => this.postings[a]!.length - this.postings[b]!.length);
    let left = budget;
    ordered.forEach((t, k) => {
      const w = this.weights[t]! ** 2;
      const list = this.postings[t]!;
      const take = Math.min(list.length, Math.ceil(left / (ordered.length - k)));
      left -= take;
      for (let j = 0; j < take; j++) {
        const other = list[j]!;
        if (other === item || other >= this.acc.length) continue;
        if (this.stamp[other] !== epoch) {
          this.stamp[other] = epoch;
          this.acc[other] = 0;
          touched.push(other);
        }
        this.acc[other]! += w;
      }
    });
    const self = this.norms.get(item)!;
    for (const o of touched) this.acc[o] = this.acc[o]! / (self * this.norms.get(o)!);
    const top = topByScore(touched, this.acc, limit);
    return top.map((o) => ({ item: o, score: this.acc[o]!, shared: this.sharedFields(item, o) }));
  }

  private nextEpoch(): number {
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    return this.epoch;
  }

  /** Which fields two items share, for the explanation ("same brand", "same category"). */
  sharedFields(a: number, b: number): string[] {
    const tb = new Set(this.tokensOf.get(b) ?? []);
    const fields = new Set<string>();
    for (const t of this.tokensOf.get(a) ?? []) if (tb.has(t)) fields.add(this.tokenNames[t]![0]!);
    return [...fields];
  }
}

/** The `limit` best candidates by score (partial selection: one pass plus a small sorted buffer). */
export function topByScore(candidates: readonly number[], score: ArrayLike<number>, limit: number): number[] {
  const best: number[] = [];
  for (const c of candidates) {
    const v = score[c]!;
    if (best.length === limit && v <= score[best[limit - 1]!]!) continue;
    let i = best.length < limit ? best.length : limit - 1;
    if (best.length < limit) best.push(c);
    while (i > 0 && (score[best[i - 1]!]! < v || (score[best[i - 1]!]! === v && best[i - 1]! > c))) {
      best[i] = best[i - 1]!;
      i--;
    }
    best[i] = c;
  }
  return best;
}
