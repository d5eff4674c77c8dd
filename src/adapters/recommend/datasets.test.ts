import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDiginetica, readOnlineRetail, readSegment } from './datasets.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'panier-datasets-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('evaluation dataset readers', () => {
  it('reads Online Retail invoices as baskets, skipping returns and fees', async () => {
    const path = join(dir, 'or.csv');
    await writeFile(
      path,
      [
        'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
        '536365,85123A,"HEART, WHITE",6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
        '536365,POST,POSTAGE,1,2010-12-01 08:26:00,18,17850.0,United Kingdom',
        'C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom',
        '536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,,France',
      ].join('\n'),
    );
    const d = await readOnlineRetail(path);
    expect(d.interactions.map((x) => [x.actor, x.productId, x.orderId])).toEqual([
      ['c17850', '85123A', '536365'],
      ['guest-536366', '22633', '536366'],
    ]);
    expect(d.docs.find((x) => x.id === '85123A')?.title).toBe('HEART, WHITE');
  });

  it('reads Diginetica views with session time offsets', async () => {
    const path = join(dir, 'dg.csv');
    await writeFile(
      path,
      'session_id;user_id;item_id;timeframe;eventdate\n1;NA;81766;526309;2016-05-09\n1;NA;31331;1031018;2016-05-09\n',
    );
    const d = await readDiginetica(path);
    expect(d.interactions[1]!.timestamp - d.interactions[0]!.timestamp).toBe(1031018 - 526309);
    expect(d.interactions[0]!.sessionId).toBe('1');
  });

  it('reads Segment NDJSON (Product Viewed, Order Completed with products)', async () => {
    const path = join(dir, 'seg.ndjson');
    const lines = [
      {
        type: 'track',
        event: 'Product Viewed',
        anonymousId: 'a1',
        timestamp: '2026-01-01T10:00:00Z',
        properties: { product_id: 'p1', name: 'Mug', category: 'Kitchen > Cups' },
      },
      {
        type: 'track',
        event: 'Order Completed',
        userId: 'u1',
        timestamp: '2026-01-01T10:05:00Z',
        properties: { order_id: 'o1', products: [{ product_id: 'p1' }, { product_id: 'p2', name: 'Plate' }] },
      },
      { type: 'identify', userId: 'u1', timestamp: '2026-01-01T10:06:00Z' },
    ];
    await writeFile(path, lines.map((l) => JSON.stringify(l)).join('\n'));
    const d = await readSegment(path);
    expect(d.interactions.map((x) => [x.actor, x.productId, x.kind, x.orderId])).toEqual([
      ['a1', 'p1', 'view', null],
      ['u1', 'p1', 'purchase', 'o1'],
      ['u1', 'p2', 'purchase', 'o1'],
    ]);
    expect(d.docs.find((x) => x.id === 'p1')?.category).toEqual(['Kitchen', 'Cups']);
  });
});
