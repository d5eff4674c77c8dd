import { valueAt } from './buffers.ts';
import { compileFilter, type DocPredicate, filterCandidates } from './filter-eval.ts';
import {
  allOf,
  type FilterNode,
  facetFiltersNode,
  numericFiltersNode,
  parseFilters,
  tagFiltersNode,
} from './filters.ts';
import { applyTypoMode, matchSegment, type SegmentMatches, topK } from './match.ts';
import type { SearchParams } from './params.ts';
import { personalScorer } from './personalize.ts';
import type { SearchRunContext } from './ports.ts';
import { parseQuery, type QueryWord, settingsQueryOptions, synonymTable } from './query.ts';
import { compareValues, type Segment } from './segment.ts';
import { facetAttributes, type IndexSettings, leadingSorts, parseSortSpecs } from './settings.ts';
import type { IndexState } from './store.ts';

const TEXTUAL_BITS = 2 ** 30;
const RANK_BITS = 2 ** 22;

export interface Execution {
  words: QueryWord[];
  segments: Segment[];
  matches: SegmentMatches[];
  nbHits: number;
  /** Words the "no results" recovery made optional. */
  relaxed: boolean;
  /** The facets asked for. */
  facetNames: string[];
}

/** Facet names a search asks for (`*` = every declared facet). */
export function requestedFacets(p: SearchParams, settings: IndexSettings): string[] {
  const declared = facetAttributes(settings);
  const asked = p.facets ?? [];
  return asked.includes('*') ? declared : asked.filter((f) => f.length > 0);
}

export function filterOf(p: SearchParams): FilterNode | null {
  return allOf([
    p.filters ? parseFilters(p.filters) : null,
    facetFiltersNode(p.facetFilters),
    numericFiltersNode(p.numericFilters),
    tagFiltersNode(p.tagFilters),
  ]);
}

function queryWords(idx: IndexState, p: SearchParams): QueryWord[] {
  const s = idx.settings;
  const options = { ...settingsQueryOptions(s) };
  for (const k of [
    'queryType',
    'typoTolerance',
    'minWordSizefor1Typo',
    'minWordSizefor2Typos',
    'ignorePlurals',
    'removeStopWords',
    'optionalWords',
    'synonyms',
  ] as const) {
    if (p[k] !== undefined) Object.assign(options, { [k]: p[k] });
  }
  return parseQuery(p.query, options, synonymTable(s.synonyms));
}

function typoMode(idx: IndexState, p: SearchParams): 'all' | 'min' | 'strict' {
  const t = p.typoTolerance ?? idx.settings.typoTolerance;
  return t === 'min' ? 'min' : t === 'strict' ? 'strict' : 'all';
}

function runOnce(
  idx: IndexState,
  segments: Segment[],
  words: QueryWord[],
  filter: FilterNode | null,
  p: SearchParams,
  ctx: SearchRunContext,
): SegmentMatches[] {
  const enabled = p.enablePersonalization ?? idx.settings.enablePersonalization ?? true;
  const matches = segments.map((seg) => {
    let predicate: DocPredicate | null = filter ? compileFilter(filter, seg) : null;
    if (ctx.onlyIds) {
      const only = ctx.onlyIds;
      const base = predicate;
      predicate = (d) => only.has(seg.records[d]!.objectID) && (!base || base(d));
    }
    const personal =
      ctx.personal && enabled
        ? personalScorer(seg, {
            ...ctx.personal,
            impact: p.personalizationImpact ?? idx.settings.personalizationImpact ?? ctx.personal.impact,
          })
        : null;
    const hint = words.length === 0 && filter ? filterCandidates(filter, seg) : null;
    return matchSegment(seg, { words, predicate, hint, personal, typoMode: 'all' });
  });
  return applyTypoMode(matches, typoMode(idx, p));
}

/** Runs a query over every segment, relaxing words when nothing matched (removeWordsIfNoResults). */
export function execute(idx: IndexState, p: SearchParams, ctx: SearchRunContext): Execution {
  const segments = idx.segments();
  const filter = filterOf(p);
  let words = queryWords(idx, p);
  const facetNames = requestedFacets(p, idx.settings);
  let matches = runOnce(idx, segments, words, filter, p, ctx);
  let nbHits = matches.reduce((n, m) => n + m.docs.length, 0);
  let relaxed = false;
  const mode = p.removeWordsIfNoResults ?? idx.settings.removeWordsIfNoResults ?? 'none';
  if (nbHits === 0 && words.length > 1 && mode !== 'none') {
    const order = words.map((_, i) => i);
    if (mode === 'lastWords') order.reverse();
    const steps = mode === 'allOptional' ? [order] : order.slice(0, -1).map((_, k) => order.slice(0, k + 1));
    for (const drop of steps) {
      words = words.map((w, i) => ({ ...w, optional: w.optional || drop.includes(i) }));
      matches = runOnce(idx, segments, words, filter, p, ctx);
      nbHits = matches.reduce((n, m) => n + m.docs.length, 0);
      relaxed = true;
      if (nbHits > 0) break;
    }
  }
  return { words, segments, matches, nbHits, relaxed, facetNames };
}

export interface RankedDoc {
  seg: Segment;
  doc: number;
  key: number;
}

/** The best `k` matches across segments, best first. */
export function bestMatches(idx: IndexState, ex: Execution, k: number): RankedDoc[] {
  const all: RankedDoc[] = [];
  ex.matches.forEach((m, s) => {
    for (const i of topK(m.keys, k)) all.push({ seg: ex.segments[s]!, doc: m.docs[i]!, key: m.keys[i]! });
  });
  if (ex.segments.length > 1) {
    const lead = leadingSorts(idx.settings);
    const custom = parseSortSpecs(idx.settings.customRanking);
    const value = (r: RankedDoc, attr: string) => valueAt(r.seg.records[r.doc]!, attr);
    all.sort((a, b) => {
      for (const s of lead) {
        const c = compareValues(value(a, s.attribute), value(b, s.attribute), s.direction);
        if (c !== 0) return c;
      }
      const ta = lead.length ? a.key % TEXTUAL_BITS : Math.floor(a.key / RANK_BITS);
      const tb = lead.length ? b.key % TEXTUAL_BITS : Math.floor(b.key / RANK_BITS);
      if (ta !== tb) return ta - tb;
      for (const s of custom) {
        const c = compareValues(value(a, s.attribute), value(b, s.attribute), s.direction);
        if (c !== 0) return c;
      }
      return 0;
    });
  }
  return all.slice(0, k);
}
