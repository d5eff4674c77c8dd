import type { CallKind, CanonicalType, EventFilter, LoggedEvent, PanierEvent } from '../../kernel/index.ts';

/** The `events` table as both dialects store it. */
export type EventRow = {
  seq: number;
  message_id: string;
  kind: string;
  type: string;
  name: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  ts: number;
  received_at: number;
  store_id: string | null;
  source: string;
  payload: string;
};

export type EventTables = {
  events: EventRow;
};

export const EVENT_COLUMNS = [
  'message_id',
  'kind',
  'type',
  'name',
  'user_id',
  'anonymous_id',
  'ts',
  'received_at',
  'store_id',
  'source',
  'payload',
] as const;

export function eventValues(e: PanierEvent): unknown[] {
  return [
    e.messageId,
    e.kind,
    e.type,
    e.name,
    e.userId,
    e.anonymousId,
    e.timestamp,
    e.receivedAt,
    e.storeId,
    e.source,
    e.payloadJson ?? JSON.stringify(e.payload),
  ];
}

export function rowToEvent(r: EventRow): LoggedEvent {
  return {
    seq: Number(r.seq),
    messageId: r.message_id,
    kind: r.kind as CallKind,
    type: r.type as CanonicalType,
    name: r.name,
    userId: r.user_id,
    anonymousId: r.anonymous_id,
    timestamp: Number(r.ts),
    receivedAt: Number(r.received_at),
    storeId: r.store_id,
    source: r.source,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: generic over Kysely's select builder for the events table
export function applyEventFilter<Q extends { where: (...a: any[]) => Q }>(q: Q, f: EventFilter): Q {
  let out = q;
  if (f.types && f.types.length > 0) out = out.where('type', 'in', f.types);
  if (f.userId !== undefined) out = out.where('user_id', '=', f.userId);
  if (f.anonymousId !== undefined) out = out.where('anonymous_id', '=', f.anonymousId);
  if (f.from !== undefined) out = out.where('ts', '>=', f.from);
  if (f.to !== undefined) out = out.where('ts', '<', f.to);
  return out;
}
