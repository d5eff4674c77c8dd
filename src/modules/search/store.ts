import { PanierError } from '../../kernel/index.ts';
import { buildSegment, type SearchRecord, type Segment } from './segment.ts';
import { bareAttribute, type IndexSettings } from './settings.ts';

/** A delta segment is folded into a full rebuild once it holds this share of the base. */
const DELTA_SHARE = 0.05;
const MIN_DELTA = 2000;

/** Default settings of a new index: Algolia's defaults. */
export const DEFAULT_SETTINGS: IndexSettings = {
  searchableAttributes: null,
  attributesForFaceting: [],
  customRanking: [],
  hitsPerPage: 20,
  paginationLimitedTo: 1000,
  maxValuesPerFacet: 100,
  highlightPreTag: '<em>',
  highlightPostTag: '</em>',
  snippetEllipsisText: '…',
};

/**
 * One index: the records (the truth), its settings, and the segments searched. Writes mark the old
 * copy deleted and queue the new one for a small delta segment; searches fold pending writes in first.
 */
export class IndexState {
  readonly records: Map<string, SearchRecord>;
  settings: IndexSettings;
  base: Segment | null = null;
  baseIds = new Map<string, number>();
  delta: Segment | null = null;
  private pending = new Set<string>();
  private rebuildAll = true;
  private deltaDirty = false;
  /** Bumped by every write; replicas rebuild when their primary's version moves. */
  version = 0;
  private builtVersion = -1;
  lastTask = 0;
  publishedTask = 0;
  updatedAt: number;
  createdAt: number;

  constructor(
    readonly name: string,
    settings: IndexSettings,
    now: number,
    readonly primary: IndexState | null = null,
  ) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    this.records = primary ? primary.records : new Map();
    this.createdAt = now;
    this.updatedAt = now;
  }

  private assertWritable(): void {
    if (this.primary)
      throw new PanierError(
        'invalid_argument',
        `index ${this.name} is a replica; write to ${this.primary.name}`,
      );
  }

  put(records: SearchRecord[]): void {
    this.assertWritable();
    for (const r of records) {
      this.tombstone(r.objectID);
      this.records.set(r.objectID, r);
      this.pending.add(r.objectID);
    }
    this.touch();
  }

  remove(ids: string[]): void {
    this.assertWritable();
    for (const id of ids) {
      this.tombstone(id);
      this.records.delete(id);
      this.pending.delete(id);
    }
    this.touch();
  }

  clear(): void {
    this.assertWritable();
    this.records.clear();
    this.pending.clear();
    this.rebuildAll = true;
    this.touch();
  }

  setSettings(settings: IndexSettings): void {
    this.settings = { ...DEFAULT_SETTINGS, ...this.settings, ...settings };
    this.rebuildAll = true;
    this.updatedAt = Date.now();
  }

  private tombstone(id: string): void {
    const d = this.baseIds.get(id);
    if (d !== undefined && this.base) this.base.deleted[d] = 1;
    if (this.pending.has(id)) this.deltaDirty = true;
  }

  private touch(): void {
    this.version++;
    this.deltaDirty = true;
    this.updatedAt = Date.now();
  }

  /** Makes every acknowledged write searchable (delta rebuild, or a full one when the delta is large). */
  flush(): void {
    const source = this.primary ?? this;
    if (this.primary) {
      this.primary.flush();
      if (this.builtVersion !== source.version) this.rebuildAll = true;
    }
    if (this.rebuildAll || this.pending.size > Math.max(MIN_DELTA, (this.base?.size ?? 0) * DELTA_SHARE)) {
      const records = [...this.records.values()];
      this.base = buildSegment(records, this.settings);
      this.baseIds = new Map(records.map((r, i) => [r.objectID, i]));
      this.delta = null;
      this.pending.clear();
    } else if (this.deltaDirty) {
      const records = [...this.pending]
        .map((id) => this.records.get(id))
        .filter((r): r is SearchRecord => !!r);
      this.delta = records.length ? buildSegment(records, this.settings) : null;
    }
    this.rebuildAll = false;
    this.deltaDirty = false;
    this.builtVersion = source.version;
    this.publishedTask = this.lastTask;
  }

  segments(): Segment[] {
    this.flush();
    return [this.base, this.delta].filter((s): s is Segment => s !== null);
  }

  nbRecords(): number {
    return this.records.size;
  }
}

/** Replica names declared in settings: "products_price_asc" or "virtual(products_price_desc)". */
export function replicaNames(settings: IndexSettings): string[] {
  return (settings.replicas ?? []).map(bareAttribute);
}
