import type { z } from 'zod';
import { type CallKind, PanierError, type PanierEvent, uuidv7 } from '../../kernel/index.ts';
import { canonicalTrackType } from './ecommerce.ts';
import { type SegmentMessage, segmentMessageSchema } from './message.ts';

export interface NormalizeContext {
  /** Kind implied by the path (`/v1/track`), or null for batch items that carry `type`. */
  kind: CallKind | null;
  receivedAt: number;
  source: string;
  maxEventBytes: number;
  /** Where this message sits in the request, for error paths (e.g. `batch[3]`). */
  pathPrefix: string;
}

export function zodPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

function firstIssue(prefix: string, error: z.ZodError): PanierError {
  const issue = error.issues[0]!;
  const path = zodPath(prefix, issue.path);
  return new PanierError('invalid_event', `${path || 'event'}: ${issue.message}`, path || undefined);
}

function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) n += c > 0x7ff && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}

function requireFields(m: SegmentMessage, kind: CallKind, prefix: string): void {
  const at = (field: string) => zodPath(prefix, [field]);
  if (!m.userId && !m.anonymousId)
    throw new PanierError('invalid_event', 'every message needs a userId or an anonymousId', at('userId'));
  if (kind === 'track' && !m.event)
    throw new PanierError('invalid_event', 'a track call needs an event name', at('event'));
  if (kind === 'group' && !m.groupId)
    throw new PanierError('invalid_event', 'a group call needs a groupId', at('groupId'));
  if (kind === 'alias' && (!m.previousId || !m.userId))
    throw new PanierError('invalid_event', 'an alias call needs previousId and userId', at('previousId'));
}

/** ISO-8601 or epoch-ms instant to ms; an unreadable date is an error naming its field. */
function toMs(v: string | number | undefined, field: string, prefix: string): number | undefined {
  if (v === undefined) return undefined;
  const ms = typeof v === 'number' ? v : Date.parse(v);
  if (Number.isNaN(ms))
    throw new PanierError('invalid_event', `${field}: expected an ISO-8601 date`, zodPath(prefix, [field]));
  return ms;
}

/** Segment's clock-skew correction: timestamp = receivedAt − (sentAt − originalTimestamp). */
function eventTime(
  m: SegmentMessage,
  receivedAt: number,
  batchSentAt: number | undefined,
  prefix: string,
): number {
  const timestamp = toMs(m.timestamp, 'timestamp', prefix);
  if (timestamp !== undefined) return timestamp;
  const original = toMs(m.originalTimestamp, 'originalTimestamp', prefix);
  const sentAt = toMs(m.sentAt, 'sentAt', prefix) ?? batchSentAt;
  if (original !== undefined && sentAt !== undefined) return receivedAt - (sentAt - original);
  return original ?? receivedAt;
}

const idOf = (v: string | number | null | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

function storeIdOf(m: SegmentMessage): string | null {
  const v = m.properties?.store_id ?? m.properties?.storeId;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
}

/** Validates one raw message and turns it into the stored envelope (raw payload kept whole). */
export function normalizeMessage(raw: unknown, ctx: NormalizeContext, batchSentAt?: number): PanierEvent {
  const json = JSON.stringify(raw) ?? '';
  if (json.length > ctx.maxEventBytes / 4 && utf8Length(json) > ctx.maxEventBytes)
    throw new PanierError(
      'event_too_large',
      `event exceeds ${ctx.maxEventBytes} bytes`,
      ctx.pathPrefix || undefined,
    );
  const parsed = segmentMessageSchema.safeParse(raw);
  if (!parsed.success) throw firstIssue(ctx.pathPrefix, parsed.error);
  const m = parsed.data;
  const kind = ctx.kind ?? m.type;
  if (!kind)
    throw new PanierError('invalid_event', 'missing message type', zodPath(ctx.pathPrefix, ['type']));
  if (ctx.kind && m.type && m.type !== ctx.kind)
    throw new PanierError(
      'invalid_event',
      `type "${m.type}" does not match /v1/${ctx.kind}`,
      zodPath(ctx.pathPrefix, ['type']),
    );
  requireFields(m, kind, ctx.pathPrefix);
  const payload = raw as Record<string, unknown>;
  return {
    messageId: m.messageId ?? uuidv7(ctx.receivedAt),
    kind,
    type: kind === 'track' ? canonicalTrackType(m.event!) : kind,
    name: kind === 'track' ? m.event! : (m.name ?? null),
    userId: idOf(m.userId),
    anonymousId: idOf(m.anonymousId),
    timestamp: eventTime(m, ctx.receivedAt, batchSentAt, ctx.pathPrefix),
    receivedAt: ctx.receivedAt,
    storeId: storeIdOf(m),
    source: ctx.source,
    payload: m.type ? payload : { ...payload, type: kind },
    payloadJson: m.type ? json : undefined,
  };
}
