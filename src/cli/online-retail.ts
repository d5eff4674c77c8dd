import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { splitCsvLine as splitCsv } from '../adapters/files/csv-line.ts';
import type { LoggedEvent } from '../kernel/index.ts';

/** One UCI Online Retail invoice of an identified customer. */
export interface Invoice {
  id: string;
  customer: string;
  at: number;
  lines: Array<{ product_id: string; price: number; quantity: number }>;
}

/** Completed purchases of identified customers (no cancellations, returns or non-positive prices). */
export function readInvoices(path: string): Invoice[] {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const byId = new Map<string, Invoice>();
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const [invoice, stock, , qty, date, price, customer] = splitCsv(line);
    const quantity = Number(qty);
    const unit = Number(price);
    if (!customer || invoice!.startsWith('C') || !(quantity > 0) || !(unit > 0)) continue;
    let inv = byId.get(invoice!);
    if (!inv) {
      inv = {
        id: invoice!,
        customer: String(Math.round(Number(customer))),
        at: Date.parse(`${date!.replace(' ', 'T')}Z`),
        lines: [],
      };
      byId.set(invoice!, inv);
    }
    inv.lines.push({ product_id: stock!, price: unit, quantity });
  }
  return [...byId.values()].sort((a, b) => a.at - b.at);
}

export function toEvent(inv: Invoice, seq: number): LoggedEvent {
  return {
    seq,
    messageId: `inv-${inv.id}`,
    kind: 'track',
    type: 'order_completed',
    name: 'Order Completed',
    userId: inv.customer,
    anonymousId: null,
    timestamp: inv.at,
    receivedAt: inv.at,
    storeId: null,
    source: 'online-retail',
    payload: {
      properties: {
        order_id: inv.id,
        revenue: inv.lines.reduce((s, l) => s + l.price * l.quantity, 0),
        products: inv.lines,
      },
    },
  };
}
