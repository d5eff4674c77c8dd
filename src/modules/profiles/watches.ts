import { ACTIVITY_IDS, ACTIVITY_KINDS, type ActivityIdField } from './activity.ts';
import { WATCH_BIT_COUNT, WATCH_BIT_FIRST } from './inputs.ts';

/** What an activity entry can be watched on: its category, brand, product or store. */
export type WatchTarget = ActivityIdField;

/**
 * Event-specific input bits. A segment rule such as `viewed category "cat-7" at least 2 times` can only
 * change answer (time aside, which the periodic recompute covers) when an entry of that kind naming that
 * category is added, so it watches (viewed, category, id of cat-7) under a bit of its own instead of
 * reading `INPUT.viewed`, which every view sets. The bits are shared round-robin when there are more
 * watches than bits: a shared bit only makes a segment re-evaluate more often than it needs to.
 */
export class ActivityWatches {
  /** Per (activity kind, target field): watch bits by dictionary id (null: nothing watched there). */
  private readonly byId: Array<Int32Array | null> = new Array(
    ACTIVITY_KINDS.length * ACTIVITY_IDS.length,
  ).fill(null);
  private next = 0;
  /** Whether anything is watched (the hot path skips the lookups otherwise). */
  any = false;

  /** Forgets every watch (before the registry registers its segments' watches again). */
  clear(): void {
    this.byId.fill(null);
    this.next = 0;
    this.any = false;
  }

  /** Watches entries of `kind` whose `target` is dictionary id `id`; returns the input bit they set. */
  watch(kind: number, target: WatchTarget, id: number): number {
    const bit = 1 << (WATCH_BIT_FIRST + (this.next++ % WATCH_BIT_COUNT));
    // A kind's four lists in `ACTIVITY_IDS` order, the order `bitsOf` takes the ids in.
    const at = kind * ACTIVITY_IDS.length + ACTIVITY_IDS.indexOf(target);
    let ids = this.byId[at] ?? new Int32Array(Math.max(64, id + 1));
    if (ids.length <= id) {
      const bigger = new Int32Array(Math.max(id + 1, ids.length * 2));
      bigger.set(ids);
      ids = bigger;
    }
    ids[id]! |= bit;
    this.byId[at] = ids;
    this.any = true;
    return bit;
  }

  /** The watch bits an entry sets (0 when none of its fields is watched). */
  bitsOf(kind: number, category: number, brand: number, product: number, store: number): number {
    const at = kind * ACTIVITY_IDS.length;
    return (
      pick(this.byId[at], category) |
      pick(this.byId[at + 1], brand) |
      pick(this.byId[at + 2], product) |
      pick(this.byId[at + 3], store)
    );
  }
}

const pick = (ids: Int32Array | null, id: number): number =>
  ids !== null && id >= 0 && id < ids.length ? ids[id]! : 0;
