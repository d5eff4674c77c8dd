import { hash53, type LoggedEvent } from '../../kernel/index.ts';
import { ACTIVITY_RETENTION_DAYS } from './activity.ts';
import { applyEvent, DAY, mergeSlots } from './features.ts';
import { aliasPreviousId, candidateKeys, eventKeys, type Hasher } from './identifiers.ts';
import { IdentityGraph, type MergeRecord } from './identity.ts';
import { ALL_INPUTS, INPUT } from './inputs.ts';
import { type FitSample, FitSampler, fitModels, type ScoreModel, scoreSlot } from './scores/model.ts';
import type { EvalContext } from './segments/compile.ts';
import { type SegmentChange, SegmentRegistry } from './segments/registry.ts';
import { sha256Hex } from './sha256.ts';
import { SlotCache } from './slot-cache.ts';
import { ProfileTable } from './table.ts';
import { TouchedSlots } from './touched.ts';
import { emptyStats, type PopulationStats, StatsCollector } from './view.ts';

const SEGMENT_EVENT_TYPES = new Set(['segment_entered', 'segment_exited']);

/** Erased identities: hashes of their keys (never the keys) and the log position they were erased at. */
export interface Tombstone {
  hash: string;
  erasedAt: number;
  uptoSeq: number;
}

export const tombstoneHash = (key: string, hash: Hasher): string => hash(`tombstone:${key}`);

export interface EngineOptions {
  hash?: Hasher;
  initialCapacity?: number;
  /** Resolve plain events through the slot cache (default true; off to check it against linking). */
  slotCache?: boolean;
}

/**
 * The live, in-memory profile projection: identity graph, columnar features, scores and segment
 * membership. Synchronous and pure; the service feeds it events and persists what it reports.
 */
export class ProfileEngine {
  readonly hash: Hasher;
  readonly table: ProfileTable;
  readonly graph: IdentityGraph;
  readonly segments: SegmentRegistry;
  stats: PopulationStats = emptyStats();
  model: ScoreModel | null = null;
  private readonly tombstones = new Map<string, Tombstone>();
  /** Highest `uptoSeq` of any tombstone: a later event cannot be an erased one. */
  private erasedUpTo = Number.NEGATIVE_INFINITY;
  /** Raw userId / anonymousId → slot, kept exact by the graph's key-left reports. */
  private readonly cache = new SlotCache();
  private readonly cacheOn: boolean;
  private replaying = false;
  /** Events of known profiles waiting to be applied in slot order: slot × MAX_DEFERRED + arrival. */
  private deferredKey: Float64Array = new Float64Array(1024);
  /** Their index in the batch, by arrival. */
  private deferredAt: Int32Array = new Int32Array(1024);
  /** The slots of the batch being ingested (reused: `ingest` is not reentrant). */
  private readonly touched = new TouchedSlots();
  private readonly replayedBits: Array<{ segmentId: string; profileId: string; member: boolean }> = [];

  constructor(options: EngineOptions = {}) {
    this.hash = options.hash ?? sha256Hex;
    this.table = new ProfileTable(options.initialCapacity ?? 1024);
    this.cacheOn = options.slotCache ?? true;
    this.graph = new IdentityGraph(
      (first, taken) => {
        let id = `prf_${hash53(first).toString(36)}`;
        for (let i = 1; taken(id); i++) id = `prf_${hash53(first, i).toString(36)}`;
        return id;
      },
      (key, from) => this.cache.forget(key, this.table.slot(from)),
    );
    this.segments = new SegmentRegistry(this.table);
  }

  context(now: number, incremental = false): EvalContext {
    return { table: this.table, stats: this.stats, now, incremental };
  }

  /** Applies events (oldest first); returns segment changes caused by them (none while replaying). */
  ingest(events: readonly LoggedEvent[], now: number): SegmentChange[] {
    // Touched slots → the inputs their events changed (segments re-evaluate only on inputs they read).
    const touched = this.touched;
    touched.begin();
    const changes: SegmentChange[] = [];
    let lastSeq = 0;
    let n = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      lastSeq = e.seq;
      if (SEGMENT_EVENT_TYPES.has(e.type)) {
        if (this.replaying) this.noteSegmentEvent(e);
        continue;
      }
      // Fast path: the event's ids already belong to one profile, so linking would change nothing.
      const slot = this.cacheOn && e.seq > this.erasedUpTo ? this.cache.slotOf(e) : -1;
      if (slot >= 0) {
        n = this.defer(slot, i, n);
        if (n === MAX_DEFERRED) n = this.applyDeferred(events, n, touched);
        continue;
      }
      // Linking may merge or create profiles: the events deferred before it go first.
      n = this.applyDeferred(events, n, touched);
      const linked = this.linkSlow(e, touched, changes);
      if (linked >= 0) touched.add(linked, applyEvent(this.table, linked, e));
    }
    this.applyDeferred(events, n, touched);
    if (this.replaying) return [];
    // Scores move only with purchases (and merges); the periodic refresh moves them with time.
    for (const s of touched.slots)
      if (touched.inputsOf(s) & INPUT.orders) scoreSlot(this.table, s, now, this.model);
    const evaluated = this.segments.evaluate(touched, this.context(now, true), `event:${lastSeq}`);
    if (changes.length === 0) return evaluated;
    for (const c of evaluated) changes.push(c);
    return changes;
  }

  /** Notes the `n`-th deferred event (its slot and index in the batch); returns how many there are. */
  private defer(slot: number, index: number, n: number): number {
    if (n === this.deferredKey.length) {
      const key = new Float64Array(n * 2);
      key.set(this.deferredKey);
      const at = new Int32Array(n * 2);
      at.set(this.deferredAt);
      this.deferredKey = key;
      this.deferredAt = at;
    }
    this.deferredKey[n] = slot * MAX_DEFERRED + n;
    this.deferredAt[n] = index;
    return n + 1;
  }

  /**
   * Applies the deferred events in slot order, each profile's in batch order (the key's low part): a
   * batch then walks the per-slot arrays (rows, pool headers, segment state) forward instead of at
   * random. Events of different profiles do not depend on one another. Returns 0 (none left).
   */
  private applyDeferred(events: readonly LoggedEvent[], n: number, touched: TouchedSlots): number {
    if (n === 0) return 0;
    const keys = this.deferredKey.subarray(0, n).sort();
    for (let k = 0; k < n; k++) {
      const slot = Math.floor(keys[k]! / MAX_DEFERRED);
      const e = events[this.deferredAt[keys[k]! - slot * MAX_DEFERRED]!]!;
      touched.add(slot, applyEvent(this.table, slot, e));
    }
    return 0;
  }

  /** The profile an id (userId, anonymousId, email, phone, loyalty id, typed key or profile id) resolves to. */
  resolve(anyId: string): string | undefined {
    if (this.table.slotOf.has(anyId)) return anyId;
    if (anyId.startsWith('prf_')) return this.graph.current(anyId);
    for (const key of candidateKeys(anyId, this.hash)) {
      const p = this.graph.resolve(key);
      if (p !== undefined) return p;
    }
    return undefined;
  }

  /**
   * Refreshes population stats (and refits the models when asked), rescoring and re-evaluating everyone,
   * in one synchronous pass. The service runs the same steps in chunks (`refreshSteps`) while serving.
   */
  refresh(now: number, { refit = false } = {}): SegmentChange[] {
    const steps = this.refreshSteps(now, refit, Number.POSITIVE_INFINITY);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      if (step.value !== null) this.model = fitModels(step.value, now);
    }
  }

  /**
   * The refresh as steps of at most `chunk` profile slots each. The generator yields between steps
   * (null), and once yields the sample to fit the models on (refit, or no model yet): the caller fits
   * it (in a worker, say) and sets `model` before resuming. Events applied between steps are fine:
   * a slot scored or evaluated twice gets the same answer.
   */
  *refreshSteps(now: number, refit: boolean, chunk: number): Generator<FitSample | null, SegmentChange[]> {
    // The two scans read a few numbers per slot: ten times the chunk keeps their steps as short.
    const scanChunk = chunk * 10;
    const stats = new StatsCollector(this.table, now);
    for (let from = 0; from < this.table.slots; from += scanChunk) {
      stats.scan(from, from + scanChunk);
      yield null;
    }
    this.stats = stats.finish();
    yield null;
    if (refit)
      for (let from = 0; from < this.table.slots; from += chunk) {
        this.table.activity.compact(
          now - ACTIVITY_RETENTION_DAYS * DAY,
          Math.min(this.table.slots, from + chunk),
          from,
        );
        yield null;
      }
    if (refit || this.model === null) {
      const sampler = new FitSampler();
      for (let from = 0; from < this.table.slots; from += scanChunk) {
        sampler.scan(this.table, from, from + scanChunk);
        yield null;
      }
      const sample = sampler.sample(this.table, now);
      if (sample) yield sample;
    }
    for (let from = 0; from < this.table.slots; from += chunk) {
      const to = Math.min(this.table.slots, from + chunk);
      for (let s = from; s < to; s++)
        if (this.table.ids[s] !== undefined) scoreSlot(this.table, s, now, this.model);
      yield null;
    }
    if (this.replaying) return [];
    const changes: SegmentChange[] = [];
    const ctx = this.context(now);
    for (let from = 0; from < this.table.slots; from += chunk) {
      // A loop, not a spread: one range can change more memberships than a call takes arguments.
      for (const c of this.segments.recomputeRange(ctx, `recompute:${now}`, from, from + chunk))
        changes.push(c);
      yield null;
    }
    return changes;
  }

  beginReplay(): void {
    this.replaying = true;
    this.replayedBits.length = 0;
  }

  /**
   * Ends a replay: restores membership the log recorded. The caller then runs a refresh with a refit,
   * whose segment changes are the real differences between the log and the rebuilt state.
   */
  finishReplay(): void {
    for (const b of this.replayedBits) {
      const slot = this.table.slot(b.profileId);
      if (slot !== undefined) this.segments.restoreBit(b.segmentId, slot, b.member);
    }
    this.replayedBits.length = 0;
    this.replaying = false;
  }

  /** Ends a replay and refreshes at once (synchronously); returns only real membership differences. */
  endReplay(now: number): SegmentChange[] {
    this.finishReplay();
    return this.refresh(now, { refit: true });
  }

  /** Recomputes one profile from its own events (after an unmerge), resolving without linking. */
  recomputeProfile(profileId: string, events: readonly LoggedEvent[], now: number): SegmentChange[] {
    const slot = this.table.ensure(profileId);
    this.table.reset(slot);
    for (const e of events) {
      if (SEGMENT_EVENT_TYPES.has(e.type)) continue;
      const keys = this.keysOf(e);
      if (this.strongestOwner(keys) === profileId) applyEvent(this.table, slot, e);
    }
    scoreSlot(this.table, slot, now, this.model);
    return this.segments.evaluate([slot], this.context(now), `recompute:${profileId}`);
  }

  /** Forgets a person; returns their keys (for the caller to purge storage) and the tombstones to keep. */
  erase(profileId: string, now: number, uptoSeq: number): { keys: string[]; tombstones: Tombstone[] } {
    const slot = this.table.slot(profileId);
    if (slot !== undefined) this.segments.clearSlot(slot, now, 'erased', false);
    const keys = this.graph.remove(profileId);
    if (slot !== undefined) this.cache.dropSlot(slot);
    this.table.release(profileId);
    const tombstones = keys.map((k) => ({ hash: tombstoneHash(k, this.hash), erasedAt: now, uptoSeq }));
    this.restoreTombstones(tombstones);
    return { keys, tombstones };
  }

  restoreTombstones(list: readonly Tombstone[]): void {
    for (const t of list) {
      this.tombstones.set(t.hash, t);
      this.erasedUpTo = Math.max(this.erasedUpTo, t.uptoSeq);
    }
  }

  mergeFolded(record: MergeRecord, now: number): SegmentChange[] {
    const touched = new TouchedSlots();
    const changes = this.foldMerge(record, touched);
    for (const s of touched.slots) if (touched.inputsOf(s) !== 0) scoreSlot(this.table, s, now, this.model);
    return [...changes, ...this.segments.evaluate(touched, this.context(now), `merge:${record.id}`)];
  }

  /** Links an event's keys (merging as needed) and returns its slot, or -1 for no ids or erased ids. */
  private linkSlow(e: LoggedEvent, touched: TouchedSlots, changes: SegmentChange[]): number {
    const keys = this.keysOf(e);
    if (keys.length === 0 || this.isErased(keys, e.seq)) return -1;
    const linked = this.graph.link(keys, e.timestamp, () => reasonOf(e));
    for (const m of linked.merges) changes.push(...this.foldMerge(m, touched));
    const slot = this.table.ensure(linked.profileId);
    // The cache is keyed by the event's own id strings: no slices of the graph's keys to build.
    const pid = linked.profileId;
    if (e.userId && this.graph.resolve(`user:${e.userId}`) === pid) this.cache.noteUser(e.userId, slot);
    if (e.anonymousId && this.graph.resolve(`anon:${e.anonymousId}`) === pid)
      this.cache.noteAnon(e.anonymousId, slot);
    return slot;
  }

  private keysOf(e: LoggedEvent): string[] {
    const keys = eventKeys(e, this.hash);
    const previous = aliasPreviousId(e);
    if (previous !== null) {
      const known = [`user:${previous}`, `anon:${previous}`].find((k) => this.graph.resolve(k) !== undefined);
      keys.push(known ?? `anon:${previous}`);
    }
    return keys;
  }

  private strongestOwner(keys: readonly string[]): string | undefined {
    for (const k of keys.slice().sort((a, b) => rank(a) - rank(b))) {
      const p = this.graph.resolve(k);
      if (p !== undefined) return p;
    }
    return undefined;
  }

  private isErased(keys: readonly string[], seq: number): boolean {
    if (this.tombstones.size === 0 || seq > this.erasedUpTo) return false;
    for (const k of keys) {
      const t = this.tombstones.get(tombstoneHash(k, this.hash));
      if (t && seq <= t.uptoSeq) return true;
    }
    return false;
  }

  private foldMerge(m: MergeRecord, touched: TouchedSlots): SegmentChange[] {
    const from = this.table.slot(m.absorbed);
    if (from === undefined) return [];
    const into = this.table.ensure(m.survivor);
    const exits = this.segments.clearSlot(from, m.at, `merged into ${m.survivor}`, !this.replaying);
    mergeSlots(this.table, into, from);
    touched.drop(from);
    this.cache.dropSlot(from);
    this.table.release(m.absorbed);
    touched.add(into, ALL_INPUTS);
    return exits;
  }

  private noteSegmentEvent(e: LoggedEvent): void {
    const props = (e.payload.properties ?? {}) as Record<string, unknown>;
    if (typeof props.segment_id !== 'string' || typeof props.profile_id !== 'string') return;
    this.replayedBits.push({
      segmentId: props.segment_id,
      profileId: props.profile_id,
      member: e.type === 'segment_entered',
    });
  }
}

/** Events deferred at most at once (the low part of a sort key; slot × 2^21 stays an exact double). */
const MAX_DEFERRED = 2 ** 21;

const KIND_RANK: Record<string, number> = { user: 0, loyalty: 1, email: 2, phone: 3, anon: 4 };
const rank = (key: string): number => KIND_RANK[key.slice(0, key.indexOf(':'))] ?? 5;

function reasonOf(e: LoggedEvent): string {
  if (e.kind === 'alias' && typeof e.payload.reason === 'string')
    return `${e.payload.reason} (alias ${e.messageId})`;
  return `${e.kind === 'track' ? e.type : e.kind} event ${e.messageId}`;
}
