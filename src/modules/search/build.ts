import { IntBuffer, stringsOf, valueAt } from './buffers.ts';
import { type Job, runSync, sortIndices, sortNumbers } from './jobs.ts';
import {
  type FacetColumn,
  letterMask,
  MAX_POSITION,
  NO_VALUE,
  type SearchRecord,
  type Segment,
  type SortSpec,
  searchableOf,
  TERM_ID_FACTOR,
} from './segment.ts';
import {
  bareAttribute,
  facetAttributes,
  type IndexSettings,
  leadingSorts,
  parseSortSpecs,
} from './settings.ts';
import { fold, hasDigit, hashSkipping, words } from './text.ts';

/** Docs handled between two yields of a build (a few milliseconds of work). */
const STEP = 512;
const ARRAY_GAP = 8;

/** Builds a segment at once (small segments, tests). */
export function buildSegment(records: SearchRecord[], settings: IndexSettings): Segment {
  return runSync(buildSegmentJob(records, settings));
}

/**
 * Builds a segment as a job that yields every few milliseconds of work. Records are renumbered in
 * ranking order first, so postings come out best-ranked first.
 */
export function* buildSegmentJob(input: SearchRecord[], settings: IndexSettings): Job<Segment> {
  const lead = leadingSorts(settings);
  const order = yield* rankOrder(input, [...lead, ...parseSortSpecs(settings.customRanking)]);
  const n = input.length;
  const records: SearchRecord[] = order ? new Array(n) : input.slice();
  if (order)
    for (let d = 0; d < n; d++) {
      records[d] = input[order[d]!]!;
      if ((d & (STEP * 64 - 1)) === 0) yield;
    }
  const searchable = searchableOf(settings, records[0]);
  const termIdOf = new Map<string, number>();
  const tmpTerms: string[] = [];
  const lastDoc = new IntBuffer();
  const bestCode = new IntBuffer();
  const pairTerm = new IntBuffer(n * 8 + 16);
  const pairCode = new IntBuffer(n * 8 + 16);
  const docStart = new Int32Array(n + 1);
  const touched: number[] = [];
  for (let d = 0; d < n; d++) {
    docStart[d] = pairTerm.length;
    touched.length = 0;
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
    if ((d & (STEP - 1)) === 0) yield;
  }
  docStart[n] = pairTerm.length;
  const byTerm = yield* sortIndices(tmpTerms.length, (a, b) =>
    tmpTerms[a]! < tmpTerms[b]! ? -1 : tmpTerms[a]! > tmpTerms[b]! ? 1 : 0,
  );
  const postings = yield* invert(n, tmpTerms, byTerm, pairTerm.toArray(), pairCode.toArray(), docStart);
  const { vocab } = postings;
  const typo = typoTermsOf(vocab);
  const docOf = new Map<string, number>();
  for (let d = 0; d < n; d++) {
    docOf.set(records[d]!.objectID, d);
    if ((d & (STEP * 8 - 1)) === 0) yield;
  }
  return {
    size: n,
    records,
    docOf,
    deleted: new Uint8Array(n),
    nbDeleted: 0,
    sorted: lead.length > 0,
    ...postings,
    deleteKeys: yield* deleteKeysOf(vocab),
    typoTerms: typo,
    typoMasks: Uint32Array.from(typo, (t) => letterMask(vocab[t]!)),
    facets: yield* buildFacets(records, settings),
    numbers: yield* buildNumbers(records, settings),
    pool: null,
  };
}

/** Forward lists sorted by term id and posting lists, from the per-doc (term, code) pairs. */
function* invert(
  n: number,
  tmpTerms: string[],
  byTerm: Int32Array,
  pairTmp: Int32Array,
  pairCode: Int32Array,
  docStart: Int32Array,
) {
  const rank = new Int32Array(tmpTerms.length);
  const vocab: string[] = new Array(tmpTerms.length);
  for (let r = 0; r < byTerm.length; r++) {
    rank[byTerm[r]!] = r;
    vocab[r] = tmpTerms[byTerm[r]!]!;
  }
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
    if ((d & (STEP * 4 - 1)) === 0) yield;
  }
  for (let t = 0; t < vocab.length; t++) counts[t + 1]! += counts[t]!;
  const postOffsets = counts.slice();
  const fill = counts;
  const postDocs = new Int32Array(pairTmp.length);
  const postCodes = new Uint16Array(pairTmp.length);
  for (let d = 0; d < n; d++) {
    for (let i = docStart[d]!; i < docStart[d + 1]!; i++) {
      const at = fill[fwdTerms[i]!]!++;
      postDocs[at] = d;
      postCodes[at] = fwdCodes[i]!;
    }
    if ((d & (STEP * 4 - 1)) === 0) yield;
  }
  return { vocab, postOffsets, postDocs, postCodes, fwdOffsets: docStart, fwdTerms, fwdCodes };
}

const typoEligible = (w: string) => w.length >= 3 && !hasDigit(w);

function typoTermsOf(vocab: string[]): Int32Array {
  const out = new IntBuffer(1024);
  for (let t = 0; t < vocab.length; t++) if (typoEligible(vocab[t]!)) out.push(t);
  return out.toArray();
}

function* deleteKeysOf(vocab: string[]): Job<Float64Array> {
  let total = 0;
  for (const w of vocab) if (typoEligible(w) && w.length <= 24) total += w.length + 1;
  const out = new Float64Array(total);
  let k = 0;
  for (let t = 0; t < vocab.length; t++) {
    const w = vocab[t]!;
    if (!typoEligible(w) || w.length > 24) continue;
    out[k++] = hashSkipping(w, -1) * TERM_ID_FACTOR + t;
    for (let i = 0; i < w.length; i++) out[k++] = hashSkipping(w, i) * TERM_ID_FACTOR + t;
    if ((t & (STEP * 8 - 1)) === 0) yield;
  }
  return yield* sortNumbers(out);
}

function* buildFacets(records: SearchRecord[], settings: IndexSettings): Job<Map<string, FacetColumn>> {
  const attributes = new Set([...facetAttributes(settings), '_tags']);
  const out = new Map<string, FacetColumn>();
  const n = records.length;
  for (const attribute of attributes) {
    const idOf = new Map<string, number>();
    const values: string[] = [];
    const docOffsets = new Int32Array(n + 1);
    const docValues = new IntBuffer(n + 16);
    const seen = new Set<number>();
    for (let d = 0; d < n; d++) {
      docOffsets[d] = docValues.length;
      seen.clear();
      for (const v of stringsOf(valueAt(records[d]!, attribute))) {
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
      if ((d & (STEP * 2 - 1)) === 0) yield;
    }
    docOffsets[n] = docValues.length;
    const dv = docValues.toArray();
    const valueOffsets = new Int32Array(values.length + 1);
    for (const v of dv) valueOffsets[v + 1]!++;
    for (let i = 0; i < values.length; i++) valueOffsets[i + 1]! += valueOffsets[i]!;
    const fill = valueOffsets.slice();
    const valueDocs = new Int32Array(dv.length);
    for (let d = 0; d < n; d++)
      for (let i = docOffsets[d]!; i < docOffsets[d + 1]!; i++) valueDocs[fill[dv[i]!]!++] = d;
    yield;
    const idOfFolded = new Map<string, number[]>();
    values.forEach((v, id) => {
      const k = fold(v);
      const list = idOfFolded.get(k);
      if (list) list.push(id);
      else idOfFolded.set(k, [id]);
    });
    let single: Uint16Array | null = values.length < NO_VALUE ? new Uint16Array(n).fill(NO_VALUE) : null;
    for (let d = 0; d < n && single; d++) {
      const k = docOffsets[d + 1]! - docOffsets[d]!;
      if (k > 1) single = null;
      else if (k === 1) single[d] = dv[docOffsets[d]!]!;
    }
    yield;
    out.set(attribute, { values, idOfFolded, docOffsets, docValues: dv, valueOffsets, valueDocs, single });
  }
  return out;
}

/** Numeric columns: every top-level numeric attribute, plus declared facets and sorts (NaN = missing). */
function* buildNumbers(records: SearchRecord[], settings: IndexSettings): Job<Map<string, Float64Array>> {
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
    for (let d = 0; d < records.length; d++) {
      const v = valueAt(records[d]!, name);
      const num = typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : Number.NaN;
      if (!Number.isNaN(num)) {
        col[d] = num;
        any = true;
      }
      if ((d & (STEP * 8 - 1)) === 0) yield;
    }
    if (any) out.set(name, col);
  }
  return out;
}

/**
 * Sort keys of one attribute, smaller first under its direction; missing values last. Numbers are
 * compared as numbers; a column holding anything else is compared as strings (locale order).
 */
function* sortColumn(records: SearchRecord[], spec: SortSpec): Job<Float64Array> {
  const n = records.length;
  const raw: unknown[] = new Array(n);
  let allNumbers = true;
  for (let d = 0; d < n; d++) {
    const v = valueAt(records[d]!, spec.attribute);
    raw[d] = v;
    if (v !== undefined && v !== null && typeof v !== 'number') allNumbers = false;
    if ((d & (STEP * 16 - 1)) === 0) yield;
  }
  const sign = spec.direction === 'asc' ? 1 : -1;
  const out = new Float64Array(n);
  let rankOf: Map<string, number> | null = null;
  if (!allNumbers) {
    const distinct = [...new Set(raw.filter((v) => v !== undefined && v !== null).map(String))];
    distinct.sort((a, b) => a.localeCompare(b));
    rankOf = new Map(distinct.map((s, i) => [s, i]));
  }
  for (let d = 0; d < n; d++) {
    const v = raw[d];
    const x = v === undefined || v === null ? Number.NaN : rankOf ? rankOf.get(String(v))! : (v as number);
    out[d] = Number.isNaN(x) ? Number.POSITIVE_INFINITY : sign * x;
    if ((d & (STEP * 16 - 1)) === 0) yield;
  }
  return out;
}

/** Doc order under a list of sorts (ties keep insertion order), or null when there is none. */
function* rankOrder(records: SearchRecord[], specs: SortSpec[]): Job<Int32Array | null> {
  if (specs.length === 0) return null;
  const cols: Float64Array[] = [];
  for (const s of specs) cols.push(yield* sortColumn(records, s));
  if (cols.length === 1) {
    const c = cols[0]!;
    return yield* sortIndices(records.length, (a, b) => (c[a]! < c[b]! ? -1 : c[a]! > c[b]! ? 1 : 0));
  }
  return yield* sortIndices(records.length, (a, b) => {
    for (const c of cols) {
      if (c[a]! < c[b]!) return -1;
      if (c[a]! > c[b]!) return 1;
    }
    return 0;
  });
}
