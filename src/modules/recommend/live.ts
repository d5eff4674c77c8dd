import type { PanierEvent } from '../../kernel/index.ts';
import { type Interaction, interactionsOf } from './interactions.ts';
import { SESSION_GAP_MS } from './sessions.ts';
import type { HistoryEntry } from './strategies.ts';
import { TrendingCounters, WINDOW_MS } from './trending.ts';

const HISTORY_CAP = 200;
const SESSION_CAP = 50;
const PURCHASED_CAP = 2000;
const TRENDING_WEIGHT = { view: 1, cart: 3, purchase: 5 } as const;

/** A shopper's live state: recent activity, the current session, the cart and what they bought. */
export interface ProfileState {
  history: HistoryEntry[];
  session: string[];
  sessionLast: number;
  /** Time of the shopper's newest event (the LRU / idle-time key). */
  lastActive: number;
  cart: Set<string>;
  purchased: Set<string>;
}

const emptyState = (): ProfileState => ({
  history: [],
  session: [],
  sessionLast: 0,
  lastActive: 0,
  cart: new Set(),
  purchased: new Set(),
});

/** Bounds of the per-shopper live state (memory would otherwise grow with every shopper ever seen). */
export interface LiveLimits {
  /** Shoppers kept; the least recently active are dropped beyond it. */
  maxShoppers: number;
  /** A shopper idle longer than this (by event time) is dropped; 0 = no idle limit. */
  idleDays: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = { maxShoppers: 200_000, idleDays: 90 };
const DAY_MS = 86_400_000;
/** The longest trending window: what `trendingFrom` must stay behind the present by. */
export const TRENDING_HORIZON_MS = WINDOW_MS['7d'];

/**
 * Real-time projections fed by the event stream: per-profile state and trending counters. Keys are the
 * profile id the resolver gave at ingest time; reads merge the states of every id of one shopper.
 * `profiles` is kept in order of last activity (an event moves its shopper to the end), so the least
 * recently active shopper is always first and eviction is O(1) per event.
 */
export class LiveState {
  readonly profiles = new Map<string, ProfileState>();
  lastSeq = 0;
  /** The messageId of the event at `lastSeq` (a snapshot checks it against the log). */
  lastMessageId: string | null = null;
  /** Newest event time seen: the clock of the idle limit (a replayed old log is not "idle"). */
  newestEventAt = 0;
  evicted = 0;
  /**
   * Events older than this (ms) are not counted in the trending counters. Reads slide the windows to
   * their `now`, so an event older than the longest window before the clock's present could never be
   * counted by a read again: the service sets this to `now − 7 days` and a replay of 90 days skips
   * the counting (and the buckets) of the first 83. Default: count everything.
   */
  trendingFrom = -Infinity;

  constructor(
    readonly limits: LiveLimits = DEFAULT_LIVE_LIMITS,
    readonly trending = new TrendingCounters(),
  ) {}

  /**
   * `gather`, when given, sees each of the event's interactions first, with the actor as the event
   * named it (not yet resolved): a training table kept off the bus (see `RecommendService.gather`).
   */
  applyEvent(
    e: PanierEvent & { seq?: number },
    resolve: (id: string) => string,
    gather?: (x: Interaction) => void,
  ): void {
    if (e.seq !== undefined && e.seq > this.lastSeq) {
      this.lastSeq = e.seq;
      this.lastMessageId = e.messageId;
    }
    if (e.type === 'product_removed') {
      const who = e.userId ?? e.anonymousId;
      const p = (e.payload.properties ?? {}) as Record<string, unknown>;
      const id = p.product_id ?? p.sku;
      if (who && (typeof id === 'string' || typeof id === 'number'))
        this.profiles.get(resolve(who))?.cart.delete(String(id));
      return;
    }
    if (!gather) {
      for (const x of interactionsOf(e, resolve)) this.apply(x);
      return;
    }
    const xs = interactionsOf(e);
    if (xs.length === 0) return;
    const actor = resolve(xs[0]!.actor); // one actor per event, resolved once as interactionsOf does
    for (const x of xs) {
      gather(x);
      x.actor = actor;
      this.apply(x);
    }
  }

  apply(x: Interaction): void {
    const s = this.touch(x.actor, x.timestamp);
    s.history.push({ productId: x.productId, kind: x.kind, timestamp: x.timestamp });
    if (s.history.length > HISTORY_CAP * 2) s.history.splice(0, s.history.length - HISTORY_CAP);
    if (x.timestamp - s.sessionLast > SESSION_GAP_MS) s.session = [];
    if (x.timestamp >= s.sessionLast) s.sessionLast = x.timestamp;
    if (s.session[s.session.length - 1] !== x.productId) s.session.push(x.productId);
    if (s.session.length > SESSION_CAP) s.session.shift();
    if (x.kind === 'cart') s.cart.add(x.productId);
    if (x.kind === 'purchase') {
      s.cart.clear();
      s.purchased.add(x.productId);
      if (s.purchased.size > PURCHASED_CAP) s.purchased.delete(s.purchased.values().next().value!);
    }
    if (x.timestamp >= this.trendingFrom)
      this.trending.add(x.productId, x.storeId, x.timestamp, TRENDING_WEIGHT[x.kind]);
  }

  /** The shopper's state, moved to the most recently active end; evicts beyond the limits. */
  private touch(actor: string, at: number): ProfileState {
    let s = this.profiles.get(actor);
    if (s) this.profiles.delete(actor);
    else s = emptyState();
    this.profiles.set(actor, s);
    if (at > s.lastActive) s.lastActive = at;
    if (at > this.newestEventAt) this.newestEventAt = at;
    this.evict(actor);
    return s;
  }

  private evict(keep: string): void {
    const { maxShoppers, idleDays } = this.limits;
    const idleBefore = idleDays > 0 ? this.newestEventAt - idleDays * DAY_MS : -Infinity;
    for (const [id, s] of this.profiles) {
      if (id === keep || (this.profiles.size <= maxShoppers && s.lastActive >= idleBefore)) return;
      this.profiles.delete(id);
      this.evicted++;
    }
  }

  /** Drops the live state kept under any of these ids (erasure of a person); returns how many. */
  forget(ids: readonly string[]): number {
    let n = 0;
    for (const id of ids) if (this.profiles.delete(id)) n++;
    return n;
  }

  /** The merged state of a shopper known under several ids (anonymous before login, then the user). */
  stateOf(ids: readonly string[], now: number): ProfileState {
    const states = [...new Set(ids)].map((id) => this.profiles.get(id)).filter((s): s is ProfileState => !!s);
    if (states.length === 0) return emptyState();
    const first = states[0]!;
    const merged: ProfileState =
      states.length === 1
        ? { ...first }
        : {
            history: states.flatMap((s) => s.history).sort((a, b) => a.timestamp - b.timestamp),
            session: states.reduce((a, b) => (b.sessionLast > a.sessionLast ? b : a)).session,
            sessionLast: Math.max(...states.map((s) => s.sessionLast)),
            lastActive: Math.max(...states.map((s) => s.lastActive)),
            cart: new Set(states.flatMap((s) => [...s.cart])),
            purchased: new Set(states.flatMap((s) => [...s.purchased])),
          };
    if (now - merged.sessionLast > SESSION_GAP_MS) merged.session = [];
    return merged;
  }
}
