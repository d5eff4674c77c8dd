import type { z } from 'zod';
import { CALL_KINDS, type CallKind, PanierError, type PanierEvent, uuidv7 } from '../../kernel/index.ts';
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
  /** The request body's UTF-8 bytes the messages' JSON texts were cut from, if known. */
  rawSource?: Uint8Array;
  /** Where each message's bytes are in `rawSource`: [start, end) byte offsets, two per message. */
  rawSpans?: Int32Array;
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
  // No closures here: this runs for every event, and each closure would be allocated (and named) per call.
  if (!m.userId && !m.anonymousId)
    throw new PanierError(
      'invalid_event',
      'every message needs a userId or an anonymousId',
      zodPath(prefix, ['userId']),
    );
  if (kind === 'track' && !m.event)
    throw new PanierError('invalid_event', 'a track call needs an event name', zodPath(prefix, ['event']));
  if (kind === 'group' && !m.groupId)
    throw new PanierError('invalid_event', 'a group call needs a groupId', zodPath(prefix, ['groupId']));
  if (kind === 'alias' && (!m.previousId || !m.userId))
    throw new PanierError(
      'invalid_event',
      'an alias call needs previousId and userId',
      zodPath(prefix, ['previousId']),
    );
}

/**
 * `Date.parse` for the form SDKs send (`2026-03-01T12:00:00.000Z`), read digit by digit; any other
 * form goes to `Date.parse` itself.
 */
export function parseIsoInstant(v: string): number {
  if (v.length !== 24 || v.charCodeAt(23) !== 0x5a || v.charCodeAt(10) !== 0x54) return Date.parse(v);
  if (
    v.charCodeAt(4) !== 0x2d ||
    v.charCodeAt(7) !== 0x2d ||
    v.charCodeAt(13) !== 0x3a ||
    v.charCodeAt(16) !== 0x3a ||
    v.charCodeAt(19) !== 0x2e
  )
    return Date.parse(v);
  const year = digits(v, 0, 4);
  const month = digits(v, 5, 2);
  const day = digits(v, 8, 2);
  const hour = digits(v, 11, 2);
  const minute = digits(v, 14, 2);
  const second = digits(v, 17, 2);
  const ms = digits(v, 20, 3);
  // Out of the plain range (a non-digit is -1; days 29–31 and leap years; years before 1000, which
  // Date.UTC would read as 19xx): left to Date.parse.
  if (
    year < 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 28 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    ms < 0
  )
    return Date.parse(v);
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The number written with `n` decimal digits at `from`, or -1 if one of them is not a digit. */
function digits(v: string, from: number, n: number): number {
  let out = 0;
  for (let i = from; i < from + n; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    out = out * 10 + c;
  }
  return out;
}

/** ISO-8601 or epoch-ms instant to ms; an unreadable date is an error naming its field. */
function toMs(v: string | number | undefined, field: string, prefix: string): number | undefined {
  if (v === undefined) return undefined;
  const ms = typeof v === 'number' ? v : parseIsoInstant(v);
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

const KINDS: ReadonlySet<unknown> = new Set(CALL_KINDS);
const isObj = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
const okId = (v: unknown) =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' ? v.length <= 512 : typeof v === 'number' && Number.isFinite(v));
const okInstant = (v: unknown) =>
  v === undefined || (typeof v === 'string' ? v.length <= 64 : typeof v === 'number' && Number.isFinite(v));
const okText = (v: unknown, min: number, max: number) =>
  v === undefined || (typeof v === 'string' && v.length >= min && v.length <= max);
const okName = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.length <= 512);
const okBag = (v: unknown) => v === undefined || v === null || isObj(v);

/**
 * The common case without zod: true only when `segmentMessageSchema` would accept the message as it is
 * (the schema stays the one definition, and decides, with its error message, whenever this says no).
 */
export function plainlyValid(raw: unknown): raw is SegmentMessage {
  if (!isObj(raw)) return false;
  const m = raw as Record<string, unknown>;
  return (
    (m.type === undefined || KINDS.has(m.type)) &&
    okText(m.messageId, 1, 256) &&
    okId(m.userId) &&
    okId(m.anonymousId) &&
    okInstant(m.timestamp) &&
    okInstant(m.originalTimestamp) &&
    okInstant(m.sentAt) &&
    okText(m.event, 1, 256) &&
    okName(m.name) &&
    okName(m.category) &&
    okBag(m.properties) &&
    okBag(m.traits) &&
    okBag(m.context) &&
    okBag(m.integrations) &&
    okId(m.groupId) &&
    okId(m.previousId) &&
    (m.writeKey === undefined || typeof m.writeKey === 'string')
  );
}

/** Size in UTF-8 bytes of a JSON text, computed only when it could exceed `max`. */
function exceeds(json: string, max: number): boolean {
  return json.length > max / 3 && utf8Length(json) > max;
}

/**
 * Validates one raw message and turns it into the stored envelope (raw payload kept whole). `rawJson`,
 * when given, is the message's own JSON text from the request: it is what the size limit measures and
 * what is stored, so the message is not serialized again; `rawIndex`, which of `ctx.rawSpans` locates
 * its bytes in `ctx.rawSource` (no object per message on the ingest path).
 */
export function normalizeMessage(
  raw: unknown,
  ctx: NormalizeContext,
  batchSentAt?: number,
  rawJson?: string,
  rawIndex?: number,
): PanierEvent {
  const json = rawJson ?? JSON.stringify(raw) ?? '';
  if (exceeds(json, ctx.maxEventBytes))
    throw new PanierError(
      'event_too_large',
      `event exceeds ${ctx.maxEventBytes} bytes`,
      ctx.pathPrefix || undefined,
    );
  let m: SegmentMessage;
  if (plainlyValid(raw)) m = raw;
  else {
    const parsed = segmentMessageSchema.safeParse(raw);
    if (!parsed.success) throw firstIssue(ctx.pathPrefix, parsed.error);
    m = parsed.data;
  }
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
  const spans = m.type && rawIndex !== undefined && ctx.rawSource ? ctx.rawSpans : undefined;
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
    // Copied from the request only when stored as sent (a type of its own); the same fields either way.
    payloadSource: spans ? ctx.rawSource : undefined,
    payloadAt: spans ? spans[2 * rawIndex!] : undefined,
    payloadBytes: spans ? spans[2 * rawIndex! + 1]! - spans[2 * rawIndex!]! : undefined,
  };
}
