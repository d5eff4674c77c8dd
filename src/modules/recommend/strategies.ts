import { type NeighbourLists, neighboursOf } from './cooccurrence.ts';
import { KIND_WEIGHT, type RecModel } from './model.ts';
import { dueScore } from './repeat.ts';
import { type Placement, REASON_CODES, type Reason, type TrendingWindow } from './schemas.ts';
import { DEFAULT_KNN, type SessionKnnParams } from './session-knn.ts';
import { ScoreBoard } from './topk.ts';

export interface HistoryEntry {
  productId: string;
  kind: 'view' | 'cart' | 'purchase';
  timestamp: number;
}

/** What a strategy knows about the shopper and the page: pure data, from live state or a replay. */
export interface ShopperContext {
  now: number;
  /** Live session, oldest first. */
  session: readonly string[];
  /** Long-term activity, oldest first. */
  history: readonly HistoryEntry[];
  /** Products on screen or in the cart, from the request. */
  context: readonly string[];
  /** 1 = only the live session, 0 = only history. */
  blend: number;
  storeId?: string | undefined;
  window: TrendingWindow;
  /** Category filter as a `categoryKey`, so popular reads that category's own best-sellers. */
  category?: string | undefined;
  /** Filters and exclusions; list strategies scan past rejected items to fill `want`. */
  accept?: (productId: string) => boolean;
}

export interface Candidate {
  productId: string;
  score: number;
  reasons: Reason[];
}

export interface TrendingSource {
  top(window: TrendingWindow, storeId: string | undefined, limit: number): Array<[string, number]>;
}

export interface StrategyDeps {
  model: RecModel;
  trending: TrendingSource;
  knn: SessionKnnParams;
}

export type Strategy = (d: StrategyDeps, ctx: ShopperContext, want: number) => Candidate[];

const DAY_MS = 86_400_000;
const HISTORY_HALF_LIFE_DAYS = 30;
const HISTORY_ANCHORS = 30;

const CODE_NUMBER = Object.fromEntries(REASON_CODES.map((c, i) => [c, i])) as Record<Reason['code'], number>;
const boards = new WeakMap<RecModel, ScoreBoard>();

/** The model's reusable score vector (one request at a time: strategies run synchronously). */
function boardFor(model: RecModel): ScoreBoard {
  let b = boards.get(model);
  if (!b || b.size < model.items.size) {
    b = new ScoreBoard(model.items.size);
    boards.set(model, b);
  }
  return b.reset();
}

/** The best `want` items of a board, explained by the anchor that contributed most to each. */
function topOfBoard(model: RecModel, board: ScoreBoard, want: number): Candidate[] {
  return board.top(want).map((i) => {
    const a = board.anchor[i]!;
    const anchor = a >= 0 ? model.items.key(a) : undefined;
    return {
      productId: model.items.key(i),
      score: board.score[i]!,
      reasons: [reason(REASON_CODES[board.code[i]!]!, anchor)],
    };
  });
}

export function reason(code: Reason['code'], productId?: string, extra?: string): Reason {
  const text = REASON_TEXT[code](productId ?? '', extra ?? '');
  return productId === undefined ? { code, text } : { code, productId, text };
}

const REASON_TEXT: Record<Reason['code'], (p: string, x: string) => string> = {
  similar_to: (p, x) => `similar to ${p}${x ? ` (${x})` : ''}`,
  bought_with: (p) => `often bought with ${p}`,
  session: (p) => `shoppers who viewed ${p} went on to this`,
  because_viewed: (p) => `because you viewed ${p}`,
  because_bought: (p) => `because you bought ${p}`,
  due_again: (_p, x) => `you may be due to buy this again${x ? ` (about every ${x} days)` : ''}`,
  recently_viewed: () => 'you viewed this recently',
  trending: (_p, x) => `trending${x ? ` ${x}` : ''}`,
  popular: (_p, x) => `popular${x ? ` ${x}` : ''}`,
};

const ids = (m: RecModel, products: readonly string[]): number[] => {
  const out: number[] = [];
  for (const p of products) {
    const i = m.items.id(p);
    if (i !== undefined) out.push(i);
  }
  return out;
};

function addNeighbours(
  board: ScoreBoard,
  lists: NeighbourLists,
  anchor: number,
  weight: number,
  code: Reason['code'],
): number {
  const { from, to } = neighboursOf(lists, anchor);
  const c = CODE_NUMBER[code];
  for (let j = from; j < to; j++) board.add(lists.nbr[j]!, weight * lists.score[j]!, anchor, c);
  return to - from;
}

/** Anchors for item-to-item strategies: the request context, else the latest session items. */
const anchorsOf = (m: RecModel, ctx: ShopperContext): number[] =>
  ids(m, ctx.context.length > 0 ? ctx.context : ctx.session.slice(-3));

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

/** Item-kNN over the shopper's history (co-view and co-purchase neighbours, recency-weighted). */
export const forYou: Strategy = (d, ctx, want) => {
  const { model } = d;
  const anchors = new Map<number, { w: number; kind: HistoryEntry['kind'] }>();
  for (let k = ctx.history.length - 1; k >= 0 && anchors.size < HISTORY_ANCHORS; k--) {
    const h = ctx.history[k]!;
    const i = model.items.id(h.productId);
    if (i === undefined || i >= model.itemCount) continue;
    const decay = 0.5 ** ((ctx.now - h.timestamp) / DAY_MS / HISTORY_HALF_LIFE_DAYS);
    const w = KIND_WEIGHT[h.kind === 'view' ? 0 : h.kind === 'cart' ? 1 : 2] * decay;
    const cur = anchors.get(i);
    if (!cur) anchors.set(i, { w, kind: h.kind });
    else cur.w += w;
  }
  const historyWeight = ctx.session.length > 0 ? 1 - ctx.blend : 1;
  const board = boardFor(model);
  for (const [a, { w, kind }] of anchors) {
    const code = kind === 'purchase' ? 'because_bought' : 'because_viewed';
    addNeighbours(board, model.coView, a, w * historyWeight, code);
    addNeighbours(board, model.coPurchase, a, w * historyWeight, code);
  }
  const out = normalise(topOfBoard(model, board, want * 2));
  if (ctx.session.length > 0 && ctx.blend > 0) {
    const live = normalise(sessionNext(d, { ...ctx, context: [] }, want * 2));
    return mergeBlend(out, live, ctx.blend, want);
  }
  return out.slice(0, want);
};

function normalise(list: Candidate[]): Candidate[] {
  const max = list[0]?.score ?? 1;
  return max > 0 ? list.map((c) => ({ ...c, score: c.score / max })) : list;
}

function mergeBlend(history: Candidate[], live: Candidate[], blend: number, want: number): Candidate[] {
  const merged = new Map<string, Candidate>();
  for (const c of history) merged.set(c.productId, { ...c, score: (1 - blend) * c.score });
  for (const c of live) {
    const cur = merged.get(c.productId);
    if (!cur) merged.set(c.productId, { ...c, score: blend * c.score });
    else {
      cur.score += blend * c.score;
      cur.reasons = [...cur.reasons, ...c.reasons];
    }
  }
  return [...merged.values()].sort((a, b) => b.score - a.score).slice(0, want);
}

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
