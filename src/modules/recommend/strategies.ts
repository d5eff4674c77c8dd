import { forYou, sessionNext } from './personal.ts';
import { dueScore } from './repeat.ts';
import type { Placement } from './schemas.ts';
import {
  addNeighbours,
  anchorsOf,
  boardFor,
  type Candidate,
  CODE_NUMBER,
  reason,
  type Strategy,
  topOfBoard,
} from './scoring.ts';
import { DEFAULT_KNN } from './session-knn.ts';

export * from './personal.ts';
export * from './scoring.ts';

const DAY_MS = 86_400_000;

const SIMILAR = CODE_NUMBER.similar_to;

export const similarItems: Strategy = ({ model }, ctx, want) => {
  const anchors = anchorsOf(model, ctx);
  const similar = anchors.map((a) => model.content.similar(a, want));
  const board = boardFor(model);
  for (let k = 0; k < anchors.length; k++) {
    const a = anchors[k]!;
    const recency = 1 / (anchors.length - k);
    addNeighbours(board, model.coView, a, recency, 'similar_to');
    for (const s of similar[k]!) board.add(s.item, 0.5 * recency * s.score, a, SIMILAR);
  }
  for (const a of anchors) board.drop(a);
  return topOfBoard(model, board, want);
};

export const frequentlyBoughtTogether: Strategy = ({ model }, ctx, want) => {
  const anchors = anchorsOf(model, ctx);
  const board = boardFor(model);
  for (const a of anchors) addNeighbours(board, model.coPurchase, a, 1, 'bought_with');
  for (const a of anchors) board.drop(a);
  return topOfBoard(model, board, want);
};

export const buyItAgain: Strategy = ({ model }, ctx, want) => {
  const purchases = new Map<number, number[]>();
  for (const h of ctx.history) {
    if (h.kind !== 'purchase') continue;
    const i = model.items.id(h.productId);
    if (i === undefined) continue;
    const list = purchases.get(i) ?? [];
    if (list.length === 0 || h.timestamp - list[list.length - 1]! >= DAY_MS) list.push(h.timestamp);
    purchases.set(i, list);
  }
  const scored: Candidate[] = [];
  for (const [i, ts] of purchases) {
    const s = dueScore(model.repeat, i, ts, ctx.now);
    if (s <= 0) continue;
    const every = i < model.itemCount ? Math.round(model.repeat.medianIntervalDays[i]!) : 0;
    scored.push({
      productId: model.items.key(i),
      score: s,
      reasons: [reason('due_again', undefined, every ? String(every) : '')],
    });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, want);
};

export const recentlyViewed: Strategy = (_d, ctx, want) => {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (let k = ctx.history.length - 1; k >= 0 && out.length < want; k--) {
    const h = ctx.history[k]!;
    if (h.kind !== 'view' || seen.has(h.productId)) continue;
    seen.add(h.productId);
    out.push({ productId: h.productId, score: 1 / (out.length + 1), reasons: [reason('recently_viewed')] });
  }
  return out;
};

const SCAN_LIMIT = 200_000;

export const trending: Strategy = ({ trending: source }, ctx, want) => {
  const accept = ctx.accept ?? (() => true);
  const label = `over the last ${ctx.window}${ctx.storeId ? ` at ${ctx.storeId}` : ''}`;
  return source
    .top(ctx.window, ctx.storeId, ctx.accept ? want * 10 : want)
    .filter(([p]) => accept(p))
    .slice(0, want)
    .map(([productId, score]) => ({ productId, score, reasons: [reason('trending', undefined, label)] }));
};

/** Global or store best-sellers, scanning past filtered-out items (category, price, stock…). */
export const popular: Strategy = ({ model }, ctx, want) => {
  const store = ctx.storeId ? model.storePopular.get(ctx.storeId) : undefined;
  const byCategory =
    ctx.category !== undefined && !store ? model.categoryPopular.get(ctx.category) : undefined;
  const order = store ?? byCategory ?? model.popularOrder;
  const accept = ctx.accept ?? (() => true);
  const out: Candidate[] = [];
  for (let k = 0; k < Math.min(order.length, SCAN_LIMIT) && out.length < want; k++) {
    const i = order[k]!;
    const productId = model.items.key(i);
    if (!accept(productId)) continue;
    out.push({
      productId,
      score: model.popularity[i]!,
      reasons: [reason('popular', undefined, store ? `at ${ctx.storeId}` : '')],
    });
  }
  return out;
};

export const STRATEGIES: Record<Placement, Strategy> = {
  'similar-items': similarItems,
  'frequently-bought-together': frequentlyBoughtTogether,
  'session-next': sessionNext,
  'for-you': forYou,
  'buy-it-again': buyItAgain,
  'recently-viewed': recentlyViewed,
  trending,
  popular,
};

export const defaultKnn = DEFAULT_KNN.vstan;
