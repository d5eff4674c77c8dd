import {
  type Clock,
  type EventBus,
  type EventFilter,
  type LoggedEvent,
  type Logger,
  PanierError,
  type PanierEvent,
  silentLogger,
  systemClock,
  uuidv7,
  yieldToEventLoop,
} from '../../kernel/index.ts';
import { slotAllows } from './consent.ts';
import { ProfileEngine } from './engine.ts';
import type { Hasher } from './identifiers.ts';
import type { MergeRecord } from './identity.ts';
import type { EventEraser, ModelFitter, ProfileEventLog, ProfilesStore, SegmentSizePoint } from './ports.ts';
import { fitModels } from './scores/model.ts';
import { primaryIds, segmentEvent } from './segment-events.ts';
import type { SegmentChange, SegmentDefinition } from './segments/registry.ts';
import type { ConsentPurpose } from './table.ts';

export interface ProfileServiceDeps {
  log: ProfileEventLog;
  eraser: EventEraser;
  store: ProfilesStore;
  /** When given, emitted Segment Entered/Exited events are published after they are appended. */
  bus?: EventBus;
  clock?: Clock;
  logger?: Logger;
  hash?: Hasher;
  /** Rows per log page during a rebuild. */
  pageSize?: number;
  /** Fits the score models (default: on this thread, ~0.5 s); `workerFitter` runs it in a worker. */
  fitter?: ModelFitter;
  /** Profile slots per step of a refresh; the event loop is served between steps. */
  refreshChunk?: number;
}

const MINUTE = 60_000;
/**
 * Profile slots per refresh step: at 1M profiles with a few segments a step takes 1.1 ms at p50 and
 * 3.1 ms at p90, so a lookup waits at most one short step (10,000 gave a p99 of 16 ms while refreshing,
 * 2,000 gave 5.1–6.5 ms; the total work is the same).
 */
export const DEFAULT_REFRESH_CHUNK = 2_000;

const TIMELINE_MAX = 200;

/** Live profiles: rebuilt from the log at start, fed by the bus, persisting what the log cannot hold. */
export class ProfileService {
  readonly engine: ProfileEngine;
  readonly clock: Clock;
  protected readonly logger: Logger;
  private pending: Promise<void> = Promise.resolve();
  /** Segment events emitted while an append is in flight (they go in the next one). */
  private unsent: PanierEvent[] = [];
  private appending = false;
  private readonly ownSeqs = new Set<number>();
  /** Last seq read by the rebuild; events up to it are already applied when the bus delivers them. */
  private replayedUpTo = 0;
  private live = false;
  private readonly early: LoggedEvent[] = [];
  private refreshing: Promise<number> | null = null;

  constructor(readonly deps: ProfileServiceDeps) {
    this.engine = new ProfileEngine(deps.hash ? { hash: deps.hash } : {});
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger ?? silentLogger;
  }

  /** Loads durable state, replays the whole log, then emits only membership changes the log lacks. */
  async start(): Promise<{ events: number; profiles: number; ms: number }> {
    const t0 = this.clock.now();
    const { store } = this.deps;
    for (const def of await store.listSegments()) this.engine.segments.put(def);
    for (const s of await store.listSeparations()) this.engine.graph.separate(s.a, s.b);
    this.engine.restoreTombstones(await store.listTombstones());
    this.engine.beginReplay();
    let after = 0;
    let events = 0;
    for (;;) {
      const batch = await this.deps.log.scan(after, this.deps.pageSize ?? 5000);
      if (batch.length === 0) break;
      this.engine.ingest(batch, this.clock.now());
      after = batch[batch.length - 1]!.seq;
      events += batch.length;
      await yieldToEventLoop();
    }
    this.replayedUpTo = after;
    for (const m of await store.listMerges()) this.engine.graph.restoreRecord(m);
    this.engine.finishReplay();
    await this.refresh(true);
    this.live = true;
    this.handle(this.early.splice(0));
    await this.flush();
    const ms = this.clock.now() - t0;
    this.logger.info({ events, profiles: this.engine.table.size, ms }, 'profiles rebuilt');
    return { events, profiles: this.engine.table.size, ms };
  }

  /** Bus handler: applies events synchronously (features are current on return), emits asynchronously. */
  readonly handle = (events: readonly LoggedEvent[]): void => {
    if (!this.live) {
      for (const e of events) this.early.push(e); // a delivery may be larger than a spread call allows
      return;
    }
    // The common batch is all new and not our own: no copy of it.
    let plain = this.ownSeqs.size === 0;
    for (let i = 0; plain && i < events.length; i++) plain = events[i]!.seq > this.replayedUpTo;
    const fresh = plain
      ? events
      : events.filter((e) => e.seq > this.replayedUpTo && !this.ownSeqs.delete(e.seq));
    this.emit(this.engine.ingest(fresh, this.clock.now()));
  };

  /** Applies events this service appended itself, then publishes them; the bus echo is skipped. */
  applyOwn(appended: readonly LoggedEvent[]): void {
    this.handle(appended);
    if (!this.deps.bus) return;
    for (const e of appended) this.ownSeqs.add(e.seq);
    this.deps.bus.publish(appended);
  }

  /** Resolves once every emitted segment event is appended. */
  flush(): Promise<void> {
    return this.pending;
  }

  /**
   * Periodic job: population stats, rescoring (refit when asked), time-window segment changes and a
   * size point per segment. Runs in steps of `refreshChunk` slots with the event loop served between
   * them, and fits the models through the fitter (a worker thread when wired), so serving never stalls
   * for the whole pass. A refresh asked while one runs joins it.
   */
  refresh(refit = false): Promise<number> {
    if (this.refreshing) return this.refreshing;
    this.refreshing = this.runRefresh(refit).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async runRefresh(refit: boolean): Promise<number> {
    const now = this.clock.now();
    const engine = this.engine;
    const steps = engine.refreshSteps(now, refit, this.deps.refreshChunk ?? DEFAULT_REFRESH_CHUNK);
    let changes: SegmentChange[] = [];
    for (let step = steps.next(); ; ) {
      if (step.done) {
        changes = step.value;
        break;
      }
      if (step.value !== null) {
        const sample = step.value;
        engine.model = await (this.deps.fitter?.fit(sample, now) ?? Promise.resolve(fitModels(sample, now)));
      } else await yieldToEventLoop();
      step = steps.next();
    }
    this.emit(changes);
    await this.recordSizes();
    await this.flush();
    return changes.length;
  }

  /** Stores the current size of every saved segment (or one), at most one point per minute each. */
  async recordSizes(only?: string): Promise<void> {
    const at = Math.floor(this.clock.now() / MINUTE) * MINUTE;
    const points: SegmentSizePoint[] = this.engine.segments
      .list()
      .filter((d) => only === undefined || d.id === only)
      .map((d) => ({ segmentId: d.id, at, size: this.engine.segments.count(d.id) }));
    if (points.length > 0) await this.deps.store.putSegmentSizes(points);
  }

  /** A segment's size points between two instants (ms), oldest first; 404 for an unknown segment. */
  async segmentSizes(id: string, from: number, to: number): Promise<SegmentSizePoint[]> {
    if (!this.engine.segments.get(id)) throw new PanierError('not_found', `segment ${id} does not exist`);
    return this.deps.store.listSegmentSizes(id, from, to);
  }

  /** Runs `refresh` every `everyMs` and refits the models every `refitEveryMs`; returns a stop function. */
  schedule(everyMs = 3_600_000, refitEveryMs = 86_400_000): () => void {
    let lastFit = this.clock.now();
    const timer = setInterval(() => {
      const refit = this.clock.now() - lastFit >= refitEveryMs;
      if (refit) lastFit = this.clock.now();
      this.refresh(refit).catch((err: unknown) => this.logger.error({ err }, 'profiles refresh failed'));
    }, everyMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }

  resolve(anyId: string): string | null {
    return this.engine.resolve(anyId) ?? null;
  }

  requireProfile(anyId: string): string {
    const id = this.engine.resolve(anyId);
    if (id === undefined) throw new PanierError('not_found', `no profile is known for id "${anyId}"`);
    return id;
  }

  /** A person's events, newest first, across every userId and anonymousId linked to the profile. */
  async timeline(anyId: string, before: number | null, limit: number) {
    const keys = this.engine.graph.keys(this.requireProfile(anyId));
    const size = Math.min(Math.max(1, limit), TIMELINE_MAX);
    const pages = await Promise.all(idFilters(keys).map((f) => this.deps.log.page(f, before, size)));
    const bySeq = new Map<number, LoggedEvent>();
    for (const p of pages) for (const e of p.events) bySeq.set(e.seq, e);
    const events = [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, size);
    const more = pages.some((p) => p.next !== null) || bySeq.size > size;
    return { events, next: more && events.length > 0 ? events[events.length - 1]!.seq : null };
  }

  merges(anyId?: string): MergeRecord[] {
    return this.engine.graph.merges(anyId === undefined ? undefined : this.requireProfile(anyId));
  }

  /** Admin merge: written to the log as an alias event so a rebuild repeats it. */
  async mergeProfiles(intoId: string, fromId: string, reason: string): Promise<MergeRecord> {
    const into = this.engine.resolve(intoId);
    const from = this.engine.resolve(fromId);
    if (into === undefined || from === undefined)
      throw new PanierError(
        'not_found',
        `no profile is known for id "${into === undefined ? intoId : fromId}"`,
      );
    if (into === from) throw new PanierError('invalid_argument', 'a profile cannot be merged into itself');
    const intoIds = primaryIds(this.engine.graph.keys(into));
    const fromIds = primaryIds(this.engine.graph.keys(from));
    const now = this.clock.now();
    const alias: PanierEvent = {
      messageId: uuidv7(now),
      kind: 'alias',
      type: 'alias',
      name: null,
      userId: intoIds.userId,
      anonymousId: intoIds.userId === null ? intoIds.anonymousId : null,
      timestamp: now,
      receivedAt: now,
      storeId: null,
      source: 'profiles-admin',
      payload: { type: 'alias', previousId: fromIds.userId ?? fromIds.anonymousId, reason },
    };
    const { appended } = await this.deps.log.append([alias]);
    this.applyOwn(appended);
    const record = this.engine.graph.merges(this.engine.resolve(intoId)).at(-1);
    if (!record || this.engine.resolve(fromId) !== this.engine.resolve(intoId))
      throw new PanierError(
        'conflict',
        'these profiles carry different userIds or were separated by an admin',
      );
    return record;
  }

  /** Admin unmerge: splits the keys back, keeps them apart for good, recomputes both from the log. */
  async unmerge(mergeId: string, by: string): Promise<{ restored: string; from: string }> {
    const now = this.clock.now();
    const result = this.engine.graph.unmerge(mergeId, now, by);
    const record = this.engine.graph.merges().find((m) => m.id === mergeId)!;
    const sep = this.engine.graph.separationList().at(-1)!;
    await this.deps.store.putSeparation({ id: `sep_${mergeId}`, ...sep });
    await this.deps.store.putMerge(record);
    const changes: SegmentChange[] = [];
    for (const pid of [result.from, result.restored]) {
      const events = await this.eventsOf(this.engine.graph.keys(pid));
      changes.push(...this.engine.recomputeProfile(pid, events, now));
    }
    this.emit(changes);
    await this.flush();
    return result;
  }

  /** Every event of a set of identity keys, oldest first. */
  async eventsOf(keys: readonly string[]): Promise<LoggedEvent[]> {
    const bySeq = new Map<number, LoggedEvent>();
    for (const f of idFilters(keys)) {
      let before: number | null = null;
      do {
        const page: { events: LoggedEvent[]; next: number | null } = await this.deps.log.page(
          f,
          before,
          1000,
        );
        for (const e of page.events) bySeq.set(e.seq, e);
        before = page.next;
      } while (before !== null);
    }
    return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  // Segments ---------------------------------------------------------------------------------------

  listSegments(): Array<SegmentDefinition & { members: number }> {
    return this.engine.segments.list().map((d) => ({ ...d, members: this.engine.segments.count(d.id) }));
  }

  async putSegment(input: { id?: string; name: string; rule: string }): Promise<SegmentDefinition> {
    const now = this.clock.now();
    const prev = input.id ? this.engine.segments.get(input.id) : undefined;
    const def: SegmentDefinition = {
      id: input.id ?? `seg_${uuidv7(now).replace(/-/g, '').slice(0, 20)}`,
      name: input.name,
      rule: input.rule,
      createdAt: prev?.createdAt ?? now,
      updatedAt: now,
    };
    this.engine.segments.put(def);
    await this.deps.store.putSegment(def);
    // The first computation of its membership, in steps so serving goes on meanwhile.
    const chunk = this.deps.refreshChunk ?? DEFAULT_REFRESH_CHUNK;
    const changes: SegmentChange[] = [];
    for (let from = 0; from < this.engine.table.slots; from += chunk) {
      const ctx = this.engine.context(now);
      changes.push(
        ...this.engine.segments.recomputeRange(ctx, `segment:${def.id}:${now}`, from, from + chunk, def.id),
      );
      if (from + chunk < this.engine.table.slots) await yieldToEventLoop();
    }
    this.emit(changes);
    await this.recordSizes(def.id);
    await this.flush();
    return def;
  }

  async deleteSegment(id: string): Promise<void> {
    this.emit(this.engine.segments.remove(id, this.clock.now()));
    await this.deps.store.deleteSegment(id);
    await this.flush();
  }

  preview(rule: string, sampleSize = 20) {
    return this.engine.segments.preview(rule, this.engine.context(this.clock.now()), sampleSize);
  }

  /** A segment's members; with `consent`, only those who allow that purpose (an email list, an ad audience). */
  members(id: string, cursor: number | null, limit: number, consent?: ConsentPurpose) {
    const table = this.engine.table;
    const keep = consent ? (slot: number) => slotAllows(table, slot, consent) : undefined;
    return this.engine.segments.members(id, cursor ?? -1, Math.min(Math.max(1, limit), 1000), keep);
  }

  /**
   * Appends Segment Entered/Exited events for membership changes. Changes emitted while an append is in
   * flight wait and go together in the next one, and that one is lazy (it joins the next ingest commit):
   * a small commit per handler call would cost the log writer an fsync each and hold back the ingest
   * groups queued behind it.
   */
  emit(changes: readonly SegmentChange[]): void {
    if (changes.length === 0) return;
    const now = this.clock.now();
    for (const c of changes) this.unsent.push(segmentEvent(c, this.idsOf(c.profileId), now));
    if (!this.appending) this.pending = this.appendUnsent();
  }

  private async appendUnsent(): Promise<void> {
    this.appending = true;
    try {
      while (this.unsent.length > 0) {
        const events = this.unsent;
        this.unsent = [];
        try {
          // Lazy: derived events ride with the next ingest commit instead of paying one of their own.
          const { appended } = await this.deps.log.append(events, { lazy: true });
          if (appended.length > 0) this.deps.bus?.publish(appended);
        } catch (err) {
          this.logger.error({ err, count: events.length }, 'segment events not appended');
        }
      }
    } finally {
      this.appending = false;
    }
  }

  private idsOf(profileId: string) {
    return primaryIds(this.engine.graph.keysView(profileId));
  }
}

/** One log filter per userId and anonymousId key (emails and phones are not event columns). */
export function idFilters(keys: readonly string[]): EventFilter[] {
  const out: EventFilter[] = [];
  for (const k of keys) {
    if (k.startsWith('user:')) out.push({ userId: k.slice(5) });
    else if (k.startsWith('anon:')) out.push({ anonymousId: k.slice(5) });
  }
  return out;
}
