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
 * Two passes over typed arrays: each row gets its session number, then rows are laid out per session.
 */
export function sessionize(t: InteractionTable, order: Int32Array, gapMs = SESSION_GAP_MS): Groups {
  const items = t.item.view();
  const actors = t.actor.view();
  const times = t.time.view();
  const explicit = t.explicitSession.view();
  // sizes from the columns: a table rebuilt in a training worker has ids but no actor/group names
  const actorCount = idBound(actors);
  const current = new Int32Array(actorCount).fill(-1);
  const currentLast = new Float64Array(actorCount);
  const byExplicit = new Int32Array(idBound(explicit)).fill(-1);
  const rowSession = new Int32Array(order.length);
  const lastItem = new GrowableInt32();
  const sessionTime = new GrowableFloat64();
  const sessionActor = new GrowableInt32();
  const size = new GrowableInt32();
  for (let k = 0; k < order.length; k++) {
    const row = order[k]!;
    const actor = actors[row]!;
    const ts = times[row]!;
    const ex = explicit[row]!;
    let s = -1;
    if (ex >= 0) s = byExplicit[ex]!;
    else if (current[actor]! >= 0 && ts - currentLast[actor]! <= gapMs) s = current[actor]!;
    if (s < 0) {
      s = sessionTime.length;
      sessionTime.push(ts);
      sessionActor.push(actor);
      lastItem.push(-1);
      size.push(0);
      if (ex >= 0) byExplicit[ex] = s;
    }
    if (ex < 0) {
      current[actor] = s;
      currentLast[actor] = ts;
    }
    sessionTime.set(s, ts);
    if (lastItem.get(s) === items[row]) rowSession[k] = -1;
    else {
      rowSession[k] = s;
      lastItem.set(s, items[row]!);
      size.set(s, size.get(s) + 1);
    }
  }
  return layout(
    order,
    items,
    rowSession,
    size.view(),
    sessionTime.view().slice(),
    sessionActor.view().slice(),
  );
}

/** One more than the largest id in a column (0 when empty or all -1). */
function idBound(column: Int32Array): number {
  let max = -1;
  for (let i = 0; i < column.length; i++) if (column[i]! > max) max = column[i]!;
  return max + 1;
}

/** Rows (in `order`) assigned to groups by `rowGroup` (-1 = skipped) → compressed rows per group. */
function layout(
  order: Int32Array,
  items: Int32Array,
  rowGroup: Int32Array,
  size: Int32Array,
  time: Float64Array,
  actor: Int32Array,
): Groups {
  const n = size.length;
  const offsets = new Int32Array(n + 1);
  for (let g = 0; g < n; g++) offsets[g + 1] = offsets[g]! + size[g]!;
  const cursor = offsets.slice(0, n);
  const out = new Int32Array(offsets[n]!);
  for (let k = 0; k < order.length; k++) {
    const g = rowGroup[k]!;
    if (g >= 0) out[cursor[g]!++] = items[order[k]!]!;
  }
  return { offsets, items: out, time, actor };
}

/** Purchase baskets: the distinct items of each order (time and actor of its first line). */
export function baskets(t: InteractionTable, order: Int32Array): Groups {
  const group = t.group.view();
  const kinds = t.kind.view();
  const items = t.item.view();
  const byOrder = new Int32Array(idBound(group)).fill(-1);
  const rowBasket = new Int32Array(order.length).fill(-1);
  const time = new GrowableFloat64();
  const actor = new GrowableInt32();
  const size = new GrowableInt32();
  for (let k = 0; k < order.length; k++) {
    const row = order[k]!;
    const g = group[row]!;
    if (g < 0 || kinds[row] !== 2) continue;
    let b = byOrder[g]!;
    if (b < 0) {
      b = time.length;
      byOrder[g] = b;
      time.push(t.time.get(row));
      actor.push(t.actor.get(row));
      size.push(0);
    }
    rowBasket[k] = b;
    size.set(b, size.get(b) + 1);
  }
  const laid = layout(order, items, rowBasket, size.view(), time.view().slice(), actor.view().slice());
  return distinctPerGroup(laid, t.items.size);
}

/** Removes repeated items inside each group, in place (an order line split in two counts once). */
function distinctPerGroup(g: Groups, itemCount: number): Groups {
  const seen = new Int32Array(itemCount).fill(-1);
  let w = 0;
  const n = g.offsets.length - 1;
  let start = 0;
  for (let s = 0; s < n; s++) {
    const end = g.offsets[s + 1]!;
    for (let j = start; j < end; j++) {
      const it = g.items[j]!;
      if (seen[it] === s) continue;
      seen[it] = s;
      g.items[w++] = it;
    }
    start = end;
    g.offsets[s + 1] = w;
  }
  return { ...g, items: g.items.slice(0, w) };
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
