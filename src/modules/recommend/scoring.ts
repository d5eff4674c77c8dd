import { type NeighbourLists, neighboursOf } from './cooccurrence.ts';
import type { RecModel } from './model.ts';
import { REASON_CODES, type Reason, type TrendingWindow } from './schemas.ts';
import type { SessionKnnParams } from './session-knn.ts';
import { ScoreBoard } from './topk.ts';

/** What strategies share: request context, candidates, explanations and the reusable score board. */
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
  /** Item model of `for-you`: item-kNN neighbour lists or EASE weights (see docs/recommendations.md). */
  forYou?: ForYouModel;
}

export const FOR_YOU_MODELS = ['knn', 'ease', 'hybrid'] as const;
export type ForYouModel = (typeof FOR_YOU_MODELS)[number];

export type Strategy = (d: StrategyDeps, ctx: ShopperContext, want: number) => Candidate[];

export const CODE_NUMBER = Object.fromEntries(REASON_CODES.map((c, i) => [c, i])) as Record<
  Reason['code'],
  number
>;
const boards = new WeakMap<RecModel, ScoreBoard>();

/** The model's reusable score vector (one request at a time: strategies run synchronously). */
export function boardFor(model: RecModel): ScoreBoard {
  let b = boards.get(model);
  if (!b || b.size < model.items.size) {
    b = new ScoreBoard(model.items.size);
    boards.set(model, b);
  }
  return b.reset();
}

/** The best `want` items of a board, explained by the anchor that contributed most to each. */
export function topOfBoard(model: RecModel, board: ScoreBoard, want: number): Candidate[] {
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

export const ids = (m: RecModel, products: readonly string[]): number[] => {
  const out: number[] = [];
  for (const p of products) {
    const i = m.items.id(p);
    if (i !== undefined) out.push(i);
  }
  return out;
};

export function addNeighbours(
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
export const anchorsOf = (m: RecModel, ctx: ShopperContext): number[] =>
  ids(m, ctx.context.length > 0 ? ctx.context : ctx.session.slice(-3));

export function normalise(list: Candidate[]): Candidate[] {
  const max = list[0]?.score ?? 1;
  return max > 0 ? list.map((c) => ({ ...c, score: c.score / max })) : list;
}

export function mergeBlend(
  history: Candidate[],
  live: Candidate[],
  blend: number,
  want: number,
): Candidate[] {
  const merged = new Map<string, Candidate>();
  for (const c of history) merged.set(c.productId, { ...c, score: (1 - blend) * c.score });
  for (const c of live) {
    const cur = merged.get(c.productId);
    if (!cur) merged.set(c.productId, { ...c, score: blend * c.score });
    else {
      cur.score += blend * c.score;
      const texts = new Set(cur.reasons.map((r) => r.text));
      cur.reasons = [...cur.reasons, ...c.reasons.filter((r) => !texts.has(r.text))];
    }
  }
  return [...merged.values()].sort((a, b) => b.score - a.score).slice(0, want);
}
