import { eventProperties, type PanierEvent } from '../../kernel/index.ts';
import { words } from './text.ts';

export interface QueryStat {
  query: string;
  count: number;
  /** Hits of the latest search of this query. */
  nbHits: number;
  clicks: number;
}

const MAX_TRACKED = 50_000;
const MAX_QUERY_IDS = 100_000;
/** Shoppers whose contributions are remembered (for erasure), and queries remembered per shopper. */
const MAX_SHOPPERS = 100_000;
const MAX_PER_SHOPPER = 50;

const normalise = (q: string): string => words(q).join(' ');

/**
 * Search analytics projection, fed by Products Searched / Product Clicked events: top queries,
 * no-result queries, and popular queries for autocomplete. Rebuildable from the log.
 */
export class SearchAnalytics {
  private readonly stats = new Map<string, QueryStat>();
  private readonly queryOfId = new Map<string, string>();
  /** Who searched what (userId or userToken → normalised queries), so an erasure can take it back. */
  private readonly byShopper = new Map<string, string[]>();

  apply(events: readonly PanierEvent[]): void {
    for (const e of events) {
      const p = eventProperties(e);
      if (e.type === 'products_searched') this.searched(p, e.userId ?? e.anonymousId);
      else if (e.type === 'product_clicked') this.clicked(p);
    }
  }

  /** Erasure: takes back the searches of these shoppers (a query nobody else searched disappears). */
  forget(ids: readonly string[]): void {
    for (const id of ids) {
      for (const query of this.byShopper.get(id) ?? []) {
        const s = this.stats.get(query);
        if (s && --s.count <= 0) this.stats.delete(query);
      }
      this.byShopper.delete(id);
    }
    const live = new Set(this.stats.keys());
    for (const [qid, query] of this.queryOfId) if (!live.has(query)) this.queryOfId.delete(qid);
  }

  private remember(shopper: string, query: string): void {
    const list = this.byShopper.get(shopper);
    if (list) {
      list.push(query);
      if (list.length > MAX_PER_SHOPPER) list.shift();
      return;
    }
    if (this.byShopper.size >= MAX_SHOPPERS) this.byShopper.delete(this.byShopper.keys().next().value!);
    this.byShopper.set(shopper, [query]);
  }

  private searched(p: Record<string, unknown>, shopper: string | null): void {
    const query = typeof p.query === 'string' ? normalise(p.query) : '';
    if (!query) return;
    let s = this.stats.get(query);
    if (!s) {
      if (this.stats.size >= MAX_TRACKED) this.evictRarest();
      s = { query, count: 0, nbHits: 0, clicks: 0 };
      this.stats.set(query, s);
    }
    s.count++;
    if (shopper) this.remember(shopper, s.query);
    s.nbHits = typeof p.nbHits === 'number' ? p.nbHits : s.nbHits;
    if (typeof p.query_id === 'string') {
      if (this.queryOfId.size >= MAX_QUERY_IDS) this.queryOfId.clear();
      this.queryOfId.set(p.query_id, query);
    }
  }

  private clicked(p: Record<string, unknown>): void {
    const query = typeof p.query_id === 'string' ? this.queryOfId.get(p.query_id) : undefined;
    const s = query ? this.stats.get(query) : undefined;
    if (s) s.clicks++;
  }

  private evictRarest(): void {
    let worst: QueryStat | null = null;
    for (const s of this.stats.values()) if (!worst || s.count < worst.count) worst = s;
    if (worst) this.stats.delete(worst.query);
  }

  topQueries(limit = 20): QueryStat[] {
    return [...this.stats.values()]
      .sort((a, b) => b.count - a.count || a.query.localeCompare(b.query))
      .slice(0, limit);
  }

  noResultQueries(limit = 20): QueryStat[] {
    return [...this.stats.values()]
      .filter((s) => s.nbHits === 0)
      .sort((a, b) => b.count - a.count || a.query.localeCompare(b.query))
      .slice(0, limit);
  }

  /** Popular past queries that returned results and start with (or contain a word starting with) the prefix. */
  popularQueries(prefix: string, limit = 5): QueryStat[] {
    const p = normalise(prefix);
    return [...this.stats.values()]
      .filter((s) => s.nbHits > 0 && (p === '' || s.query.startsWith(p) || s.query.includes(` ${p}`)))
      .sort((a, b) => b.count - a.count || a.query.localeCompare(b.query))
      .slice(0, limit);
  }
}
