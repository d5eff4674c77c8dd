import { eventProperties, type LoggedEvent } from '../../kernel/index.ts';
import type { DemandSeries } from './types.ts';

const DAY_MS = 86_400_000;

export const DEMAND_FREQS = ['day', 'week'] as const;
export type DemandFreq = (typeof DEMAND_FREQS)[number];

/** Where online orders without a fulfilling location are counted. */
export const UNASSIGNED_LOCATION = 'online';

export interface DemandOptions {
  freq: DemandFreq;
  /** True when the location has zero on hand now: the trailing zero-sales run of a selling series is censored. */
  outOfStock?: (product: string, location: string) => boolean;
  /** Last history day (UTC day number, ms / 86 400 000); default the day of the last order seen. */
  lastDay?: number;
}

export interface DemandHistory {
  freq: DemandFreq;
  /** ISO date of the first day of each period, oldest first. */
  dates: string[];
  keys: { product: string; location: string }[];
  series: DemandSeries[];
  /** UTC day number of the last history day; forecasts start the day after. */
  lastDay: number;
}

interface OrderMemo {
  day: number;
  location: string;
  lines: [product: string, quantity: number][];
}

/**
 * Unit sales per product × location per UTC day, fed page by page from the event log.
 * `order_completed` adds its lines at the fulfilling location (`storeId`: POS store, pickup store or
 * shipping warehouse); `order_refunded` subtracts the refunded lines (all the order's lines when it
 * names none) on the original order's day, so a returned sale does not count as demand.
 */
export class DemandTally {
  private readonly units = new Map<string, Map<number, number>>();
  private readonly orders = new Map<string, OrderMemo>();
  private firstDay = Number.POSITIVE_INFINITY;
  private lastDay = Number.NEGATIVE_INFINITY;
  ordersSeen = 0;
  refundsSeen = 0;

  add(events: readonly LoggedEvent[]): void {
    for (const e of events) {
      if (e.type === 'order_completed') this.order(e);
      else if (e.type === 'order_refunded') this.refund(e);
    }
  }

  private order(e: LoggedEvent): void {
    const props = eventProperties(e);
    const day = Math.floor(e.timestamp / DAY_MS);
    const location = e.storeId ?? UNASSIGNED_LOCATION;
    const lines = productLines(props.products);
    if (lines.length === 0) return;
    this.ordersSeen++;
    this.firstDay = Math.min(this.firstDay, day);
    this.lastDay = Math.max(this.lastDay, day);
    for (const [product, q] of lines) this.bump(product, location, day, q);
    if (typeof props.order_id === 'string') this.orders.set(props.order_id, { day, location, lines });
  }

  private refund(e: LoggedEvent): void {
    const props = eventProperties(e);
    const memo = typeof props.order_id === 'string' ? this.orders.get(props.order_id) : undefined;
    const named = productLines(props.products);
    const lines = named.length > 0 ? named : (memo?.lines ?? []);
    if (lines.length === 0) return;
    this.refundsSeen++;
    const day = memo?.day ?? Math.floor(e.timestamp / DAY_MS);
    const location = memo?.location ?? e.storeId ?? UNASSIGNED_LOCATION;
    for (const [product, q] of lines) this.bump(product, location, day, -q);
  }

  private bump(product: string, location: string, day: number, q: number): void {
    const key = `${product}\u0000${location}`;
    let days = this.units.get(key);
    if (!days) {
      days = new Map();
      this.units.set(key, days);
    }
    days.set(day, (days.get(day) ?? 0) + q);
  }

  /** Dense series over [first order day, lastDay], bucketed by day or by week ending on lastDay. */
  history(opts: DemandOptions): DemandHistory {
    const last = opts.lastDay ?? this.lastDay;
    const step = opts.freq === 'week' ? 7 : 1;
    const span = Number.isFinite(this.firstDay) ? last - this.firstDay + 1 : 0;
    const periods = Math.max(0, Math.ceil(span / step));
    const first = last - periods * step + 1;
    const dates = Array.from({ length: periods }, (_, p) => isoDay(first + p * step));
    const keys: DemandHistory['keys'] = [];
    const series: DemandSeries[] = [];
    for (const [key, days] of [...this.units].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const [product, location] = key.split('\u0000') as [string, string];
      const y = new Float64Array(periods);
      for (const [day, q] of days) {
        const p = Math.floor((day - first) / step);
        if (p >= 0 && p < periods) y[p] += q;
      }
      // Refunds of orders older than the history or larger than that day's sales never make demand negative.
      for (let p = 0; p < periods; p++) if (y[p] < 0) y[p] = 0;
      if (!y.some((v) => v > 0)) continue;
      const s: DemandSeries = { id: `${location}/${product}`, y };
      if (opts.outOfStock?.(product, location)) {
        const stockout = trailingStockout(y);
        if (stockout) s.stockout = stockout;
      }
      keys.push({ product, location });
      series.push(s);
    }
    return { freq: opts.freq, dates, keys, series, lastDay: last };
  }
}

/**
 * The stockout rule for a series whose location has zero on hand at run time: the trailing run of
 * zero-sales periods is censored (flagged) when the series sold something before it. A series that
 * never sold, or still sells in its last period, is left alone.
 */
export function trailingStockout(y: ArrayLike<number>): Uint8Array | undefined {
  let start = y.length;
  while (start > 0 && y[start - 1] === 0) start--;
  if (start === y.length || start === 0) return undefined;
  const flags = new Uint8Array(y.length);
  flags.fill(1, start);
  return flags;
}

/** Product lines of a Segment order: positive quantities (1 when absent) with a string product id. */
function productLines(products: unknown): [string, number][] {
  if (!Array.isArray(products)) return [];
  const out: [string, number][] = [];
  for (const p of products) {
    if (p === null || typeof p !== 'object') continue;
    const { product_id: id, quantity } = p as { product_id?: unknown; quantity?: unknown };
    const product = typeof id === 'string' ? id : typeof id === 'number' ? String(id) : null;
    const q = quantity === undefined ? 1 : Number(quantity);
    if (product && Number.isFinite(q) && q > 0) out.push([product, q]);
  }
  return out;
}

export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** Convenience over a whole event list (tests, small imports). */
export function demandFromEvents(events: readonly LoggedEvent[], opts: DemandOptions): DemandHistory {
  const tally = new DemandTally();
  tally.add(events);
  return tally.history(opts);
}
