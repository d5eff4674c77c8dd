import type { CanonicalType } from '../../kernel/index.ts';

/** Segment E-commerce v2 event names (and v1 aliases) → canonical types; matched case-insensitively. */
const NAMES: Record<CanonicalType, readonly string[]> = {
  products_searched: ['Products Searched', 'Searched Products'],
  product_list_viewed: ['Product List Viewed', 'Viewed Product Category', 'Product Category Viewed'],
  product_list_filtered: ['Product List Filtered', 'Filtered Product List'],
  product_clicked: ['Product Clicked', 'Clicked Product'],
  product_viewed: ['Product Viewed', 'Viewed Product'],
  product_added: ['Product Added', 'Added Product'],
  product_removed: ['Product Removed', 'Removed Product'],
  cart_viewed: ['Cart Viewed', 'Viewed Cart'],
  checkout_started: ['Checkout Started', 'Started Checkout'],
  checkout_step_viewed: ['Checkout Step Viewed', 'Viewed Checkout Step'],
  checkout_step_completed: ['Checkout Step Completed', 'Completed Checkout Step'],
  payment_info_entered: ['Payment Info Entered', 'Entered Payment Info'],
  order_completed: ['Order Completed', 'Completed Order'],
  order_updated: ['Order Updated', 'Updated Order'],
  order_refunded: ['Order Refunded', 'Refunded Order'],
  order_cancelled: ['Order Cancelled', 'Cancelled Order'],
  promotion_viewed: ['Promotion Viewed', 'Viewed Promotion'],
  promotion_clicked: ['Promotion Clicked', 'Clicked Promotion'],
  coupon_entered: ['Coupon Entered'],
  coupon_applied: ['Coupon Applied'],
  coupon_denied: ['Coupon Denied'],
  coupon_removed: ['Coupon Removed'],
  product_added_to_wishlist: ['Product Added to Wishlist'],
  product_removed_from_wishlist: ['Product Removed from Wishlist'],
  wishlist_product_added_to_cart: ['Wishlist Product Added to Cart'],
  product_shared: ['Product Shared'],
  cart_shared: ['Cart Shared'],
  product_reviewed: ['Product Reviewed'],
  segment_entered: ['Segment Entered'],
  segment_exited: ['Segment Exited'],
  identify: [],
  page: [],
  screen: [],
  group: [],
  alias: [],
  custom: [],
};

const BY_NAME = new Map<string, CanonicalType>();
/** The names as Segment spells them: the common case, without lowercasing every event's name. */
const BY_EXACT = new Map<string, CanonicalType>();
for (const [type, names] of Object.entries(NAMES) as [CanonicalType, readonly string[]][]) {
  for (const n of names) {
    BY_NAME.set(n.toLowerCase(), type);
    BY_EXACT.set(n, type);
  }
}

/** The canonical type of a track event name; unknown names are `custom`. */
export function canonicalTrackType(eventName: string): CanonicalType {
  const exact = BY_EXACT.get(eventName);
  if (exact) return exact;
  return BY_NAME.get(eventName.trim().toLowerCase()) ?? 'custom';
}
