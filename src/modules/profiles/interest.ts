import { ACT_STRIDE, ACTIVITY_KINDS, type ActivityKind, entryAt, entryId, entryKind } from './activity.ts';
import { DAY } from './features.ts';
import type { ProfileTable, Scaled } from './table.ts';

/** Half-life of category and brand affinities. */
export const AFFINITY_HALF_LIFE_DAYS = 30;
const LAMBDA = Math.LN2 / (AFFINITY_HALF_LIFE_DAYS * DAY);
const WEIGHT: Record<ActivityKind, number> = { viewed: 1, added: 3, bought: 5, searched: 0 };
/** The same weights by `ACTIVITY_KINDS` index, as activity entries store the kind. */
const KIND_WEIGHT = ACTIVITY_KINDS.map((k) => WEIGHT[k]);
/** Reference time of the scaled weights (2020-01-01); scales stay far from overflow for decades. */
const EPOCH = Date.UTC(2020, 0, 1);

/** A weight observed at `at`, scaled to the epoch (arrival order does not matter: scaled weights add up). */
const scaledWeight = (weight: number, at: number): Scaled => weight * Math.exp(LAMBDA * (at - EPOCH));

/** A scaled weight as a decayed weight as of `now`. */
export const decayedAt = (scaled: Scaled, now: number): number => scaled * Math.exp(-LAMBDA * (now - EPOCH));

export type InterestKind = 'category' | 'brand';

/**
 * Walks a profile's recent activity (the same retention as event predicates): `visit(id, scaled)` for
 * each interaction naming a category (or brand) and carrying weight. Affinities are derived here at read
 * time instead of being kept per event, so an event pays one activity append, not two more pool updates.
 */
function eachInterest(
  table: ProfileTable,
  slot: number,
  kind: InterestKind,
  visit: (id: number, scaled: Scaled) => void,
): void {
  const p = table.activity.pool;
  const n = p.count(slot);
  if (n === 0) return;
  const start = p.start(slot);
  const d = p.chunkOf(start);
  for (let i = 0, o = p.offsetOf(start); i < n; i++, o += ACT_STRIDE) {
    const id = entryId(d, o, kind);
    const weight = KIND_WEIGHT[entryKind(d, o)] ?? 0;
    if (id >= 0 && weight > 0) visit(id, scaledWeight(weight, entryAt(d, o)));
  }
}

/** Scaled interest per category (or brand) dictionary id. */
export function interestWeights(table: ProfileTable, slot: number, kind: InterestKind): Map<number, Scaled> {
  const out = new Map<number, Scaled>();
  eachInterest(table, slot, kind, (id, w) => out.set(id, (out.get(id) ?? 0) + w));
  return out;
}

/** Share of the profile's decayed interest that goes to one category or brand id (0..1). */
export function interestShare(table: ProfileTable, slot: number, kind: InterestKind, id: number): number {
  // Scaled weights share one epoch: the decay to now cancels out of the share.
  let total = 0;
  let mine = 0;
  eachInterest(table, slot, kind, (key, w) => {
    total += w;
    if (key === id) mine += w;
  });
  return total > 0 ? mine / total : 0;
}
