import type { AppendResult, EventFilter, LoggedEvent, PanierEvent } from '../../kernel/index.ts';
import type { Tombstone } from './engine.ts';
import type { MergeRecord } from './identity.ts';
import type { EventEraser, ProfileEventLog, ProfilesStore, SegmentSizePoint } from './ports.ts';
import type { SegmentDefinition } from './segments/registry.ts';

const matches = (e: LoggedEvent, f: EventFilter): boolean =>
  (f.types === undefined || f.types.length === 0 || f.types.includes(e.type)) &&
  (f.userId === undefined || e.userId === f.userId) &&
  (f.anonymousId === undefined || e.anonymousId === f.anonymousId) &&
  (f.from === undefined || e.timestamp >= f.from) &&
  (f.to === undefined || e.timestamp < f.to);

/** In-memory event log with erasure, for tests, benchmarks and evaluation runs. */
export class MemoryProfileLog implements ProfileEventLog, EventEraser {
  readonly events: LoggedEvent[] = [];
  private readonly ids = new Set<string>();
  private seq = 0;

  async append(events: readonly PanierEvent[]): Promise<AppendResult> {
    const appended: LoggedEvent[] = [];
    const duplicates: string[] = [];
    for (const e of events) {
      if (this.ids.has(e.messageId)) {
        duplicates.push(e.messageId);
        continue;
      }
      this.ids.add(e.messageId);
      const logged = { ...e, seq: ++this.seq };
      this.events.push(logged);
      appended.push(logged);
    }
    return { appended, duplicates };
  }

  async page(filter: EventFilter, before: number | null, limit: number) {
    const out: LoggedEvent[] = [];
    for (let i = this.events.length - 1; i >= 0 && out.length <= limit; i--) {
      const e = this.events[i]!;
      if ((before === null || e.seq < before) && matches(e, filter)) out.push(e);
    }
    const events = out.slice(0, limit);
    return { events, next: out.length > limit ? events[events.length - 1]!.seq : null };
  }

  async scan(afterSeq: number, limit: number): Promise<LoggedEvent[]> {
    return this.events.filter((e) => e.seq > afterSeq).slice(0, limit);
  }

  async lastSeq(): Promise<number> {
    return this.seq;
  }

  async deleteByIdentity(ids: {
    userIds: readonly string[];
    anonymousIds: readonly string[];
  }): Promise<number> {
    const users = new Set(ids.userIds);
    const anons = new Set(ids.anonymousIds);
    const before = this.events.length;
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i]!;
      if ((e.userId !== null && users.has(e.userId)) || (e.anonymousId !== null && anons.has(e.anonymousId)))
        this.events.splice(i, 1);
    }
    return before - this.events.length;
  }
}

/** In-memory durable-state store. */
export class MemoryProfilesStore implements ProfilesStore {
  readonly segments = new Map<string, SegmentDefinition>();
  readonly mergeRecords = new Map<string, MergeRecord>();
  readonly separations = new Map<string, { id: string; a: string[]; b: string[] }>();
  readonly tombstones = new Map<string, Tombstone>();
  /** Size points by segment, then by minute. */
  readonly sizes = new Map<string, Map<number, number>>();

  async listSegments() {
    return [...this.segments.values()];
  }
  async putSegment(def: SegmentDefinition) {
    this.segments.set(def.id, { ...def });
  }
  async deleteSegment(id: string) {
    this.sizes.delete(id);
    return this.segments.delete(id);
  }
  async putSegmentSizes(points: readonly SegmentSizePoint[]) {
    for (const p of points) {
      const series = this.sizes.get(p.segmentId) ?? new Map<number, number>();
      series.set(p.at, p.size);
      this.sizes.set(p.segmentId, series);
    }
  }
  async listSegmentSizes(segmentId: string, from: number, to: number) {
    return [...(this.sizes.get(segmentId) ?? [])]
      .filter(([at]) => at >= from && at <= to)
      .sort((a, b) => a[0] - b[0])
      .map(([at, size]) => ({ segmentId, at, size }));
  }
  async listMerges() {
    return [...this.mergeRecords.values()];
  }
  async putMerge(record: MergeRecord) {
    this.mergeRecords.set(record.id, { ...record });
  }
  async listSeparations() {
    return [...this.separations.values()];
  }
  async putSeparation(sep: { id: string; a: string[]; b: string[] }) {
    this.separations.set(sep.id, sep);
  }
  async listTombstones() {
    return [...this.tombstones.values()];
  }
  async putTombstones(list: readonly Tombstone[]) {
    for (const t of list) this.tombstones.set(t.hash, t);
  }
  async forget(keys: readonly string[], profileIds: readonly string[]) {
    const names = new Set([...keys, ...profileIds]);
    for (const [id, m] of this.mergeRecords)
      if (names.has(m.survivor) || names.has(m.absorbed) || m.keys.some((k) => names.has(k)))
        this.mergeRecords.delete(id);
    for (const [id, s] of this.separations) {
      s.a = s.a.filter((k) => !names.has(k));
      s.b = s.b.filter((k) => !names.has(k));
      if (s.a.length === 0 || s.b.length === 0) this.separations.delete(id);
    }
  }
}
