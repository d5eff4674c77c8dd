import { ScoreBoard } from './topk.ts';
import { GrowableInt32, type Vocab } from './vocab.ts';

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
const FIELDS = Object.keys(FIELD_WEIGHT) as ContentField[];
const FIELD_CODE = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as Record<ContentField, number>;
const FIELD_WEIGHTS = FIELDS.map((f) => FIELD_WEIGHT[f]);

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

/**
 * Inverted index over content tokens, weighted by IDF; similarity is a weighted token overlap. Built
 * into compressed rows of typed arrays (tokens per item, items per token) so a million products cost a
 * few typed arrays rather than millions of small objects for the garbage collector to trace.
 */
export class ContentIndex {
  private readonly tokenIds = new Map<string, number>();
  private readonly tokenField: number[] = [];
  private docItem = new GrowableInt32();
  private docOffsets = new GrowableInt32();
  private docTokens = new GrowableInt32();
  /** Item → its tokens, rarest first: itemTok[itemOffsets[i] .. itemOffsets[i+1]). */
  private itemOffsets = new Int32Array(1);
  private itemTok = new Int32Array(0);
  /** Token → items holding it, in the order documents were added. */
  private postOffsets = new Int32Array(1);
  private postItems = new Int32Array(0);
  private weights = new Float64Array(0);
  private norms = new Float64Array(0);
  private board = new ScoreBoard(0);
  private docs = 0;

  constructor(private readonly items: Vocab) {
    this.docOffsets.push(0);
  }

  get size(): number {
    return this.docs;
  }

  add(doc: ContentDoc): void {
    this.docItem.push(this.items.intern(doc.id));
    for (const tok of contentTokens(doc)) {
      let id = this.tokenIds.get(tok);
      if (id === undefined) {
        id = this.tokenField.length;
        this.tokenIds.set(tok, id);
        this.tokenField.push(FIELD_CODE[tok[0] as ContentField]);
      }
      this.docTokens.push(id);
    }
    this.docOffsets.push(this.docTokens.length);
  }

  /** Builds the rows and token weights (field weight × IDF) once all documents are in. */
  finish(): void {
    const size = this.items.size;
    const tokens = this.tokenField.length;
    const docItem = this.docItem.view();
    const docOffsets = this.docOffsets.view();
    const docTokens = this.docTokens.view();
    // the last document of an item wins
    const docOf = new Int32Array(size).fill(-1);
    for (let d = 0; d < docItem.length; d++) docOf[docItem[d]!] = d;
    this.itemOffsets = new Int32Array(size + 1);
    const postCount = new Int32Array(tokens + 1);
    let total = 0;
    for (let i = 0; i < size; i++) {
      const d = docOf[i]!;
      if (d >= 0) {
        total += docOffsets[d + 1]! - docOffsets[d]!;
        for (let j = docOffsets[d]!; j < docOffsets[d + 1]!; j++) postCount[docTokens[j]! + 1]!++;
      }
      this.itemOffsets[i + 1] = total;
    }
    this.docs = 0;
    for (let i = 0; i < size; i++) if (docOf[i]! >= 0) this.docs++;
    this.postOffsets = new Int32Array(tokens + 1);
    for (let t = 0; t < tokens; t++) this.postOffsets[t + 1] = this.postOffsets[t]! + postCount[t + 1]!;
    const n = Math.max(1, this.docs);
    this.weights = new Float64Array(tokens);
    for (let t = 0; t < tokens; t++) {
      const df = this.postOffsets[t + 1]! - this.postOffsets[t]!;
      this.weights[t] = df > 0 ? FIELD_WEIGHTS[this.tokenField[t]!]! * Math.log(1 + n / df) : 0;
    }
    this.itemTok = new Int32Array(total);
    this.postItems = new Int32Array(this.postOffsets[tokens]!);
    const cursor = this.postOffsets.slice(0, tokens);
    this.norms = new Float64Array(size);
    const df = (t: number) => this.postOffsets[t + 1]! - this.postOffsets[t]!;
    // postings in document order, as documents were added
    for (let d = 0; d < docItem.length; d++) {
      const i = docItem[d]!;
      if (docOf[i] !== d) continue;
      for (let j = docOffsets[d]!; j < docOffsets[d + 1]!; j++) this.postItems[cursor[docTokens[j]!]!++] = i;
    }
    for (let i = 0; i < size; i++) {
      const d = docOf[i]!;
      if (d < 0) continue;
      const row = Array.from(docTokens.subarray(docOffsets[d]!, docOffsets[d + 1]!));
      row.sort((a, b) => df(a) - df(b) || a - b);
      this.itemTok.set(row, this.itemOffsets[i]!);
      let sq = 0;
      for (const t of row) sq += this.weights[t]! ** 2;
      this.norms[i] = Math.sqrt(sq) || 1;
    }
    this.board = new ScoreBoard(size);
    // the document buffers are no longer needed
    this.docItem = new GrowableInt32(0);
    this.docOffsets = new GrowableInt32(0);
    this.docTokens = new GrowableInt32(0);
  }

  /**
   * Most content-similar items to `item`. Tokens are read rarest first with a budget of postings, so a
   * shared category counts fully while a title word shared by 50,000 products is only sampled.
   */
  similar(item: number, limit: number, budget = 2500): Array<{ item: number; score: number }> {
    if (item < 0 || item + 1 >= this.itemOffsets.length) return [];
    const from = this.itemOffsets[item]!;
    const to = this.itemOffsets[item + 1]!;
    if (from === to) return [];
    const board = this.board.reset();
    let left = budget;
    for (let k = from; k < to; k++) {
      const t = this.itemTok[k]!;
      const w = this.weights[t]! ** 2;
      const start = this.postOffsets[t]!;
      const take = Math.min(this.postOffsets[t + 1]! - start, Math.ceil(left / (to - k)));
      left -= take;
      for (let j = start; j < start + take; j++) {
        const other = this.postItems[j]!;
        if (other !== item) board.add(other, w);
      }
    }
    const self = this.norms[item]!;
    const touched = board.items();
    for (let k = 0; k < touched.length; k++) {
      const o = touched[k]!;
      board.score[o] = board.score[o]! / (self * this.norms[o]!);
    }
    return board.top(limit).map((o) => ({ item: o, score: board.score[o]! }));
  }

  /** Which fields two items share, for the explanation ("same brand", "same category"). */
  sharedFields(a: number, b: number): string[] {
    const fields = new Set<string>();
    if (a + 1 >= this.itemOffsets.length || b + 1 >= this.itemOffsets.length) return [];
    for (let x = this.itemOffsets[a]!; x < this.itemOffsets[a + 1]!; x++)
      for (let y = this.itemOffsets[b]!; y < this.itemOffsets[b + 1]!; y++)
        if (this.itemTok[x] === this.itemTok[y]) fields.add(FIELDS[this.tokenField[this.itemTok[x]!]!]!);
    return [...fields];
  }
}
