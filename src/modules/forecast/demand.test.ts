import { describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../kernel/index.ts';
import { dayOf, demandFromEvents, trailingStockout } from './demand.ts';

const DAY = 86_400_000;
const D0 = Date.UTC(2026, 0, 5); // a Monday
let seq = 0;

function order(
  day: number,
  storeId: string | null,
  lines: [string, number][],
  orderId = `o${seq + 1}`,
  type: 'order_completed' | 'order_refunded' = 'order_completed',
): LoggedEvent {
  seq++;
  const products = lines.map(([product_id, quantity]) => ({ product_id, quantity, price: 2.5 }));
  return {
    seq,
    messageId: `m${seq}`,
    kind: 'track',
    type,
    name: type === 'order_completed' ? 'Order Completed' : 'Order Refunded',
    userId: null,
    anonymousId: 'a',
    timestamp: D0 + day * DAY + 15 * 3_600_000,
    receivedAt: D0 + day * DAY,
    storeId,
    source: 'test',
    payload: {
      properties: { order_id: orderId, store_id: storeId, products: lines.length ? products : undefined },
    },
  };
}

const series = (h: ReturnType<typeof demandFromEvents>, product: string, location: string) =>
  Array.from(h.series[h.keys.findIndex((k) => k.product === product && k.location === location)]!.y);

describe('demand series from the event log', () => {
  it('sums units per product × fulfilling location per day, zeros on days without sales', () => {
    const events = [
      order(0, 'store-1', [
        ['p1', 2],
        ['p2', 1],
      ]),
      order(0, 'store-1', [['p1', 1]]),
      order(2, 'wh-1', [['p1', 4]]),
      order(3, 'store-1', [['p1', 1]]),
      { ...order(3, null, [['p2', 5]]), type: 'product_viewed' as const },
      order(3, null, [['p2', 3]]),
    ];
    const h = demandFromEvents(events, { freq: 'day' });
    expect(h.dates).toEqual(['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08']);
    expect(h.lastDay).toBe(dayOf(D0) + 3);
    expect(series(h, 'p1', 'store-1')).toEqual([3, 0, 0, 1]);
    expect(series(h, 'p1', 'wh-1')).toEqual([0, 0, 4, 0]);
    expect(series(h, 'p2', 'online')).toEqual([0, 0, 0, 3]);
    expect(h.keys).toHaveLength(4);
  });

  it('subtracts refunds on the original order day, whole orders when no lines are named', () => {
    const events = [
      order(
        0,
        'store-1',
        [
          ['p1', 3],
          ['p2', 2],
        ],
        'A',
      ),
      order(1, 'store-1', [['p1', 1]], 'B'),
      order(2, 'store-1', [['p1', 1]], 'A', 'order_refunded'),
      order(2, null, [], 'B', 'order_refunded'),
    ];
    const h = demandFromEvents(events, { freq: 'day' });
    expect(series(h, 'p1', 'store-1')).toEqual([2, 0]); // refunds do not extend the history
    expect(series(h, 'p2', 'store-1')).toEqual([2, 0]);
  });

  it('buckets weeks that end on the last day', () => {
    const events = [
      order(0, 's', [['p', 1]]),
      order(6, 's', [['p', 2]]),
      order(7, 's', [['p', 4]]),
      order(13, 's', [['p', 8]]),
    ];
    const h = demandFromEvents(events, { freq: 'week' });
    expect(h.dates).toEqual(['2026-01-05', '2026-01-12']);
    expect(series(h, 'p', 's')).toEqual([3, 12]);
  });

  it('flags the trailing zero run of a selling series that is out of stock now, and only that', () => {
    const events = [
      order(0, 's', [
        ['p', 2],
        ['q', 1],
        ['r', 1],
      ]),
      order(1, 's', [
        ['p', 2],
        ['r', 1],
      ]),
      order(4, 's', [
        ['q', 1],
        ['r', 1],
      ]),
    ];
    const h = demandFromEvents(events, { freq: 'day', outOfStock: (p) => p !== 'r' });
    const flags = (p: string) => h.series[h.keys.findIndex((k) => k.product === p)]!.stockout;
    expect(Array.from(flags('p')!)).toEqual([0, 0, 1, 1, 1]);
    expect(flags('q')).toBeUndefined(); // sold on the last day: not a stockout yet
    expect(flags('r')).toBeUndefined(); // in stock
  });

  it('trailingStockout leaves never-selling and still-selling series alone', () => {
    expect(trailingStockout([0, 0, 0])).toBeUndefined();
    expect(trailingStockout([1, 0, 2])).toBeUndefined();
    expect(Array.from(trailingStockout([0, 3, 0, 0])!)).toEqual([0, 0, 1, 1]);
  });
});
