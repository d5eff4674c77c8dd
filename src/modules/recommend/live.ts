import type { PanierEvent } from '../../kernel/index.ts';
import { type Interaction, interactionsOf } from './interactions.ts';
import { SESSION_GAP_MS } from './sessions.ts';
import type { HistoryEntry } from './strategies.ts';
import { TrendingCounters } from './trending.ts';
import { getOrCreate } from './vocab.ts';

const HISTORY_CAP = 200;
const SESSION_CAP = 50;
const PURCHASED_CAP = 2000;
const TRENDING_WEIGHT = { view: 1, cart: 3, purchase: 5 } as const;

/** A shopper's live state: recent activity, the current session, the cart and what they bought. */
export interface ProfileState {
  history: HistoryEntry[];
  session: string[];
  sessionLast: number;
  cart: Set<string>;
  purchased: Set<string>;
}

const emptyState = (): ProfileState => ({
  history: [],
  session: [],
  sessionLast: 0,
  cart: new Set(),
  purchased: new Set(),
});

/**
 * Real-time projections fed by the event stream: per-profile state and trending counters. Keys are the
 * profile id the resolver gave at ingest time; reads merge the states of every id of one shopper.
 */
export class LiveState {
  readonly profiles = new Map<string, ProfileState>();
  readonly trending = new TrendingCounters();
  lastSeq = 0;

  applyEvent(e: PanierEvent & { seq?: number }, resolve: (id: string) => string): void {
    if (e.seq !== undefined && e.seq > this.lastSeq) this.lastSeq = e.seq;
    if (e.type === 'product_removed') {
      const who = e.userId ?? e.anonymousId;
      const p = (e.payload.properties ?? {}) as Record<string, unknown>;
      const id = p.product_id ?? p.sku;
      if (who && (typeof id === 'string' || typeof id === 'number'))
        this.profiles.get(resolve(who))?.cart.delete(String(id));
      return;
    }
    for (const x of interactionsOf(e, resolve)) this.apply(x);
  }

  apply(x: Interaction): void {
    const s = getOrCreate(this.profiles, x.actor, emptyState);
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
    this.trending.add(x.productId, x.storeId, x.timestamp, TRENDING_WEIGHT[x.kind]);
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
            cart: new Set(states.flatMap((s) => [...s.cart])),
            purchased: new Set(states.flatMap((s) => [...s.purchased])),
          };
    if (now - merged.sessionLast > SESSION_GAP_MS) merged.session = [];
    return merged;
  }
}
