import { valueAt } from './buffers.ts';
import type { Execution, RankedDoc } from './execute.ts';
import { type HighlightTags, highlightValue, snippetText, wordMatcher } from './highlight.ts';
import type { SearchParams } from './params.ts';
import { type FacetColumn, NO_VALUE, type SearchRecord, searchableOf } from './segment.ts';
import type { IndexSettings } from './settings.ts';

export interface FacetStats {
  min: number;
  max: number;
  avg: number;
  sum: number;
}

function countValues(col: FacetColumn, docs: Int32Array): Int32Array {
  const counts = new Int32Array(col.values.length);
  if (col.values.length === 0) return counts;
  const { single, docOffsets, docValues } = col;
  if (single) {
    for (let i = 0; i < docs.length; i++) {
      const v = single[docs[i]!]!;
      if (v !== NO_VALUE) counts[v]!++;
    }
  } else {
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      for (let j = docOffsets[d]!; j < docOffsets[d + 1]!; j++) counts[docValues[j]!]!++;
    }
  }
  return counts;
}

/**
 * Adds non-zero counts to the totals. With one segment and count order, only values at or above the
 * maxValues-th count can be shown, so the rest are skipped before any string work.
 */
function addCounts(
  total: Map<string, number>,
  col: FacetColumn,
  counts: Int32Array,
  maxValues: number,
  sortBy: 'count' | 'alpha',
  only: boolean,
): void {
  let floor = 1;
  if (only && sortBy === 'count' && counts.length > maxValues) {
    let nonZero = 0;
    for (let v = 0; v < counts.length; v++) if (counts[v]! > 0) nonZero++;
    if (nonZero > maxValues) {
      const sorted = counts.slice().sort();
      floor = Math.max(1, sorted[sorted.length - maxValues]!);
    }
  }
  for (let v = 0; v < counts.length; v++)
    if (counts[v]! >= floor) total.set(col.values[v]!, (total.get(col.values[v]!) ?? 0) + counts[v]!);
}

/** Facet counts over every match (not only the page), plus stats for numeric facets. */
export function countFacets(
  ex: Execution,
  names: string[],
  maxValues: number,
  sortBy: 'count' | 'alpha',
): { facets: Record<string, Record<string, number>>; stats: Record<string, FacetStats> } {
  const facets: Record<string, Record<string, number>> = {};
  const stats: Record<string, FacetStats> = {};
  for (const name of names) {
    const total = new Map<string, number>();
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let sum = 0;
    let n = 0;
    ex.segments.forEach((seg, s) => {
      const col = seg.facets.get(name);
      const docs = ex.matches[s]!.docs;
      if (col) addCounts(total, col, countValues(col, docs), maxValues, sortBy, ex.segments.length === 1);
      const numbers = seg.numbers.get(name);
      if (numbers)
        for (let i = 0; i < docs.length; i++) {
          const x = numbers[docs[i]!]!;
          if (Number.isNaN(x)) continue;
          if (x < min) min = x;
          if (x > max) max = x;
          sum += x;
          n++;
        }
    });
    const byName = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    const entries = [...total].sort(sortBy === 'alpha' ? byName : (a, b) => b[1] - a[1] || byName(a, b));
    facets[name] = Object.fromEntries(entries.slice(0, maxValues));
    if (n > 0) stats[name] = { min, max, avg: sum / n, sum };
  }
  return { facets, stats };
}

function retrieve(record: SearchRecord, p: SearchParams, s: IndexSettings): Record<string, unknown> {
  const list = p.attributesToRetrieve ?? s.attributesToRetrieve ?? ['*'];
  const hidden = new Set(s.unretrievableAttributes ?? []);
  const excluded = new Set(list.filter((a) => a.startsWith('-')).map((a) => a.slice(1)));
  const out: Record<string, unknown> = {};
  if (list.includes('*')) {
    if (hidden.size === 0 && excluded.size === 0) return { ...record };
    for (const [k, v] of Object.entries(record)) if (!hidden.has(k) && !excluded.has(k)) out[k] = v;
  } else {
    for (const a of list) {
      const top = a.split('.')[0]!;
      if (!hidden.has(top) && record[top] !== undefined) out[top] = record[top];
    }
  }
  out.objectID = record.objectID;
  return out;
}

function highlightAttributes(p: SearchParams, s: IndexSettings, sample: SearchRecord): string[] {
  const list = p.attributesToHighlight ?? s.attributesToHighlight ?? null;
  const names = list ?? searchableOf(s, sample).map((a) => a.attribute);
  if (names.includes('*')) return Object.keys(sample).filter((k) => k !== 'objectID');
  return [...new Set(names.map((a) => a.split('.')[0]!))];
}

function decodeRanking(key: number, sorted: boolean) {
  const textual = sorted ? key % 2 ** 30 : Math.floor(key / 2 ** 22);
  return {
    nbTypos: Math.floor(textual / 2 ** 26),
    proximityDistance: Math.floor(textual / 2 ** 10) % 128,
    firstMatchedWord: Math.floor(textual / 2 ** 4) % 64,
    personalizationScore: 15 - (Math.floor(textual / 2 ** 17) % 16),
  };
}

/** Hits as Algolia returns them: the record, objectID, _highlightResult, _snippetResult, _rankingInfo. */
export function buildHits(
  ranked: RankedDoc[],
  ex: Execution,
  p: SearchParams,
  s: IndexSettings,
): Record<string, unknown>[] {
  if (ranked.length === 0) return [];
  const tags: HighlightTags = {
    pre: p.highlightPreTag ?? s.highlightPreTag ?? '<em>',
    post: p.highlightPostTag ?? s.highlightPostTag ?? '</em>',
    ellipsis: p.snippetEllipsisText ?? s.snippetEllipsisText ?? '…',
  };
  const match = wordMatcher(ex.words);
  const snippets = (p.attributesToSnippet ?? s.attributesToSnippet ?? []).map((spec) => {
    const [attr, size] = spec.split(':');
    return { attr: attr!.trim(), size: Math.max(1, Math.min(200, Number(size ?? 10) || 10)) };
  });
  return ranked.map((r) => {
    const record = r.seg.records[r.doc]!;
    const hit = retrieve(record, p, s);
    const hl: Record<string, unknown> = {};
    for (const a of highlightAttributes(p, s, record)) {
      const h = highlightValue(record[a], ex.words, match, tags);
      if (h !== null) hl[a] = h;
    }
    hit._highlightResult = hl;
    if (snippets.length) {
      const sn: Record<string, unknown> = {};
      for (const { attr, size } of snippets) {
        const v = valueAt(record, attr);
        if (typeof v === 'string') sn[attr] = snippetText(v, size, ex.words, match, tags);
      }
      hit._snippetResult = sn;
    }
    if (p.getRankingInfo) {
      const info = decodeRanking(r.key, r.seg.sorted);
      hit._rankingInfo = {
        nbTypos: info.nbTypos,
        firstMatchedWord: info.firstMatchedWord,
        proximityDistance: info.proximityDistance,
        userScore: r.doc,
        geoDistance: 0,
        geoPrecision: 1,
        nbExactWords: ex.words.length,
        words: ex.words.length,
        filters: 0,
        personalization: { filtersScore: 0, rankingScore: 0, score: info.personalizationScore },
      };
    }
    return hit;
  });
}
