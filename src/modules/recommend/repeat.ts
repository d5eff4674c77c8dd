import type { InteractionTable } from './interactions.ts';
import { getOrCreate } from './vocab.ts';

/** Per-product repeat-purchase statistics: how often buyers come back, and after how long. */
export interface RepeatStats {
  /** Share of the product's buyers who bought it again on a later day. */
  repeatRate: Float32Array;
  /** Median days between two purchases of the product by one buyer (0 when unknown). */
  medianIntervalDays: Float32Array;
}

const DAY_MS = 86_400_000;

export function repeatStats(t: InteractionTable, order: Int32Array, itemCount: number): RepeatStats {
  const last = new Map<number, number>();
  const buyers = new Int32Array(itemCount);
  const repeaters = new Map<number, Set<number>>();
  const intervals = new Map<number, number[]>();
  for (const row of order) {
    if (t.kind.get(row) !== 2) continue;
    const item = t.item.get(row);
    const actor = t.actor.get(row);
    const key = actor * itemCount + item;
    const ts = t.time.get(row);
    const prev = last.get(key);
    if (prev === undefined) buyers[item]!++;
    else if (ts - prev >= DAY_MS) {
      const set = getOrCreate(repeaters, item, () => new Set<number>());
      set.add(actor);
      const list = getOrCreate(intervals, item, (): number[] => []);
      list.push((ts - prev) / DAY_MS);
    } else continue;
    last.set(key, ts);
  }
  const repeatRate = new Float32Array(itemCount);
  const medianIntervalDays = new Float32Array(itemCount);
  for (let i = 0; i < itemCount; i++) {
    // one pseudo-buyer who never returns, so a single repeat buyer cannot mean 100%
    repeatRate[i] = buyers[i]! > 0 ? (repeaters.get(i)?.size ?? 0) / (buyers[i]! + 1) : 0;
    const list = intervals.get(i);
    if (list && list.length > 0) {
      list.sort((a, b) => a - b);
      medianIntervalDays[i] = list[list.length >> 1]!;
    }
  }
  return { repeatRate, medianIntervalDays };
}

/**
 * How due a repurchase is: repeat rate × closeness of the elapsed time to the expected interval
 * (log-normal bump, so "half as long" and "twice as long" weigh alike).
 */
export function dueScore(
  stats: RepeatStats,
  item: number,
  purchases: readonly number[],
  now: number,
): number {
  if (item >= stats.repeatRate.length || purchases.length === 0) return 0;
  const rate = stats.repeatRate[item]!;
  if (rate <= 0) return 0;
  const lastTs = purchases[purchases.length - 1]!;
  let expected = stats.medianIntervalDays[item]!;
  if (purchases.length >= 2) expected = (lastTs - purchases[0]!) / DAY_MS / (purchases.length - 1);
  if (!(expected > 0)) return rate * 0.5;
  const elapsed = Math.max(0.5, (now - lastTs) / DAY_MS);
  const z = Math.log(elapsed / expected) / 0.75;
  return rate * (0.3 + Math.exp(-0.5 * z * z)) * Math.min(1, 0.5 + purchases.length * 0.25);
}
