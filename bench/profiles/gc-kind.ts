// The kind of a main-thread GC pause, as the profiles benches name it in their reports.
import { constants, type PerformanceEntry } from 'node:perf_hooks';

const KINDS: Record<number, GcKind> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

export type GcKind = 'scavenge' | 'mark-compact' | 'incremental marking' | 'weak callbacks' | 'other';

/** The kind of a `gc` performance entry. */
export function gcKind(e: PerformanceEntry): GcKind {
  return KINDS[(e as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other';
}
