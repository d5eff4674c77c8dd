import { z } from 'zod';
import { type CanonicalType, hash53, PanierError, type PanierEvent } from '../../kernel/index.ts';

const MAX_EVENTS = 1000;

export const insightsEventSchema = z
  .object({
    eventType: z.enum(['click', 'conversion', 'view']),
    eventSubtype: z.enum(['addToCart', 'purchase']).optional(),
    eventName: z.string().min(1).max(64),
    index: z.string().min(1).max(200),
    userToken: z.string().min(1).max(129),
    authenticatedUserToken: z.string().min(1).max(129).optional(),
    objectIDs: z.array(z.string()).max(20).optional(),
    positions: z.array(z.number().int().min(1)).max(20).optional(),
    queryID: z.string().max(64).optional(),
    filters: z.array(z.string()).max(10).optional(),
    timestamp: z.number().int().positive().optional(),
    value: z.union([z.number(), z.string()]).optional(),
    currency: z.string().max(3).optional(),
    objectData: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
  })
  .passthrough();
export type InsightsEvent = z.infer<typeof insightsEventSchema>;

export const insightsBodySchema = z.object({ events: z.array(z.unknown()).min(1).max(MAX_EVENTS) });

/** Validates a search-insights body; an invalid event names its index in the message. */
export function parseInsights(body: unknown): InsightsEvent[] {
  const outer = insightsBodySchema.safeParse(body);
  if (!outer.success)
    throw new PanierError('invalid_event', `events: expected 1 to ${MAX_EVENTS} events`, 'events');
  return outer.data.events.map((e, i) => {
    const r = insightsEventSchema.safeParse(e);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new PanierError(
        'invalid_event',
        `events[${i}].${issue.path.join('.')}: ${issue.message}`,
        `events[${i}]`,
      );
    }
    return r.data;
  });
}

function typeOf(e: InsightsEvent): { type: CanonicalType; name: string } {
  if (e.eventType === 'click')
    return e.objectIDs?.length
      ? { type: 'product_clicked', name: 'Product Clicked' }
      : { type: 'custom', name: e.eventName };
  if (e.eventType === 'view') return { type: 'product_list_viewed', name: 'Product List Viewed' };
  if (e.eventSubtype === 'addToCart') return { type: 'product_added', name: 'Product Added' };
  if (e.eventSubtype === 'purchase') return { type: 'order_completed', name: 'Order Completed' };
  return { type: 'custom', name: e.eventName };
}

/** One panier event per clicked/added product, one per view/purchase; ids are stable so retries dedupe. */
export function insightsToEvents(events: InsightsEvent[], source: string, now: number): PanierEvent[] {
  const out: PanierEvent[] = [];
  for (const e of events) {
    const { type, name } = typeOf(e);
    const base = hash53(JSON.stringify(e)).toString(36);
    const common = {
      query_id: e.queryID,
      index: e.index,
      event_name: e.eventName,
      filters: e.filters,
      value: e.value,
      currency: e.currency,
    };
    const perProduct = type === 'product_clicked' || type === 'product_added';
    const parts = perProduct
      ? (e.objectIDs ?? []).map((id, i) => ({ ...common, product_id: id, position: e.positions?.[i] }))
      : [
          {
            ...common,
            products: (e.objectIDs ?? []).map((id, i) => ({ product_id: id, ...(e.objectData?.[i] ?? {}) })),
          },
        ];
    parts.forEach((properties, i) => {
      const userId = e.authenticatedUserToken ?? null;
      out.push({
        messageId: `algolia-${base}-${i}`,
        kind: 'track',
        type,
        name,
        userId,
        anonymousId: e.userToken,
        timestamp: e.timestamp ?? now,
        receivedAt: now,
        storeId: null,
        source,
        payload: {
          type: 'track',
          event: name,
          userId,
          anonymousId: e.userToken,
          properties,
          context: { library: { name: 'search-insights' } },
        },
      });
    });
  }
  return out;
}
