import { easeScores } from './ease.ts';
import { KIND_WEIGHT, type RecModel } from './model.ts';
import {
  addNeighbours,
  boardFor,
  type Candidate,
  type ForYouModel,
  type HistoryEntry,
  ids,
  mergeBlend,
  normalise,
  reason,
  type ShopperContext,
  type Strategy,
  topOfBoard,
} from './scoring.ts';
import { topByScore } from './topk.ts';

const DAY_MS = 86_400_000;
const HISTORY_HALF_LIFE_DAYS = 30;
const HISTORY_ANCHORS = 30;

export const sessionNext: Strategy = ({ model, knn }, ctx, want) => {
  const seq = ids(model, [...ctx.session, ...ctx.context.filter((p) => p !== ctx.session.at(-1))]);
  const known = seq.filter((i) => i < model.itemCount);
  const res = model.sessions.recommend(known, ctx.now, knn, want);
  const last = known.length > 0 ? model.items.key(known[known.length - 1]!) : undefined;
  return Array.from(res.items, (it, k) => ({
    productId: model.items.key(it),
    score: res.scores[k]!,
    reasons: [reason('session', last)],
  }));
};

interface Anchor {
  item: number;
  w: number;
  kind: HistoryEntry['kind'];
}

/** The last distinct items of the history, weighted by kind (view 1, cart 3, purchase 5) and recency. */
function historyAnchors(model: RecModel, ctx: ShopperContext): Anchor[] {
  const byItem = new Map<number, Anchor>();
  for (let k = ctx.history.length - 1; k >= 0 && byItem.size < HISTORY_ANCHORS; k--) {
    const h = ctx.history[k]!;
    const i = model.items.id(h.productId);
    if (i === undefined || i >= model.itemCount) continue;
    const decay = 0.5 ** ((ctx.now - h.timestamp) / DAY_MS / HISTORY_HALF_LIFE_DAYS);
    const w = KIND_WEIGHT[h.kind === 'view' ? 0 : h.kind === 'cart' ? 1 : 2] * decay;
    const cur = byItem.get(i);
    if (!cur) byItem.set(i, { item: i, w, kind: h.kind });
    else cur.w += w;
  }
  return [...byItem.values()];
}

const codeOf = (a: Anchor) => (a.kind === 'purchase' ? 'because_bought' : 'because_viewed');

/** Item-kNN: each anchor contributes its co-view and co-purchase neighbours. */
function knnHistory(model: RecModel, anchors: readonly Anchor[], want: number): Candidate[] {
  const board = boardFor(model);
  for (const a of anchors) {
    addNeighbours(board, model.coView, a.item, a.w, codeOf(a));
    addNeighbours(board, model.coPurchase, a.item, a.w, codeOf(a));
  }
  return topOfBoard(model, board, want);
}

const easeScratch = new WeakMap<RecModel, Float64Array>();

/** EASE: score = Σ anchors w · B[anchor]; only the EASE items (the most popular) can come back. */
function easeHistory(model: RecModel, anchors: readonly Anchor[], want: number): Candidate[] | null {
  const ease = model.ease;
  const n = ease.items.length;
  if (n === 0) return null;
  const slotOf = easeSlots(model);
  const used = anchors.filter((a) => slotOf[a.item]! >= 0);
  if (used.length === 0) return null;
  let out = easeScratch.get(model);
  if (!out || out.length < n) {
    out = new Float64Array(n);
    easeScratch.set(model, out);
  }
  easeScores(
    ease,
    used.map((a) => slotOf[a.item]!),
    used.map((a) => a.w),
    out,
  );
  const slots = topByScore(range(n), out, want).filter((s) => out[s]! > 0);
  return slots.map((s) => {
    // the anchor that contributed most explains the item
    let best = used[0]!;
    let bestValue = -Infinity;
    for (const a of used) {
      const v = a.w * ease.weights[slotOf[a.item]! * n + s]!;
      if (v > bestValue) [best, bestValue] = [a, v];
    }
    return {
      productId: model.items.key(ease.items[s]!),
      score: out[s]!,
      reasons: [reason(codeOf(best), model.items.key(best.item))],
    };
  });
}

const slotCache = new WeakMap<RecModel, Int32Array>();
function easeSlots(model: RecModel): Int32Array {
  let slots = slotCache.get(model);
  if (!slots) {
    slots = new Int32Array(model.itemCount).fill(-1);
    model.ease.items.forEach((item, s) => {
      slots![item] = s;
    });
    slotCache.set(model, slots);
  }
  return slots;
}

const ranges = new Map<number, Int32Array>();
function range(n: number): Int32Array {
  let r = ranges.get(n);
  if (!r) {
    r = Int32Array.from({ length: n }, (_, i) => i);
    if (ranges.size > 8) ranges.clear();
    ranges.set(n, r);
  }
  return r;
}

function historyCandidates(kind: ForYouModel, model: RecModel, anchors: Anchor[], want: number): Candidate[] {
  const ease = kind === 'knn' ? null : easeHistory(model, anchors, want);
  if (kind === 'ease' && ease) return normalise(ease);
  const knn = normalise(knnHistory(model, anchors, want));
  // hybrid: EASE ranks the popular head, item-kNN reaches the long tail; equal weights
  return ease ? mergeBlend(normalise(ease), knn, 0.5, want) : knn;
}

/**
 * Long-term history (item-kNN neighbours or EASE weights, by `forYou`), blended with `session-next`
 * over the live session by `blend`. EASE falls back to item-kNN when no history item is an EASE item.
 */
export const forYou: Strategy = (d, ctx, want) => {
  const { model } = d;
  const anchors = historyAnchors(model, ctx);
  const out = historyCandidates(d.forYou ?? 'knn', model, anchors, want * 2);
  if (ctx.session.length > 0 && ctx.blend > 0) {
    const live = normalise(sessionNext(d, { ...ctx, context: [] }, want * 2));
    return mergeBlend(out, live, ctx.blend, want);
  }
  return out.slice(0, want);
};
