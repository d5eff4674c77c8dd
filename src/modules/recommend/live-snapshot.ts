import { type LiveLimits, LiveState, type ProfileState } from './live.ts';
import type { HistoryEntry } from './scoring.ts';
import { TrendingCounters } from './trending.ts';

/**
 * The live state as one JSON text, so a restart replays only the log's tail after it. Shoppers are kept
 * in their activity order (the eviction order); the trending counters keep their buckets, and the
 * window totals are recounted from them. `lastMessageId` (the event at `seq`) lets a start check that
 * the snapshot belongs to this log.
 */
const FORMAT = 1;
const KINDS: readonly HistoryEntry['kind'][] = ['view', 'cart', 'purchase'];

type ShopperRow = [
  id: string,
  lastActive: number,
  sessionLast: number,
  session: string[],
  cart: string[],
  purchased: string[],
  historyProducts: string[],
  historyKinds: string,
  historyTimes: number[],
];

interface LiveSnapshot {
  format: number;
  seq: number;
  lastMessageId: string | null;
  newest: number;
  evicted: number;
  shoppers: ShopperRow[];
  trending: ReturnType<TrendingCounters['snapshot']>;
}

export function encodeLive(live: LiveState): string {
  const shoppers: ShopperRow[] = [];
  for (const [id, s] of live.profiles) {
    let kinds = '';
    for (const h of s.history) kinds += String(KINDS.indexOf(h.kind));
    shoppers.push([
      id,
      s.lastActive,
      s.sessionLast,
      s.session,
      [...s.cart],
      [...s.purchased],
      s.history.map((h) => h.productId),
      kinds,
      s.history.map((h) => h.timestamp),
    ]);
  }
  const snap: LiveSnapshot = {
    format: FORMAT,
    seq: live.lastSeq,
    lastMessageId: live.lastMessageId,
    newest: live.newestEventAt,
    evicted: live.evicted,
    shoppers,
    trending: live.trending.snapshot(),
  };
  return JSON.stringify(snap);
}

/** The snapshot's position in the log, read before the whole state is decoded. */
export interface LiveSnapshotHead {
  seq: number;
  lastMessageId: string | null;
}

/** Decodes a snapshot; null when it is not one this version wrote. */
export function decodeLive(
  text: string,
  limits: LiveLimits,
): { live: LiveState; head: LiveSnapshotHead } | null {
  const snap = JSON.parse(text) as LiveSnapshot;
  if (snap?.format !== FORMAT || !Array.isArray(snap.shoppers)) return null;
  const live = new LiveState(limits, TrendingCounters.restore(snap.trending));
  for (const [
    id,
    lastActive,
    sessionLast,
    session,
    cart,
    purchased,
    products,
    kinds,
    times,
  ] of snap.shoppers) {
    const history: HistoryEntry[] = new Array(products.length);
    for (let i = 0; i < products.length; i++)
      history[i] = { productId: products[i]!, kind: KINDS[kinds.charCodeAt(i) - 48]!, timestamp: times[i]! };
    const s: ProfileState = {
      history,
      session,
      sessionLast,
      lastActive,
      cart: new Set(cart),
      purchased: new Set(purchased),
    };
    live.profiles.set(id, s);
  }
  live.lastSeq = snap.seq;
  live.lastMessageId = snap.lastMessageId;
  live.evicted = snap.evicted;
  live.newestEventAt = snap.newest;
  return { live, head: { seq: snap.seq, lastMessageId: snap.lastMessageId } };
}
