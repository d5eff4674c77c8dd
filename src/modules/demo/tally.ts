import type { SegmentMessage } from './segment.ts';

/** Counts kept while events are emitted, for the summary. */
export interface EventTally {
  total: number;
  byType: Map<string, number>;
  onlineOrders: number;
  storeOrders: number;
  revenue: number;
  first: number;
  last: number;
}

export function emptyTally(): EventTally {
  return {
    total: 0,
    byType: new Map(),
    onlineOrders: 0,
    storeOrders: 0,
    revenue: 0,
    first: Number.NaN,
    last: Number.NaN,
  };
}

export function tallyEvent(tally: EventTally, msg: SegmentMessage, time: number): void {
  const key = msg.event ?? msg.type;
  tally.byType.set(key, (tally.byType.get(key) ?? 0) + 1);
  tally.total++;
  if (Number.isNaN(tally.first)) tally.first = time;
  tally.last = time;
  if (msg.event === 'Order Completed') {
    if (msg.context.channel === 'pos') tally.storeOrders++;
    else tally.onlineOrders++;
    tally.revenue += msg.properties!.revenue as number;
  }
}
