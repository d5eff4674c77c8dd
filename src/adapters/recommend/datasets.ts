import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { type CanonicalType, PanierError, type PanierEvent } from '../../kernel/index.ts';
import { type ContentDoc, type Interaction, interactionsOf } from '../../modules/recommend/index.ts';
import { splitCsvLine as splitCsv } from '../files/csv-line.ts';

export { splitCsv };

export const DATASET_FORMATS = ['online-retail', 'diginetica', 'segment'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export interface Dataset {
  interactions: Interaction[];
  docs: ContentDoc[];
}

async function* lines(path: string): AsyncGenerator<string> {
  const raw = createReadStream(path);
  const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) if (line.length > 0) yield line;
}

/** Stock codes that are fees or adjustments, not products. */
const NON_PRODUCTS = new Set([
  'POST',
  'DOT',
  'M',
  'D',
  'C2',
  'S',
  'B',
  'BANK CHARGES',
  'AMAZONFEE',
  'CRUK',
  'PADS',
  'gift_0001_10',
]);

/** UCI Online Retail: invoices are baskets (and sessions), customers are users; returns are skipped. */
export async function readOnlineRetail(path: string): Promise<Dataset> {
  const interactions: Interaction[] = [];
  const titles = new Map<string, string>();
  let header = true;
  for await (const line of lines(path)) {
    if (header) {
      header = false;
      continue;
    }
    const [
      invoice = '',
      code = '',
      description = '',
      quantity = '0',
      date = '',
      ,
      customer = '',
      country = '',
    ] = splitCsv(line);
    if (invoice.startsWith('C') || Number(quantity) <= 0 || NON_PRODUCTS.has(code) || code === '') continue;
    const timestamp = Date.parse(`${date.replace(' ', 'T')}Z`);
    if (!Number.isFinite(timestamp)) continue;
    const actor = customer ? `c${customer.replace(/\.0$/, '')}` : `guest-${invoice}`;
    if (description && !titles.has(code)) titles.set(code, description);
    interactions.push({
      actor,
      productId: code,
      kind: 'purchase',
      timestamp,
      orderId: invoice,
      sessionId: invoice,
      storeId: country || null,
    });
  }
  const docs = [...titles].map(([id, title]) => ({ id, title, category: [] }));
  return { interactions, docs };
}

/** Diginetica train-item-views (`session_id;user_id;item_id;timeframe;eventdate`): item views in sessions. */
export async function readDiginetica(path: string): Promise<Dataset> {
  const interactions: Interaction[] = [];
  let header = true;
  for await (const line of lines(path)) {
    if (header) {
      header = false;
      continue;
    }
    const [session = '', user = '', item = '', timeframe = '0', date = ''] = line.split(';');
    const timestamp = Date.parse(`${date}T00:00:00Z`) + Number(timeframe);
    if (!Number.isFinite(timestamp) || !item) continue;
    interactions.push({
      actor: user && user !== 'NA' ? `u${user}` : `s${session}`,
      productId: item,
      kind: 'view',
      timestamp,
      orderId: null,
      sessionId: session,
      storeId: null,
    });
  }
  return { interactions, docs: [] };
}

const SEGMENT_TYPES: Record<string, CanonicalType> = {
  'product viewed': 'product_viewed',
  'product clicked': 'product_clicked',
  'product added': 'product_added',
  'order completed': 'order_completed',
  'completed order': 'order_completed',
  'viewed product': 'product_viewed',
  'added product': 'product_added',
};

/** NDJSON of Segment track calls (Product Viewed, Product Added, Order Completed with `products`). */
export async function readSegment(path: string): Promise<Dataset> {
  const interactions: Interaction[] = [];
  const docs = new Map<string, ContentDoc>();
  let n = 0;
  for await (const line of lines(path)) {
    n++;
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new PanierError('invalid_row', `line ${n} is not JSON`);
    }
    const type = SEGMENT_TYPES[String(msg.event ?? '').toLowerCase()];
    const timestamp = Date.parse(String(msg.timestamp ?? msg.sentAt ?? ''));
    if (!type || !Number.isFinite(timestamp)) continue;
    const event: PanierEvent = {
      messageId: String(msg.messageId ?? `line-${n}`),
      kind: 'track',
      type,
      name: String(msg.event),
      userId: typeof msg.userId === 'string' ? msg.userId : null,
      anonymousId: typeof msg.anonymousId === 'string' ? msg.anonymousId : null,
      timestamp,
      receivedAt: timestamp,
      storeId: null,
      source: 'file',
      payload: msg,
    };
    for (const x of interactionsOf(event)) interactions.push(x);
    collectDocs(msg, docs);
  }
  return { interactions, docs: [...docs.values()] };
}

function collectDocs(msg: Record<string, unknown>, docs: Map<string, ContentDoc>): void {
  const props = (msg.properties ?? {}) as Record<string, unknown>;
  const lines = Array.isArray(props.products) ? props.products : [props];
  for (const l of lines) {
    if (l === null || typeof l !== 'object') continue;
    const r = l as Record<string, unknown>;
    const id = r.product_id ?? r.sku;
    if (
      (typeof id !== 'string' && typeof id !== 'number') ||
      docs.has(String(id)) ||
      typeof r.name !== 'string'
    )
      continue;
    const category = typeof r.category === 'string' ? r.category.split('>').map((s) => s.trim()) : [];
    docs.set(String(id), {
      id: String(id),
      title: r.name,
      brand: typeof r.brand === 'string' ? r.brand : undefined,
      category,
    });
  }
}

export function readDataset(format: DatasetFormat, path: string): Promise<Dataset> {
  if (format === 'online-retail') return readOnlineRetail(path);
  if (format === 'diginetica') return readDiginetica(path);
  return readSegment(path);
}
