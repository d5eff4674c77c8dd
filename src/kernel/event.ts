/** The Segment call kinds panier accepts. */
export const CALL_KINDS = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

/**
 * Canonical event types. Segment E-commerce v2 names (and their v1 aliases) map to these; any other
 * track event is `custom` with its name kept.
 */
export const CANONICAL_TYPES = [
  'products_searched',
  'product_list_viewed',
  'product_list_filtered',
  'product_clicked',
  'product_viewed',
  'product_added',
  'product_removed',
  'cart_viewed',
  'checkout_started',
  'checkout_step_viewed',
  'checkout_step_completed',
  'payment_info_entered',
  'order_completed',
  'order_updated',
  'order_refunded',
  'order_cancelled',
  'promotion_viewed',
  'promotion_clicked',
  'coupon_entered',
  'coupon_applied',
  'coupon_denied',
  'coupon_removed',
  'product_added_to_wishlist',
  'product_removed_from_wishlist',
  'wishlist_product_added_to_cart',
  'product_shared',
  'cart_shared',
  'product_reviewed',
  'segment_entered',
  'segment_exited',
  'identify',
  'page',
  'screen',
  'group',
  'alias',
  'custom',
] as const;
export type CanonicalType = (typeof CANONICAL_TYPES)[number];

/** An event as panier stores it: canonical columns for filtering, the raw message kept whole. */
export interface PanierEvent {
  messageId: string;
  kind: CallKind;
  type: CanonicalType;
  /** Track event name, page/screen name; null otherwise. */
  name: string | null;
  userId: string | null;
  anonymousId: string | null;
  /** Event time, ms since epoch, skew-corrected. */
  timestamp: number;
  receivedAt: number;
  /** Location where an in-store purchase happened (POS), or null. */
  storeId: string | null;
  /** Name of the key (source) that sent it. */
  source: string;
  /** The raw Segment message as received (properties, traits, context, integrations …). */
  payload: Record<string, unknown>;
  /** `payload` already serialized, when the collector has it; spares a second JSON.stringify on the hot path. */
  payloadJson?: string;
  /**
   * The request body `payloadJson` was cut from, as valid UTF-8 bytes: the log copies the payload's
   * `payloadBytes` bytes from `payloadAt` instead of encoding the string again. Never kept past the
   * append.
   */
  payloadSource?: Uint8Array;
  payloadAt?: number;
  payloadBytes?: number;
}

/** An event once appended to the log: `seq` is its position, strictly increasing. */
export interface LoggedEvent extends PanierEvent {
  seq: number;
}

/** Reads a property bag of a stored event (properties for track/page/screen, traits for identify/group). */
export function eventProperties(e: PanierEvent): Record<string, unknown> {
  const p = e.kind === 'identify' || e.kind === 'group' ? e.payload.traits : e.payload.properties;
  return p !== null && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}
