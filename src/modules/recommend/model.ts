import { type ContentDoc, ContentIndex } from './content.ts';
import { COPURCHASE_OPTIONS, COVIEW_OPTIONS, cooccurrence, type NeighbourLists } from './cooccurrence.ts';
import { DEFAULT_EASE, type EaseModel, type EaseOptions, trainEase } from './ease.ts';
import type { InteractionTable } from './interactions.ts';
import { type RepeatStats, repeatStats } from './repeat.ts';
import { SessionKnnIndex } from './session-knn.ts';
import { baskets, sessionize } from './sessions.ts';
import { getOrCreate, type Vocab } from './vocab.ts';

/** Weight of a view, an add-to-cart and a purchase in popularity and history scores. */
export const KIND_WEIGHT = [1, 3, 5] as const;

/** Everything trained from the log; immutable once built (retraining swaps a whole new model). */
export interface RecModel {
  items: Vocab;
  /** Items known to the trained arrays; ids ≥ itemCount appeared later (content-only). */
  itemCount: number;
  trainedAt: number;
  /** Time of the newest training event. */
  lastEventAt: number;
  popularity: Float64Array;
  /** Items by popularity, best first. */
  popularOrder: Int32Array;
  storePopular: Map<string, Int32Array>;
  /** Best-sellers per category path prefix ("garden", "garden>tools"), lower case. */
  categoryPopular: Map<string, Int32Array>;
  coView: NeighbourLists;
  coPurchase: NeighbourLists;
  sessions: SessionKnnIndex;
  repeat: RepeatStats;
  content: ContentIndex;
  /** EASE item-item weights over the most popular items (for-you when `forYouModel` is `ease`). */
  ease: EaseModel;
}

export interface TrainOptions {
  ease: EaseOptions;
}

export type TrainStep = (label: string, fraction: number) => void;

/** Builds every model from one interaction table (plus catalog documents for content similarity). */
export function trainModel(
  t: InteractionTable,
  docs: Iterable<ContentDoc> = [],
  now = Date.now(),
  step: TrainStep = () => {},
  options: TrainOptions = { ease: DEFAULT_EASE },
): RecModel {
  step('sorting', 0.05);
  const order = t.chronological();
  const itemCount = t.items.size;
  const content = new ContentIndex(t.items);
  const docList = [...docs];
  for (const d of docList) content.add(d);
  content.finish();
  step('popularity', 0.15);
  const { popularity, popularOrder, storePopular } = popularityOf(t, itemCount);
  const categoryPopular = categoryPopularity(t.items, itemCount, popularity, docList);
  step('sessions', 0.25);
  const sessionGroups = sessionize(t, order);
  const basketGroups = baskets(t, order);
  step('co-view', 0.4);
  const coView = cooccurrence(sessionGroups, itemCount, COVIEW_OPTIONS);
  step('co-purchase', 0.6);
  const coPurchase = cooccurrence(basketGroups, itemCount, COPURCHASE_OPTIONS);
  step('session index', 0.75);
  const sessions = new SessionKnnIndex(sessionGroups, itemCount);
  step('repeat purchases', 0.9);
  const repeat = repeatStats(t, order, itemCount);
  step('ease', 0.95);
  const ease = trainEase(t, order, popularOrder, itemCount, options.ease);
  const times = t.time.view();
  let lastEventAt = 0;
  for (let i = 0; i < times.length; i++) if (times[i]! > lastEventAt) lastEventAt = times[i]!;
  step('done', 1);
  return {
    items: t.items,
    itemCount,
    trainedAt: now,
    lastEventAt,
    popularity,
    popularOrder,
    storePopular,
    categoryPopular,
    coView,
    coPurchase,
    sessions,
    repeat,
    content,
    ease,
  };
}

const STORE_TOP = 1000;

export const categoryKey = (path: readonly string[]): string =>
  path.map((c) => c.trim().toLowerCase()).join('>');

/** Top sellers of every category path prefix, so "popular in Garden" never scans the whole catalog. */
export function categoryPopularity(
  items: Vocab,
  itemCount: number,
  popularity: Float64Array,
  docs: Iterable<ContentDoc>,
): Map<string, Int32Array> {
  const lists = new Map<string, number[]>();
  for (const d of docs) {
    const i = items.id(d.id);
    if (i === undefined || i >= itemCount || !(popularity[i]! > 0)) continue;
    for (let depth = 1; depth <= d.category.length; depth++)
      getOrCreate(lists, categoryKey(d.category.slice(0, depth)), (): number[] => []).push(i);
  }
  const out = new Map<string, Int32Array>();
  for (const [key, list] of lists) {
    list.sort((a, b) => popularity[b]! - popularity[a]! || a - b);
    out.set(key, Int32Array.from(list.slice(0, STORE_TOP)));
  }
  return out;
}

function popularityOf(t: InteractionTable, itemCount: number) {
  const popularity = new Float64Array(itemCount);
  const byStore = new Map<number, Map<number, number>>();
  for (let r = 0; r < t.length; r++) {
    const w = KIND_WEIGHT[t.kind.get(r) as 0 | 1 | 2];
    const item = t.item.get(r);
    popularity[item]! += w;
    const store = t.store.get(r);
    if (store >= 0) {
      const m = getOrCreate(byStore, store, () => new Map<number, number>());
      m.set(item, (m.get(item) ?? 0) + w);
    }
  }
  const popularOrder = Int32Array.from({ length: itemCount }, (_, i) => i)
    .filter((i) => popularity[i]! > 0)
    .sort((a, b) => popularity[b]! - popularity[a]! || a - b);
  const storePopular = new Map<string, Int32Array>();
  for (const [store, m] of byStore) {
    const top = [...m].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, STORE_TOP);
    storePopular.set(
      t.stores.key(store),
      Int32Array.from(top, ([i]) => i),
    );
  }
  return { popularity, popularOrder, storePopular };
}
