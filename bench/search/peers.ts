import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, insertMultiple, search as oramaSearch } from '@orama/orama';
import Database from 'better-sqlite3';
import { Charset, Document } from 'flexsearch';
import MiniSearch from 'minisearch';
import { InMemorySearchEngine, parseSearchParams } from '../../src/modules/search/index.ts';

/** What every engine in the bench indexes (numeric id, text, two facets, a price). */
export interface BenchDoc {
  id: number;
  title: string;
  brand: string;
  lvl0: string;
  lvl1: string;
  price: number;
  popularity: number;
}

export type BenchFilter =
  | { kind: 'category'; value: string }
  | { kind: 'price'; lo: number; hi: number }
  | null;

export interface BenchRequest {
  text: string;
  facets: boolean;
  filter: BenchFilter;
}

export interface BenchEngine {
  name: string;
  /** How facets are counted, for the report. */
  facetMode: string;
  build(docs: BenchDoc[]): Promise<void>;
  /** Top 20 ids, best first. */
  query(r: BenchRequest): Promise<number[]> | number[];
  close(): void;
}

const TOP = 20;
const APP_FACET_DEPTH = 100;

/** Peers without facets: count brand and top category over the top 100 hits app-side. */
function appFacets(ids: number[], docs: BenchDoc[]): number {
  const counts = new Map<string, number>();
  for (const id of ids) {
    const d = docs[id]!;
    counts.set(d.brand, (counts.get(d.brand) ?? 0) + 1);
    counts.set(d.lvl0, (counts.get(d.lvl0) ?? 0) + 1);
  }
  return counts.size;
}

function accepts(d: BenchDoc, f: BenchFilter): boolean {
  if (!f) return true;
  return f.kind === 'category' ? d.lvl0 === f.value : d.price >= f.lo && d.price <= f.hi;
}

export function panierEngine(options: { popularity?: boolean; name?: string } = {}): BenchEngine {
  let e = new InMemorySearchEngine();
  return {
    name: options.name ?? 'panier',
    facetMode: 'native, exhaustive (all matches)',
    async build(docs) {
      e = new InMemorySearchEngine();
      await e.setSettings('b', {
        searchableAttributes: ['title'],
        attributesForFaceting: ['brand', 'categories.lvl0', 'categories.lvl1', 'price'],
        customRanking: options.popularity === false ? [] : ['desc(popularity)'],
      });
      await e.saveObjects(
        'b',
        docs.map((d) => ({
          objectID: String(d.id),
          title: d.title,
          brand: d.brand,
          categories: { lvl0: d.lvl0, lvl1: d.lvl1 },
          price: d.price,
          popularity: d.popularity,
        })),
      );
      await e.waitForTask('b', 1);
    },
    async query(r) {
      const filters = !r.filter
        ? undefined
        : r.filter.kind === 'category'
          ? `categories.lvl0:"${r.filter.value}"`
          : `price:${r.filter.lo} TO ${r.filter.hi}`;
      const params = parseSearchParams({
        query: r.text,
        hitsPerPage: TOP,
        facets: r.facets ? ['brand', 'categories.lvl0'] : [],
        filters,
        attributesToHighlight: [],
      });
      return (await e.search('b', params)).objectIDs.map(Number);
    },
    close() {
      e = new InMemorySearchEngine();
    },
  };
}

export function oramaEngine(): BenchEngine {
  // biome-ignore lint/suspicious/noExplicitAny: Orama's generic schema types are not worth spelling out in a bench
  let db: any = null;
  return {
    name: 'orama (tolerance 1)',
    facetMode: 'native (all matches)',
    async build(docs) {
      db = create({ schema: { title: 'string', brand: 'enum', lvl0: 'enum', price: 'number' } as const });
      await insertMultiple(
        db,
        docs.map((d) => ({ id: String(d.id), title: d.title, brand: d.brand, lvl0: d.lvl0, price: d.price })),
        1000,
      );
    },
    async query(r) {
      const where = !r.filter
        ? undefined
        : r.filter.kind === 'category'
          ? { lvl0: { eq: r.filter.value } }
          : { price: { between: [r.filter.lo, r.filter.hi] } };
      // biome-ignore lint/suspicious/noExplicitAny: Orama's where/facets types depend on the schema generic
      const params: any = { term: r.text, properties: ['title'], tolerance: 1, limit: TOP };
      if (where) params.where = where;
      if (r.facets) params.facets = { brand: { limit: 10 }, lvl0: { limit: 10 } };
      const res = await oramaSearch(db, params);
      return res.hits.map((h: { id: string }) => Number(h.id));
    },
    close() {
      db = null;
    },
  };
}

export function miniSearchEngine(): BenchEngine {
  let ms: MiniSearch<BenchDoc> | null = null;
  let all: BenchDoc[] = [];
  return {
    name: 'minisearch (prefix, fuzzy 1)',
    facetMode: 'app-side, top 100',
    async build(docs) {
      all = docs;
      ms = new MiniSearch<BenchDoc>({ fields: ['title'], storeFields: [] });
      for (let i = 0; i < docs.length; i += 10_000) ms.addAll(docs.slice(i, i + 10_000));
    },
    query(r) {
      const res = ms!.search(r.text, {
        prefix: true,
        fuzzy: 1,
        combineWith: 'OR',
        ...(r.filter ? { filter: (x: { id: number }) => accepts(all[x.id]!, r.filter) } : {}),
      });
      const ids = res.slice(0, APP_FACET_DEPTH).map((x) => x.id as number);
      if (r.facets) appFacets(ids, all);
      return ids.slice(0, TOP);
    },
    close() {
      ms = null;
      all = [];
    },
  };
}

export function flexSearchEngine(): BenchEngine {
  // biome-ignore lint/suspicious/noExplicitAny: flexsearch's Document generics are loose
  let index: any = null;
  let all: BenchDoc[] = [];
  return {
    name: 'flexsearch (forward, LatinBalance, suggest)',
    facetMode: 'app-side, top 100; filters post-applied to top 200',
    async build(docs) {
      all = docs;
      index = new Document({
        document: {
          id: 'id',
          index: [{ field: 'title', tokenize: 'forward', encoder: Charset.LatinBalance }],
        },
      });
      for (const d of docs) index.add({ id: d.id, title: d.title });
    },
    query(r) {
      const limit = r.filter ? 200 : r.facets ? APP_FACET_DEPTH : TOP;
      const res = index.search(r.text, { index: 'title', limit, suggest: true }) as { result: number[] }[];
      let ids = (res[0]?.result ?? []).map(Number);
      if (r.filter) ids = ids.filter((id) => accepts(all[id]!, r.filter));
      if (r.facets) appFacets(ids.slice(0, APP_FACET_DEPTH), all);
      return ids.slice(0, TOP);
    },
    close() {
      index = null;
      all = [];
    },
  };
}

export function fts5Engine(): BenchEngine {
  let dir = '';
  let db: Database.Database | null = null;
  let stmts: Record<string, Database.Statement> = {};
  let all: BenchDoc[] = [];
  return {
    name: 'sqlite-fts5 (prefix, AND)',
    facetMode: 'app-side, top 100',
    async build(docs) {
      all = docs;
      dir = mkdtempSync(join(tmpdir(), 'panier-bench-fts-'));
      db = new Database(join(dir, 'fts.db'));
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('cache_size = -262144');
      db.pragma('mmap_size = 1073741824');
      db.exec(
        "CREATE VIRTUAL TABLE t USING fts5(title, lvl0 UNINDEXED, price UNINDEXED, tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
      );
      const ins = db.prepare('INSERT INTO t(rowid, title, lvl0, price) VALUES (?, ?, ?, ?)');
      db.transaction(() => {
        for (const d of docs) ins.run(d.id, d.title, d.lvl0, d.price);
      })();
      db.exec("INSERT INTO t(t) VALUES('optimize')");
      const base = 'SELECT rowid FROM t WHERE t MATCH ?';
      stmts = {
        none: db.prepare(`${base} ORDER BY rank LIMIT ?`),
        category: db.prepare(`${base} AND lvl0 = ? ORDER BY rank LIMIT ?`),
        price: db.prepare(`${base} AND price BETWEEN ? AND ? ORDER BY rank LIMIT ?`),
      };
    },
    query(r) {
      const tokens = r.text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
      if (tokens.length === 0) return [];
      const match = tokens.map((t) => `"${t}"*`).join(' ');
      const limit = r.facets ? APP_FACET_DEPTH : TOP;
      const rows = (
        !r.filter
          ? stmts.none!.all(match, limit)
          : r.filter.kind === 'category'
            ? stmts.category!.all(match, r.filter.value, limit)
            : stmts.price!.all(match, r.filter.lo, r.filter.hi, limit)
      ) as { rowid: number }[];
      const ids = rows.map((x) => x.rowid);
      if (r.facets) appFacets(ids, all);
      return ids.slice(0, TOP);
    },
    close() {
      db?.close();
      db = null;
      if (dir) rmSync(dir, { recursive: true, force: true });
      all = [];
    },
  };
}

export const ENGINE_FACTORIES: Record<string, () => BenchEngine> = {
  panier: () => panierEngine(),
  orama: oramaEngine,
  minisearch: miniSearchEngine,
  flexsearch: flexSearchEngine,
  fts5: fts5Engine,
};
