/**
 * What a profile update changed, as bits: an event reports the inputs it touched and a segment is
 * re-evaluated on that event only when its rule reads one of them. Time-driven changes (windows, scores
 * as time passes) are picked up by the periodic full recompute instead.
 */
export const INPUT = {
  /** firstSeen, lastSeen: every event. */
  seen: 1,
  traits: 2,
  consent: 4,
  /** Orders, revenue, purchase days, stores, channels, product histories, and so the scores. */
  orders: 8,
  views: 16,
  /** Average item price (views with a price, purchases). */
  price: 32,
  /** Decayed category and brand interest. */
  interest: 64,
  location: 128,
  viewed: 256,
  added: 512,
  bought: 1024,
  searched: 2048,
} as const;
export type InputName = keyof typeof INPUT;

/** Bits 16–30 are event-specific (`ActivityWatches`): an entry naming what one rule watches. */
export const WATCH_BIT_FIRST = 16;
export const WATCH_BIT_COUNT = 15;

/** Every input, the watch bits included: merges, recomputes from the log and unknown causes. */
export const ALL_INPUTS = 0x7fffffff;
