import { IntBuffer, stringsOf, valueAt } from './buffers.ts';
import {
  bareAttribute,
  facetAttributes,
  type IndexSettings,
  leadingSorts,
  parseSortSpecs,
  type SortSpec,
  searchablePriorities,
} from './settings.ts';
import { fold, hasDigit, hashSkipping, words } from './text.ts';

export type SearchRecord = Record<string, unknown> & { objectID: string };

/** Per-document values of one facet attribute, both directions (doc → values, value → docs). */
export interface FacetColumn {
  values: string[];
  /** Folded value → id, for case-insensitive filters. */
  idOfFolded: Map<string, number[]>;
  docOffsets: Int32Array;
  docValues: Int32Array;
  valueOffsets: Int32Array;
  valueDocs: Int32Array;
  /** Value id per doc (-1: none) when no doc has two values: one read per doc when counting. */
  single: Int32Array | null;
}

/**
 * An immutable slice of an index: vocabulary sorted so a prefix is a contiguous term-id range,
 * postings and forward lists as typed arrays. Deletions only flip `deleted`.
 */
export interface Segment {
  size: number;
  records: SearchRecord[];
  deleted: Uint8Array;
  vocab: string[];
  postOffsets: Int32Array;
  postDocs: Int32Array;
  /** attributePriority << 10 | position, best occurrence of the term in the doc. */
  postCodes: Uint16Array;
  fwdOffsets: Int32Array;
  fwdTerms: Int32Array;
  fwdCodes: Uint16Array;
  /** Sorted `hash(term with one letter deleted or none) * 2^22 + termId`: one-typo candidates. */
  deleteKeys: Float64Array;
  /** Letters present in each term (bit per letter), to skip hopeless two-typo comparisons. */
  letterMasks: Uint32Array;
  facets: Map<string, FacetColumn>;
  numbers: Map<string, Float64Array>;
  /** Position of each doc when sorted by customRanking (0 = best). */
  customRank: Int32Array;
  /** Position by the replica's leading sort (asc(price)…), or null. */
  sortRank: Int32Array | null;
  /** Scratch reused by queries (single-threaded): epoch stamps and per-doc values. */
  stamp: Uint32Array;
  scratch: Int32Array;
  /** Bitset scratch (one bit per doc), all zero between queries. */
  seen: Uint32Array;
  /** Per-query buffers reused while a search runs synchronously (allocated on first use). */
  pool: SegmentPool | null;
  epoch: number;
}

export interface SegmentPool {
  docs: Int32Array;
  codes: Int32Array;
  keys: Float64Array;
  typos: Uint8Array;
}

/** The segment's reusable buffers: results are views into them, valid until the next query. */
export function poolOf(seg: Segment): SegmentPool {
  if (!seg.pool) {
    const n = seg.size;
    seg.pool = {
      docs: new Int32Array(n),
      codes: new Int32Array(n),
      keys: new Float64Array(n),
      typos: new Uint8Array(n),
    };
  }
  return seg.pool;
}

export const MAX_POSITION = 1023;
export const TERM_ID_FACTOR = 2 ** 22;
const ARRAY_GAP = 8;

export function searchableOf(settings: IndexSettings, sample: SearchRecord | undefined) {
  const declared = searchablePriorities(settings);
  if (declared.length > 0) return declared;
  const keys = sample
    ? Object.keys(sample).filter((k) => k !== 'objectID' && typeof sample[k] === 'string')
    : [];
  return keys.map((attribute, priority) => ({ attribute, priority }));
}

export function buildSegment(records: SearchRecord[], settings: IndexSettings): Segment {
  const n = records.length;
  const searchable = searchableOf(settings, records[0]);
  const termIdOf = new Map<string, number>();
  const tmpTerms: string[] = [];
  const lastDoc = new IntBuffer();
  const bestCode = new IntBuffer();
  const pairTerm = new IntBuffer(n * 8 + 16);
  const pairCode = new IntBuffer(n * 8 + 16);
  const docStart = new Int32Array(n + 1);
  for (let d = 0; d < n; d++) {
    docStart[d] = pairTerm.length;
    const touched: number[] = [];
    for (const { attribute, priority } of searchable) {
      let pos = 0;
      for (const text of stringsOf(valueAt(records[d]!, attribute))) {
        for (const w of words(text)) {
          let t = termIdOf.get(w);
          if (t === undefined) {
            t = tmpTerms.length;
            termIdOf.set(w, t);
            tmpTerms.push(w);
            lastDoc.push(-1);
            bestCode.push(0);
          }
          const code = (Math.min(priority, 31) << 10) | Math.min(pos, MAX_POSITION);
          if (lastDoc.data[t] !== d) {
            lastDoc.data[t] = d;
            bestCode.data[t] = code;
            touched.push(t);
          } else if (code < bestCode.data[t]!) bestCode.data[t] = code;
          pos++;
        }
        pos += ARRAY_GAP;
      }
    }
    for (const t of touched) {
      pairTerm.push(t);
      pairCode.push(bestCode.data[t]!);
    }
  }
  docStart[n] = pairTerm.length;
  return finishSegment(records, settings, tmpTerms, pairTerm.toArray(), pairCode.toArray(), docStart);
}

function finishSegment(
  records: SearchRecord[],
  settings: IndexSettings,
  tmpTerms: string[],
  pairTmp: Int32Array,
  pairCode: Int32Array,
  docStart: Int32Array,
): Segment {
  const n = records.length;
  const order = tmpTerms.map((_, i) => i).sort((a, b) => (tmpTerms[a]! < tmpTerms[b]! ? -1 : 1));
  const rank = new Int32Array(tmpTerms.length);
  order.forEach((tmp, r) => {
    rank[tmp] = r;
  });
  const vocab = order.map((i) => tmpTerms[i]!);
  const fwdTerms = new Int32Array(pairTmp.length);
  const fwdCodes = new Uint16Array(pairTmp.length);
  const counts = new Int32Array(vocab.length + 1);
  for (let d = 0; d < n; d++) {
    const from = docStart[d]!;
    const to = docStart[d + 1]!;
    // Insertion sort by term id in place: a doc has a handful of distinct words.
    for (let i = from; i < to; i++) {
      const t = rank[pairTmp[i]!]!;
      const c = pairCode[i]!;
      let j = i - 1;
      while (j >= from && fwdTerms[j]! > t) {
        fwdTerms[j + 1] = fwdTerms[j]!;
        fwdCodes[j + 1] = fwdCodes[j]!;
        j--;
      }
      fwdTerms[j + 1] = t;
      fwdCodes[j + 1] = c;
      counts[t + 1]!++;
    }
  }
  for (let t = 0; t < vocab.length; t++) counts[t + 1]! += counts[t]!;
  const postOffsets = counts.slice();
  const fill = counts.slice();
  const postDocs = new Int32Array(pairTmp.length);
  const postCodes = new Uint16Array(pairTmp.length);
  for (let d = 0; d < n; d++) {
    for (let i = docStart[d]!; i < docStart[d + 1]!; i++) {
      const at = fill[fwdTerms[i]!]!++;
      postDocs[at] = d;
      postCodes[at] = fwdCodes[i]!;
    }
  }
  return {
    size: n,
    records,
    deleted: new Uint8Array(n),
    vocab,
    postOffsets,
    postDocs,
    postCodes,
    fwdOffsets: docStart,
    fwdTerms,
    fwdCodes,
    deleteKeys: buildDeleteKeys(vocab),
    letterMasks: Uint32Array.from(vocab, letterMask),
    facets: buildFacets(records, settings),
    numbers: buildNumbers(records, settings),
    customRank: rankBy(records, parseSortSpecs(settings.customRanking)),
    sortRank: leadingSorts(settings).length > 0 ? rankBy(records, leadingSorts(settings)) : null,
    stamp: new Uint32Array(n),
    scratch: new Int32Array(n),
    seen: new Uint32Array((n >>> 5) + 1),
    pool: null,
    epoch: 0,
  };
}

/** One bit per letter (digits share the top bits): an edit changes at most two bits. */
export function letterMask(w: string): number {
  let m = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    m |= 1 << (c >= 97 && c <= 122 ? c - 97 : 26 + (c % 6));
  }
  return m >>> 0;
}

function buildDeleteKeys(vocab: string[]): Float64Array {
  const out: number[] = [];
  for (let t = 0; t < vocab.length; t++) {
    const w = vocab[t]!;
    if (w.length < 3 || w.length > 24 || hasDigit(w)) continue;
    out.push(hashSkipping(w, -1) * TERM_ID_FACTOR + t);
    for (let i = 0; i < w.length; i++) out.push(hashSkipping(w, i) * TERM_ID_FACTOR + t);
  }
  return Float64Array.from(out).sort();
}

function buildFacets(records: SearchRecord[], settings: IndexSettings): Map<string, FacetColumn> {
  const attributes = new Set([...facetAttributes(settings), '_tags']);
  const out = new Map<string, FacetColumn>();
  for (const attribute of attributes) {
    const idOf = new Map<string, number>();
    const values: string[] = [];
    const docOffsets = new Int32Array(records.length + 1);
    const docValues = new IntBuffer(records.length + 16);
    records.forEach((r, d) => {
      docOffsets[d] = docValues.length;
      const seen = new Set<number>();
      for (const v of stringsOf(valueAt(r, attribute))) {
        let id = idOf.get(v);
        if (id === undefined) {
          id = values.length;
          idOf.set(v, id);
          values.push(v);
        }
        if (!seen.has(id)) {
          seen.add(id);
          docValues.push(id);
        }
      }
    });
    docOffsets[records.length] = docValues.length;
    const dv = docValues.toArray();
    const valueOffsets = new Int32Array(values.length + 1);
    for (const v of dv) valueOffsets[v + 1]!++;
    for (let i = 0; i < values.length; i++) valueOffsets[i + 1]! += valueOffsets[i]!;
    const fill = valueOffsets.slice();
    const valueDocs = new Int32Array(dv.length);
    for (let d = 0; d < records.length; d++)
      for (let i = docOffsets[d]!; i < docOffsets[d + 1]!; i++) valueDocs[fill[dv[i]!]!++] = d;
    const idOfFolded = new Map<string, number[]>();
    values.forEach((v, id) => {
      const k = fold(v);
      const list = idOfFolded.get(k);
      if (list) list.push(id);
      else idOfFolded.set(k, [id]);
    });
    let single: Int32Array | null = new Int32Array(records.length).fill(-1);
    for (let d = 0; d < records.length && single; d++) {
      const k = docOffsets[d + 1]! - docOffsets[d]!;
      if (k > 1) single = null;
      else if (k === 1) single[d] = dv[docOffsets[d]!]!;
    }
    out.set(attribute, { values, idOfFolded, docOffsets, docValues: dv, valueOffsets, valueDocs, single });
  }
  return out;
}

/** Numeric columns: every top-level numeric attribute, plus declared facets and sorts (NaN = missing). */
function buildNumbers(records: SearchRecord[], settings: IndexSettings): Map<string, Float64Array> {
  const names = new Set<string>();
  for (const r of records.slice(0, 1000))
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number') names.add(k);
  for (const a of facetAttributes(settings)) names.add(a);
  for (const s of parseSortSpecs([...(settings.customRanking ?? []), ...(settings.ranking ?? [])]))
    names.add(s.attribute);
  const numeric = (settings.numericAttributesForFiltering as string[] | undefined) ?? [];
  for (const a of numeric) names.add(bareAttribute(a));
  const out = new Map<string, Float64Array>();
  for (const name of names) {
    const col = new Float64Array(records.length).fill(Number.NaN);
    let any = false;
    records.forEach((r, d) => {
      const v = valueAt(r, name);
      const num = typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : Number.NaN;
      if (!Number.isNaN(num)) {
        col[d] = num;
        any = true;
      }
    });
    if (any) out.set(name, col);
  }
  return out;
}

/** Rank of every doc under a list of sorts (missing values last); ties keep insertion order. */
export function rankBy(records: SearchRecord[], specs: SortSpec[]): Int32Array {
  const n = records.length;
  const rank = new Int32Array(n);
  if (specs.length === 0) {
    for (let d = 0; d < n; d++) rank[d] = d;
    return rank;
  }
  const cols = specs.map((s) => records.map((r) => valueAt(r, s.attribute)));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    for (let k = 0; k < specs.length; k++) {
      const c = compareValues(cols[k]![a], cols[k]![b], specs[k]!.direction);
      if (c !== 0) return c;
    }
    return a - b;
  });
  order.forEach((d, r) => {
    rank[d] = r;
  });
  return rank;
}

export function compareValues(a: unknown, b: unknown, direction: 'asc' | 'desc'): number {
  const ma = a === undefined || a === null;
  const mb = b === undefined || b === null;
  if (ma || mb) return ma === mb ? 0 : ma ? 1 : -1;
  const sign = direction === 'asc' ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return sign * (a - b);
  return sign * String(a).localeCompare(String(b));
}
