import { type IndexSettings, type SortSpec, searchablePriorities } from './settings.ts';

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
  /**
   * Value id per doc (NO_VALUE: none) when no doc has two values and there are fewer than 65535
   * values: one 2-byte read per doc when counting, and small enough to stay in cache at 1M docs.
   */
  single: Uint16Array | null;
}

export const NO_VALUE = 0xffff;

/**
 * An immutable slice of an index. Docs are numbered in ranking order (custom ranking, or a sorted
 * replica's leading sort), so a posting list walked in doc order is best-ranked first and a doc id is
 * its own tie-breaker. The vocabulary is sorted so a prefix is a contiguous term-id range; postings
 * and forward lists are typed arrays. Deletions only flip `deleted`.
 */
export interface Segment {
  size: number;
  records: SearchRecord[];
  /** objectID → doc. */
  docOf: Map<string, number>;
  deleted: Uint8Array;
  nbDeleted: number;
  /** Docs are ordered by a replica's leading sort (it outranks the textual criteria). */
  sorted: boolean;
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
  /** Terms that may be reached with a typo (3+ letters, no digit), ascending, and their letter masks. */
  typoTerms: Int32Array;
  typoMasks: Uint32Array;
  facets: Map<string, FacetColumn>;
  /** Numeric attribute → value per doc (NaN = missing). */
  numbers: Map<string, Float64Array>;
  /** Query scratch, allocated on first search (single-threaded: one query at a time). */
  pool: SegmentPool | null;
}

/** Reusable per-query buffers of a segment; results are views into them, valid until the next query. */
export interface SegmentPool {
  /** One bit per doc, all zero between uses. */
  bits: Uint32Array;
  /** Per-doc value, meaningful only where `bits` is set. */
  scratch: Int32Array;
  docs: Int32Array;
  keys: Float64Array;
  typos: Uint8Array;
  /** Code arrays per query word, grown on demand. */
  codes: Int32Array[];
  /** Merge buffers (docs, codes). */
  union: Int32Array;
  unionCodes: Int32Array;
}

export function poolOf(seg: Segment): SegmentPool {
  if (!seg.pool) {
    const n = seg.size;
    seg.pool = {
      bits: new Uint32Array((n >>> 5) + 1),
      scratch: new Int32Array(n),
      docs: new Int32Array(n),
      keys: new Float64Array(n),
      typos: new Uint8Array(n),
      codes: [],
      union: new Int32Array(n),
      unionCodes: new Int32Array(n),
    };
  }
  return seg.pool;
}

/** The pool's code array for word slot `w`, at least `n` long. */
export function codeSlot(pool: SegmentPool, w: number, n: number): Int32Array {
  let a = pool.codes[w];
  if (!a || a.length < n) {
    a = new Int32Array(Math.max(n, 64));
    pool.codes[w] = a;
  }
  return a;
}

export const MAX_POSITION = 1023;
export const TERM_ID_FACTOR = 2 ** 22;

export function searchableOf(settings: IndexSettings, sample: SearchRecord | undefined) {
  const declared = searchablePriorities(settings);
  if (declared.length > 0) return declared;
  const keys = sample
    ? Object.keys(sample).filter((k) => k !== 'objectID' && typeof sample[k] === 'string')
    : [];
  return keys.map((attribute, priority) => ({ attribute, priority }));
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

export function compareValues(a: unknown, b: unknown, direction: 'asc' | 'desc'): number {
  const ma = a === undefined || a === null;
  const mb = b === undefined || b === null;
  if (ma || mb) return ma === mb ? 0 : ma ? 1 : -1;
  const sign = direction === 'asc' ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return sign * (a - b);
  return sign * String(a).localeCompare(String(b));
}

export type { SortSpec };
