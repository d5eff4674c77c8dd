import { eventProperties, type PanierEvent } from '../../kernel/index.ts';
import { GrowableFloat64, GrowableInt32, Vocab } from './vocab.ts';

/** What a shopper did to a product, as the models see it. */
export const INTERACTION_KINDS = ['view', 'cart', 'purchase'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];
export const KIND_CODE: Record<InteractionKind, number> = { view: 0, cart: 1, purchase: 2 };

export interface Interaction {
  /** Canonical profile id (or anonymous id until linked). */
  actor: string;
  productId: string;
  kind: InteractionKind;
  timestamp: number;
  /** Order id for purchases (basket), else null. */
  orderId: string | null;
  /** Explicit session id when the source has one (Diginetica); else sessions are cut at 30 min gaps. */
  sessionId: string | null;
  storeId: string | null;
}

const KIND_OF_TYPE: Partial<Record<string, InteractionKind>> = {
  product_viewed: 'view',
  product_clicked: 'view',
  product_added: 'cart',
  wishlist_product_added_to_cart: 'cart',
  order_completed: 'purchase',
};

const str = (v: unknown): string | null =>
  typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : null;

/** Product-level interactions carried by one event (an order yields one per line). */
export function interactionsOf(e: PanierEvent, resolve: (id: string) => string = (id) => id): Interaction[] {
  const kind = KIND_OF_TYPE[e.type];
  const who = e.userId ?? e.anonymousId;
  if (!kind || !who) return [];
  const props = eventProperties(e);
  const actor = resolve(who);
  const { timestamp, storeId } = e;
  // Object literals of one shape (no spread of a shared base): this runs for every event of a replay.
  if (kind === 'purchase') {
    const orderId = str(props.order_id) ?? str(props.orderId) ?? e.messageId;
    const lines = Array.isArray(props.products) ? props.products : [];
    const out: Interaction[] = [];
    for (const line of lines) {
      if (line === null || typeof line !== 'object') continue;
      const rec = line as Record<string, unknown>;
      const productId = str(rec.product_id) ?? str(rec.productId) ?? str(rec.sku) ?? str(rec.id);
      if (productId) out.push({ actor, productId, kind, timestamp, orderId, sessionId: null, storeId });
    }
    return out;
  }
  const productId = str(props.product_id) ?? str(props.productId) ?? str(props.sku) ?? str(props.id);
  return productId ? [{ actor, productId, kind, timestamp, orderId: null, sessionId: null, storeId }] : [];
}

/** Interactions in columns (typed arrays + vocabularies) so 10M events fit in a few hundred MB. */
/** The columns of a table, as sent to a training worker (typed arrays transfer without copying). */
export interface TableColumns {
  items: string[];
  stores: string[];
  item: Int32Array;
  actor: Int32Array;
  kind: Int32Array;
  time: Float64Array;
  group: Int32Array;
  explicitSession: Int32Array;
  store: Int32Array;
}

export class InteractionTable {
  items = new Vocab();
  actors = new Vocab();
  readonly groups = new Vocab();
  stores = new Vocab();
  item = new GrowableInt32();
  actor = new GrowableInt32();
  kind = new GrowableInt32();
  time = new GrowableFloat64();
  /** Order (purchases) or explicit session id; -1 when none. */
  group = new GrowableInt32();
  explicitSession = new GrowableInt32();
  store = new GrowableInt32();

  columns(): TableColumns {
    return {
      items: this.items.keys,
      stores: this.stores.keys,
      item: this.item.view(),
      actor: this.actor.view(),
      kind: this.kind.view(),
      time: this.time.view(),
      group: this.group.view(),
      explicitSession: this.explicitSession.view(),
      store: this.store.view(),
    };
  }

  /** A table over received columns; actor and group names are not needed to train, only their ids. */
  static fromColumns(c: TableColumns): InteractionTable {
    const t = new InteractionTable();
    t.items = Vocab.from(c.items);
    t.stores = Vocab.from(c.stores);
    t.item = GrowableInt32.of(c.item);
    t.actor = GrowableInt32.of(c.actor);
    t.kind = GrowableInt32.of(c.kind);
    t.time = GrowableFloat64.of(c.time);
    t.group = GrowableInt32.of(c.group);
    t.explicitSession = GrowableInt32.of(c.explicitSession);
    t.store = GrowableInt32.of(c.store);
    return t;
  }

  get length(): number {
    return this.item.length;
  }

  add(x: Interaction): void {
    this.item.push(this.items.intern(x.productId));
    this.actor.push(this.actors.intern(x.actor));
    this.kind.push(KIND_CODE[x.kind]);
    this.time.push(x.timestamp);
    this.group.push(x.orderId === null ? -1 : this.groups.intern(`o:${x.orderId}`));
    this.explicitSession.push(x.sessionId === null ? -1 : this.groups.intern(`s:${x.sessionId}`));
    this.store.push(x.storeId === null ? -1 : this.stores.intern(x.storeId));
  }

  /**
   * Maps every actor through `resolve` in place (a table gathered with actors as events named them,
   * resolved once identities are known). Raw actors are interned in order of first appearance, so the
   * resolved ids come out in the order a table built with `resolve` from the start would give them.
   */
  resolveActors(resolve: (id: string) => string): void {
    const resolved = new Vocab();
    const map = new Int32Array(this.actors.size);
    for (let i = 0; i < map.length; i++) map[i] = resolved.intern(resolve(this.actors.key(i)));
    const col = this.actor.view();
    for (let r = 0; r < col.length; r++) col[r] = map[col[r]!]!;
    this.actors = resolved;
  }

  /** Row indices ordered by time (stable), then the order rows were added. */
  chronological(): Int32Array {
    const n = this.length;
    const order = new Int32Array(n);
    const t = this.time.view();
    let sorted = true;
    for (let i = 0; i < n; i++) {
      order[i] = i;
      if (i > 0 && t[i]! < t[i - 1]!) sorted = false;
    }
    if (sorted) return order;
    return Int32Array.from(Array.from(order).sort((a, b) => t[a]! - t[b]! || a - b));
  }
}
