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
    this.norms = new Map();
    for (const [item, toks] of this.tokensOf) {
      let sq = 0;
      for (const t of toks) sq += this.weights[t]! ** 2;
      this.norms.set(item, Math.sqrt(sq) || 1);
    }
  }

  /** Most content-similar items to `item`; very common tokens are sampled (first `cap` postings). */
  similar(item: number, limit: number, cap = 2000): Array<{ item: number; score: number; shared: string[] }> {
    const toks = this.tokensOf.get(item);
    if (!toks) return [];
    const acc = new Map<number, number>();
    for (const t of toks) {
      const w = this.weights[t]! ** 2;
      const list = this.postings[t]!;
      for (let j = 0; j < Math.min(cap, list.length); j++) {
        const other = list[j]!;
        if (other !== item) acc.set(other, (acc.get(other) ?? 0) + w);
      }
    }
    const self = this.norms.get(item)!;
    const scored = [...acc].map(([other, dot]) => ({
      item: other,
      score: dot / (self * this.norms.get(other)!),
    }));
    scored.sort((a, b) => b.score - a.score || a.item - b.item);
    const top = scored.slice(0, limit);
    return top.map((s) => ({ ...s, shared: this.sharedFields(item, s.item) }));
  }

  /** Which fields two items share, for the explanation ("same brand", "same category"). */
  sharedFields(a: number, b: number): string[] {
    const tb = new Set(this.tokensOf.get(b) ?? []);
    const fields = new Set<string>();
    for (const t of this.tokensOf.get(a) ?? []) if (tb.has(t)) fields.add(this.tokenNames[t]![0]!);
    return [...fields];
  }
}
