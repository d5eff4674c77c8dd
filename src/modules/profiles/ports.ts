import type {
  AppendOptions,
  AppendResult,
  EventFilter,
  LoggedEvent,
  PanierEvent,
} from '../../kernel/index.ts';
import type { Tombstone } from './engine.ts';
import type { MergeRecord } from './identity.ts';
import type { FitSample, ScoreModel } from './scores/model.ts';
import type { SegmentDefinition } from './segments/registry.ts';

/** The part of the event log profiles read (rebuild, timelines) and write (segment and consent events). */
export interface ProfileEventLog {
  append(events: readonly PanierEvent[], options?: AppendOptions): Promise<AppendResult>;
  page(
    filter: EventFilter,
    before: number | null,
    limit: number,
  ): Promise<{ events: LoggedEvent[]; next: number | null }>;
  scan(afterSeq: number, limit: number): Promise<LoggedEvent[]>;
  lastSeq(): Promise<number>;
}

/** Deletes a person's events from the log (erasure); returns how many were deleted. */
export interface EventEraser {
  deleteByIdentity(ids: { userIds: readonly string[]; anonymousIds: readonly string[] }): Promise<number>;
}

/** Durable state that the log alone cannot rebuild: segment definitions, admin unmerges, tombstones. */
export interface ProfilesStore {
  listSegments(): Promise<SegmentDefinition[]>;
  putSegment(def: SegmentDefinition): Promise<void>;
  deleteSegment(id: string): Promise<boolean>;
  listMerges(): Promise<MergeRecord[]>;
  putMerge(record: MergeRecord): Promise<void>;
  listSeparations(): Promise<Array<{ id: string; a: string[]; b: string[] }>>;
  putSeparation(sep: { id: string; a: string[]; b: string[] }): Promise<void>;
  listTombstones(): Promise<Tombstone[]>;
  putTombstones(list: readonly Tombstone[]): Promise<void>;
  /** Removes every merge record and separation that names one of these keys or profile ids. */
  forget(keys: readonly string[], profileIds: readonly string[]): Promise<void>;
  /** Records segment sizes; a second point for the same segment and minute replaces the first. */
  putSegmentSizes(points: readonly SegmentSizePoint[]): Promise<void>;
  /** A segment's size points with `from <= at <= to`, oldest first. */
  listSegmentSizes(segmentId: string, from: number, to: number): Promise<SegmentSizePoint[]>;
}

/** A segment's member count at a moment (ms, truncated to the minute). */
export interface SegmentSizePoint {
  segmentId: string;
  at: number;
  size: number;
}

/** Fits the score models on a sample; an adapter may run it off the main thread. */
export interface ModelFitter {
  fit(sample: FitSample, now: number): Promise<ScoreModel>;
}

/** What other modules ask before personalizing, emailing, advertising or measuring. */
export interface ConsentChecker {
  allows(anyId: string, purpose: 'personalization' | 'email' | 'advertising' | 'analytics'): boolean;
}

/** Identity resolution for other modules (recommend, search): any known id → profile id. */
export interface IdentityResolver {
  resolve(anyId: string): string | null;
}
