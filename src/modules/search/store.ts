import { PanierError } from '../../kernel/index.ts';
import { buildSegment, buildSegmentJob } from './build.ts';
import { runSliced } from './jobs.ts';
import type { SearchRecord, Segment } from './segment.ts';
import { bareAttribute, type IndexSettings } from './settings.ts';

/** Up to this many records are indexed at once when a search needs them; more go to a background build. */
export const SYNC_BUILD_LIMIT = 4000;
/** Small delta segments kept before the index is rebuilt (in the background) into one base. */
const MAX_DELTAS = 8;
/** The deltas are folded into a rebuild once they hold this share of the base. */
const DELTA_SHARE = 0.05;

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

interface Build {
  done: Promise<void>;
  /** Ids written after the snapshot the build indexes: re-applied once it is swapped in. */
  written: Set<string>;
  task: number;
  settingsVersion: number;
}

/**
 * One index: the records (the truth), its settings, and the segments searched (a base and small
 * deltas). A write is searchable once a segment holds it: small batches are indexed into a new delta
 * when the next search or task poll needs them; large ones, a settings change on a large index, or
 * too many deltas start a rebuild that runs in time slices (the event loop keeps serving, searches
 * keep using the current segments and small writes keep flowing into deltas) and is swapped in whole.
 */
export class IndexState {
  readonly records: Map<string, SearchRecord>;
  settings: IndexSettings;
  private segs: Segment[] = [];
  /** Ids whose searchable copy is stale (written or deleted since the segments were built). */
  private pending = new Set<string>();
  /** Settings changed or never built: a full build is due. */
  private stale = true;
  private settingsVersion = 0;
  private build: Build | null = null;
  /** Replicas share the records; they are told about every write. */
  readonly replicas: IndexState[] = [];
  lastTask = 0;
  publishedTask = 0;
  /** The last background build failure, rethrown to whoever waits for the index. */
  private failure: unknown = null;
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
    primary?.replicas.push(this);
  }

  private assertWritable(): void {
    if (this.primary)
      throw new PanierError(
        'invalid_argument',
        `index ${this.name} is a replica; write to ${this.primary.name}`,
      );
  }

  private written(id: string): void {
    this.pending.add(id);
    this.build?.written.add(id);
    for (const r of this.replicas) r.written(id);
  }

  put(records: SearchRecord[]): void {
    this.assertWritable();
    for (const r of records) {
      this.records.set(r.objectID, r);
      this.written(r.objectID);
    }
    this.touch();
  }

  remove(ids: string[]): void {
    this.assertWritable();
    for (const id of ids) {
      if (this.records.delete(id)) this.written(id);
    }
    this.touch();
  }

  clear(): void {
    this.assertWritable();
    for (const id of this.records.keys()) this.written(id);
    this.records.clear();
    this.touch();
  }

  setSettings(settings: IndexSettings): void {
    this.settings = { ...DEFAULT_SETTINGS, ...this.settings, ...settings };
    this.stale = true;
    this.settingsVersion++;
    this.updatedAt = Date.now();
  }

  private touch(): void {
    this.updatedAt = Date.now();
  }

  /** Marks every copy of the ids deleted in the current segments. */
  private tombstone(ids: Iterable<string>): void {
    for (const id of ids)
      for (const seg of this.segs) {
        const d = seg.docOf.get(id);
        if (d !== undefined && !seg.deleted[d]) {
          seg.deleted[d] = 1;
          seg.nbDeleted++;
        }
      }
  }

  private baseSize(): number {
    return this.segs[0]?.size ?? 0;
  }

  private deltaSize(): number {
    let n = 0;
    for (let i = 1; i < this.segs.length; i++) n += this.segs[i]!.size;
    return n;
  }

  /**
   * Makes acknowledged writes searchable where that is cheap (a small delta, or a full build of a
   * small index), and starts a background build otherwise. True when every write is searchable.
   */
  flush(): boolean {
    if (this.failure) {
      const err = this.failure;
      this.failure = null;
      throw err;
    }
    if (this.stale && !this.build && this.records.size <= SYNC_BUILD_LIMIT) {
      this.segs = [buildSegment([...this.records.values()], this.settings)];
      this.pending.clear();
      this.stale = false;
      this.publishedTask = this.lastTask;
      return true;
    }
    if (this.stale) this.startBuild();
    // Small writes keep flowing into deltas, also while a rebuild runs (it re-applies them after).
    if (this.segs.length > 0 && this.pending.size > 0 && this.pending.size <= SYNC_BUILD_LIMIT) {
      const live: SearchRecord[] = [];
      for (const id of this.pending) {
        const r = this.records.get(id);
        if (r) live.push(r);
      }
      this.tombstone(this.pending);
      if (live.length > 0) this.segs.push(buildSegment(live, this.settings));
      this.pending.clear();
      if (!this.stale) this.publishedTask = this.lastTask;
      if (this.segs.length - 1 > MAX_DELTAS && this.deltaSize() <= SYNC_BUILD_LIMIT) this.collapseDeltas();
    }
    const deltas = this.segs.length - 1;
    if (
      this.pending.size > 0 ||
      deltas > MAX_DELTAS ||
      (deltas > 0 && this.deltaSize() > Math.max(SYNC_BUILD_LIMIT, this.baseSize() * DELTA_SHARE))
    )
      this.startBuild();
    return !this.stale && this.pending.size === 0;
  }

  /** Folds the small deltas into one (their live docs hold the newest copies), e.g. while a rebuild runs. */
  private collapseDeltas(): void {
    const live: SearchRecord[] = [];
    for (const seg of this.segs.slice(1))
      for (let d = 0; d < seg.size; d++) if (!seg.deleted[d]) live.push(seg.records[d]!);
    this.segs = [this.segs[0]!, ...(live.length ? [buildSegment(live, this.settings)] : [])];
  }

  /** Rebuilds every record into one base in time slices, then swaps it in. */
  private startBuild(): void {
    if (this.build) return;
    const snapshot = [...this.records.values()];
    const build: Build = {
      written: new Set(),
      task: this.lastTask,
      settingsVersion: this.settingsVersion,
      done: Promise.resolve(),
    };
    this.build = build;
    build.done = runSliced(buildSegmentJob(snapshot, this.settings)).then(
      (base) => {
        this.build = null;
        this.segs = [base];
        this.pending = build.written;
        if (build.settingsVersion === this.settingsVersion) this.stale = false;
        this.publishedTask = Math.max(this.publishedTask, build.task);
        if (this.pending.size === 0 && !this.stale) this.publishedTask = this.lastTask;
      },
      (err: unknown) => {
        this.build = null;
        this.failure = err;
      },
    );
  }

  /** Resolves once every write acknowledged so far is searchable (waiting for background builds). */
  async settle(): Promise<void> {
    while (!this.flush()) await this.build?.done;
    this.flush();
  }

  /** Whether a background build is running. */
  get building(): boolean {
    return this.build !== null;
  }

  segments(): Segment[] {
    this.flush();
    return this.segs;
  }

  nbRecords(): number {
    return this.records.size;
  }
}

/** Replica names declared in settings: "products_price_asc" or "virtual(products_price_desc)". */
export function replicaNames(settings: IndexSettings): string[] {
  return (settings.replicas ?? []).map(bareAttribute);
}
