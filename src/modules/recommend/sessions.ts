import type { InteractionTable } from './interactions.ts';
import { GrowableFloat64, GrowableInt32 } from './vocab.ts';

/** Groups of items in compressed rows: group g holds items[offsets[g] .. offsets[g+1]). */
export interface Groups {
  offsets: Int32Array;
  items: Int32Array;
  /** Time of the last event of the group. */
  time: Float64Array;
  /** Actor of the group. */
  actor: Int32Array;
}

export const SESSION_GAP_MS = 30 * 60 * 1000;

/**
 * Cuts each actor's events into sessions (explicit session ids win, else a 30-minute inactivity gap),
 * keeping items in time order and dropping immediate repeats (a view then an add-to-cart of one product).
 */
export function sessionize(t: InteractionTable, order: Int32Array, gapMs = SESSION_GAP_MS): Groups {
  const current = new Map<number, { s: number; last: number }>();
  const byExplicit = new Map<number, number>();
  const sessionItems: number[][] = [];
  const sessionTime: number[] = [];
  const sessionActor: number[] = [];
  const items = t.item.view();
  const actors = t.actor.view();
  const times = t.time.view();
  const explicit = t.explicitSession.view();
  for (const row of order) {
    const actor = actors[row]!;
    const ts = times[row]!;
    let s: number | undefined;
    if (explicit[row]! >= 0) s = byExplicit.get(explicit[row]!);
    else {
      const cur = current.get(actor);
      if (cur && ts - cur.last <= gapMs) s = cur.s;
    }
    if (s === undefined) {
      s = sessionItems.length;
      sessionItems.push([]);
      sessionTime.push(ts);
      sessionActor.push(actor);
      if (explicit[row]! >= 0) byExplicit.set(explicit[row]!, s);
    }
    if (explicit[row]! < 0) current.set(actor, { s, last: ts });
    const list = sessionItems[s]!;
    if (list[list.length - 1] !== items[row]) list.push(items[row]!);
    sessionTime[s] = ts;
  }
  return pack(sessionItems, sessionTime, sessionActor);
}

/** Purchase baskets: the distinct items of each order. */
export function baskets(t: InteractionTable, order: Int32Array): Groups {
  const byOrder = new Map<number, number>();
  const basketItems: number[][] = [];
  const time: number[] = [];
  const actor: number[] = [];
  const group = t.group.view();
  for (const row of order) {
    const g = group[row]!;
    if (g < 0 || t.kind.get(row) !== 2) continue;
    let b = byOrder.get(g);
    if (b === undefined) {
      b = basketItems.length;
      byOrder.set(g, b);
      basketItems.push([]);
      time.push(t.time.get(row));
      actor.push(t.actor.get(row));
    }
    const list = basketItems[b]!;
    const item = t.item.get(row);
    if (!list.includes(item)) list.push(item);
  }
  return pack(basketItems, time, actor);
}

export function pack(
  lists: readonly (readonly number[])[],
  time: readonly number[],
  actor: readonly number[],
): Groups {
  const offsets = new Int32Array(lists.length + 1);
  const flat = new GrowableInt32(Math.max(16, lists.length * 4));
  for (let g = 0; g < lists.length; g++) {
    for (const x of lists[g]!) flat.push(x);
    offsets[g + 1] = flat.length;
  }
  const times = new GrowableFloat64(Math.max(16, time.length));
  for (const x of time) times.push(x);
  return { offsets, items: flat.view().slice(), time: times.view().slice(), actor: Int32Array.from(actor) };
}

export const groupCount = (g: Groups): number => g.offsets.length - 1;

/** Inverted index item → groups holding it, most recent group first. */
export interface Postings {
  offsets: Int32Array;
  groups: Int32Array;
}

export function invert(g: Groups, itemCount: number): Postings {
  const n = groupCount(g);
  const counts = new Int32Array(itemCount + 1);
  const seen = new Int32Array(itemCount).fill(-1);
  for (let s = 0; s < n; s++)
    for (let j = g.offsets[s]!; j < g.offsets[s + 1]!; j++) {
      const it = g.items[j]!;
      if (seen[it] !== s) {
        seen[it] = s;
        counts[it + 1]!++;
      }
    }
  const offsets = new Int32Array(itemCount + 1);
  for (let i = 0; i < itemCount; i++) offsets[i + 1] = offsets[i]! + counts[i + 1]!;
  const cursor = offsets.slice(0, itemCount);
  const groups = new Int32Array(offsets[itemCount]!);
  seen.fill(-1);
  const byRecency = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => g.time[b]! - g.time[a]! || b - a,
  );
  for (const s of byRecency)
    for (let j = g.offsets[s]!; j < g.offsets[s + 1]!; j++) {
      const it = g.items[j]!;
      if (seen[it] !== s) {
        seen[it] = s;
        groups[cursor[it]!++] = s;
      }
    }
  return { offsets, groups };
}
