import { type Clock, PanierError, systemClock } from '../../kernel/index.ts';
import { bestMatches, execute } from './execute.ts';
import { highlightText, wordMatcher } from './highlight.ts';
import { encodeParams, type SearchParams } from './params.ts';
import { applyPartial } from './partial.ts';
import type { FacetHit, IndexInfo, SearchEngine, SearchOutcome, SearchRunContext, TaskRef } from './ports.ts';
import { parseQuery } from './query.ts';
import { buildHits, countFacets } from './response.ts';
import type { SearchRecord } from './segment.ts';
import type { IndexSettings } from './settings.ts';
import { IndexState, replicaNames } from './store.ts';

const BROWSE_PAGE = 1000;

/** The pure TypeScript engine: every index in memory, rebuilt from its records. */
export class InMemorySearchEngine implements SearchEngine {
  private readonly indices = new Map<string, IndexState>();
  private taskSeq = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  /** The index, or a 404 in Algolia's words. */
  index(name: string): IndexState {
    const idx = this.indices.get(name);
    if (!idx) throw new PanierError('not_found', `Index ${name} does not exist`);
    return idx;
  }

  private ensure(name: string): IndexState {
    let idx = this.indices.get(name);
    if (!idx) {
      idx = new IndexState(name, {}, this.clock.now());
      this.indices.set(name, idx);
    }
    return idx;
  }

  private task(idx: IndexState): TaskRef {
    const taskID = ++this.taskSeq;
    idx.lastTask = taskID;
    return { taskID };
  }

  async listIndices(): Promise<IndexInfo[]> {
    return [...this.indices.values()].map((i) => ({
      name: i.name,
      entries: i.nbRecords(),
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
      ...(i.primary ? { primary: i.primary.name } : {}),
      ...(i.settings.replicas?.length ? { replicas: replicaNames(i.settings) } : {}),
    }));
  }

  async getSettings(name: string): Promise<IndexSettings | null> {
    const idx = this.indices.get(name);
    if (!idx) return null;
    return { ...idx.settings, ...(idx.primary ? { primary: idx.primary.name } : {}) };
  }

  async setSettings(name: string, settings: IndexSettings): Promise<TaskRef> {
    const idx = this.ensure(name);
    idx.setSettings(settings);
    for (const replica of replicaNames(idx.settings)) {
      if (!this.indices.has(replica)) {
        const { replicas: _r, ...inherited } = idx.settings;
        this.indices.set(replica, new IndexState(replica, inherited, this.clock.now(), idx));
      }
    }
    const task = this.task(idx);
    // Reindex now (in the background when large) rather than on the next search.
    if (idx.nbRecords() > 0) idx.flush();
    return task;
  }

  async saveObjects(name: string, records: SearchRecord[]): Promise<TaskRef> {
    const idx = this.ensure(name);
    idx.put(records);
    return this.task(idx);
  }

  async partialUpdateObjects(
    name: string,
    updates: SearchRecord[],
    createIfNotExists: boolean,
  ): Promise<TaskRef> {
    const idx = this.ensure(name);
    const merged: SearchRecord[] = [];
    for (const u of updates) {
      const old = idx.records.get(u.objectID);
      if (!old && !createIfNotExists) continue;
      merged.push(applyPartial(old ?? { objectID: u.objectID }, u));
    }
    idx.put(merged);
    return this.task(idx);
  }

  async deleteObjects(name: string, objectIDs: string[]): Promise<TaskRef> {
    const idx = this.ensure(name);
    idx.remove(objectIDs);
    return this.task(idx);
  }

  async clearObjects(name: string): Promise<TaskRef> {
    const idx = this.ensure(name);
    idx.clear();
    return this.task(idx);
  }

  async deleteIndex(name: string): Promise<TaskRef> {
    const idx = this.indices.get(name);
    if (idx?.primary) idx.primary.replicas.splice(idx.primary.replicas.indexOf(idx), 1);
    this.indices.delete(name);
    return { taskID: ++this.taskSeq };
  }

  async getObject(
    name: string,
    objectID: string,
    attributesToRetrieve?: string[],
  ): Promise<SearchRecord | null> {
    const r = this.index(name).records.get(objectID);
    if (!r || !attributesToRetrieve || attributesToRetrieve.includes('*')) return r ?? null;
    const out: SearchRecord = { objectID };
    for (const a of attributesToRetrieve) if (r[a] !== undefined) out[a] = r[a];
    return out;
  }

  async search(name: string, p: SearchParams, ctx: SearchRunContext = {}): Promise<SearchOutcome> {
    const started = performance.now();
    const idx = this.index(name);
    const s = idx.settings;
    const ex = execute(idx, p, ctx);
    const limit = s.paginationLimitedTo ?? 1000;
    const hitsPerPage = p.length ?? p.hitsPerPage ?? s.hitsPerPage ?? 20;
    const offset = p.offset ?? (p.page ?? 0) * hitsPerPage;
    const want = Math.min(offset + hitsPerPage, limit);
    const ranked = offset < want ? bestMatches(idx, ex, want).slice(offset) : [];
    const hits = buildHits(ranked, ex, p, s);
    const { facets, stats } = countFacets(
      ex,
      ex.facetNames,
      p.maxValuesPerFacet ?? s.maxValuesPerFacet ?? 100,
      p.sortFacetValuesBy ?? s.sortFacetValuesBy ?? 'count',
    );
    const reachable = Math.min(ex.nbHits, limit);
    const response: SearchOutcome['response'] = {
      hits,
      nbHits: ex.nbHits,
      page: p.page ?? 0,
      nbPages: hitsPerPage > 0 ? Math.ceil(reachable / hitsPerPage) : 0,
      hitsPerPage,
      facets,
      facets_stats: stats,
      exhaustiveFacetsCount: true,
      exhaustiveNbHits: true,
      exhaustive: { facetsCount: true, facetValues: true, nbHits: true, typo: true },
      query: p.query,
      params: encodeParams(p),
      index: name,
      renderingContent: {},
      processingTimeMS: Math.round(performance.now() - started),
    };
    if (p.offset !== undefined) Object.assign(response, { offset, length: hitsPerPage });
    if (ctx.queryID) response.queryID = ctx.queryID;
    if (s.userData !== undefined) response.userData = s.userData;
    if (ex.relaxed)
      response.message = 'some query words were made optional because the full query returned no results';
    return { response, objectIDs: ranked.map((r) => r.seg.records[r.doc]!.objectID) };
  }

  async searchForFacetValues(
    name: string,
    facet: string,
    facetQuery: string,
    p: SearchParams,
    maxFacetHits: number,
  ): Promise<{ facetHits: FacetHit[]; exhaustiveFacetsCount: boolean; processingTimeMS: number }> {
    const started = performance.now();
    const idx = this.index(name);
    const ex = execute(idx, p, {});
    const { facets } = countFacets(ex, [facet], Number.MAX_SAFE_INTEGER, 'count');
    const words = parseQuery(
      facetQuery,
      { queryType: 'prefixAll', typoTolerance: false, ignorePlurals: false },
      new Map(),
    );
    const match = wordMatcher(words);
    const pre = p.highlightPreTag ?? idx.settings.highlightPreTag ?? '<em>';
    const post = p.highlightPostTag ?? idx.settings.highlightPostTag ?? '</em>';
    const facetHits: FacetHit[] = [];
    for (const [value, count] of Object.entries(facets[facet] ?? {})) {
      const h = highlightText(value, words, match, { pre, post, ellipsis: '' });
      if (words.length === 0 || h.matchLevel === 'full')
        facetHits.push({ value, highlighted: h.value, count });
      if (facetHits.length >= maxFacetHits) break;
    }
    return {
      facetHits,
      exhaustiveFacetsCount: true,
      processingTimeMS: Math.round(performance.now() - started),
    };
  }

  async browse(name: string, p: SearchParams, cursor: string | null): Promise<Record<string, unknown>> {
    const idx = this.index(name);
    const from = cursor ? decodeCursor(cursor) : 0;
    const size = Math.min(p.hitsPerPage ?? BROWSE_PAGE, BROWSE_PAGE);
    const ex = execute(idx, { ...p, facets: [] }, {});
    const ranked = bestMatches(idx, ex, from + size).slice(from);
    const hits = ranked.map((r) => r.seg.records[r.doc]!);
    const next = from + size < ex.nbHits ? encodeCursor(from + size) : undefined;
    return {
      hits,
      nbHits: ex.nbHits,
      page: Math.floor(from / size),
      nbPages: Math.ceil(ex.nbHits / size),
      hitsPerPage: size,
      processingTimeMS: 0,
      query: p.query,
      params: encodeParams(p),
      ...(next ? { cursor: next } : {}),
    };
  }

  /** Resolves once every write acknowledged on the index is searchable (large builds run in slices). */
  async waitForTask(name: string, _taskID: number): Promise<void> {
    await this.indices.get(name)?.settle();
  }

  async taskStatus(name: string, taskID: number): Promise<'published' | 'notPublished'> {
    const idx = this.indices.get(name);
    if (!idx) return taskID <= this.taskSeq ? 'published' : 'notPublished';
    idx.flush();
    return taskID <= idx.publishedTask || taskID > idx.lastTask
      ? taskID <= this.taskSeq
        ? 'published'
        : 'notPublished'
      : 'notPublished';
  }
}

function encodeCursor(offset: number): string {
  return btoa(`o:${offset}`);
}

function decodeCursor(cursor: string): number {
  let text = '';
  try {
    text = atob(cursor);
  } catch {
    text = '';
  }
  const m = /^o:(\d+)$/.exec(text);
  if (!m) throw new PanierError('invalid_argument', 'cursor is not valid', 'cursor');
  return Number(m[1]);
}
