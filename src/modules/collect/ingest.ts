import type { z } from 'zod';
import {
  type CallKind,
  type Clock,
  type EventBus,
  type EventLog,
  isPanierError,
  PanierError,
  type PanierEvent,
  systemClock,
} from '../../kernel/index.ts';
import { batchEnvelopeSchema, MAX_BATCH_ITEMS } from './message.ts';
import { type NormalizeContext, normalizeMessage, parseIsoInstant, zodPath } from './normalize.ts';
import { batchItemSpans, utf8Offsets } from './raw-json.ts';

export interface IngestLimits {
  maxEventBytes: number;
  /** Ingest calls in flight beyond which new ones are refused as overloaded (HTTP 429). */
  maxInFlight: number;
}

/** A request body's UTF-8 bytes and the [start, end) byte offsets of its batch items in them. */
interface RawBytes {
  source: Uint8Array;
  spans: Int32Array;
}

export interface EventError {
  index: number;
  code: string;
  message: string;
  path?: string;
}

export interface IngestResult {
  /** Events newly stored. */
  accepted: number;
  /** Events whose messageId was already stored: accepted, not stored again. */
  duplicates: number;
  errors: EventError[];
}

/**
 * The single entry of facts: validates Segment messages, appends them durably (the promise resolves after
 * commit), then publishes them to live projections. Used by HTTP, bulk import and the demo alike.
 */
export class Ingestor {
  private inFlight = 0;

  constructor(
    private readonly log: EventLog,
    private readonly bus: EventBus,
    private readonly limits: IngestLimits,
    private readonly clock: Clock = systemClock,
  ) {}

  /** One message from a single-call endpoint; invalid input throws. */
  async ingestOne(raw: unknown, kind: CallKind, source: string, text?: string): Promise<IngestResult> {
    const event = normalizeMessage(raw, this.context(kind, source, ''), undefined, text?.trim());
    return this.store([event], []);
  }

  /**
   * A `{batch:[…]}` body: valid events are stored even when others are rejected (reported by index).
   * `text`, the body's JSON as received, lets each event be stored (and its size measured) as sent;
   * `utf8Bytes`, the body's bytes when they are exactly the UTF-8 of `text`, lets the log copy each
   * event's bytes from it instead of encoding its text again.
   */
  async ingestBatch(
    body: unknown,
    source: string,
    text?: string,
    utf8Bytes?: Uint8Array,
  ): Promise<IngestResult> {
    const { batch, context, integrations, sentAt: sent } = plainEnvelope(body) ?? checkedEnvelope(body);
    const sentAt = parseInstant(sent);
    // Items merged with a batch-level context or integrations are no longer what was sent: serialized anew.
    let raws: string[] | undefined;
    let at: RawBytes | undefined;
    if (text !== undefined && !context && !integrations) {
      const spans = batchItemSpans(text);
      if (spans && spans.length === batch.length * 2) {
        raws = new Array(batch.length);
        for (let i = 0; i < batch.length; i++) raws[i] = text.slice(spans[2 * i]!, spans[2 * i + 1]!);
        // ASCII: character offsets are byte offsets; otherwise they are mapped to UTF-8 offsets.
        if (utf8Bytes)
          at = {
            source: utf8Bytes,
            spans: utf8Bytes.length === text.length ? spans : utf8Offsets(text, spans),
          };
      }
    }
    return this.ingestMessages(batch, source, { context, integrations, sentAt }, 'batch', raws, at);
  }

  /**
   * Many messages (batch items, imported rows); `raws` are their JSON texts when known, and `at` where
   * those texts start in the ASCII body they were cut from.
   */
  async ingestMessages(
    messages: readonly unknown[],
    source: string,
    shared: { context?: unknown; integrations?: unknown; sentAt?: number } = {},
    pathName = 'batch',
    raws?: readonly string[],
    at?: RawBytes,
  ): Promise<IngestResult> {
    const events: PanierEvent[] = [];
    const errors: EventError[] = [];
    const ctx: NormalizeContext = {
      ...this.context(null, source, ''),
      receivedAt: this.clock.now(),
      rawSource: at?.source,
      rawSpans: at?.spans,
    };
    const merge = Boolean(shared.context || shared.integrations);
    for (let i = 0; i < messages.length; i++) {
      ctx.pathPrefix = `${pathName}[${i}]`;
      try {
        const item = merge ? withShared(messages[i], shared) : messages[i];
        events.push(normalizeMessage(item, ctx, shared.sentAt, raws?.[i], at ? i : undefined));
      } catch (e) {
        if (!isPanierError(e)) throw e;
        errors.push({ index: i, code: e.code, message: e.message, ...(e.path ? { path: e.path } : {}) });
      }
    }
    return this.store(events, errors);
  }

  private async store(events: PanierEvent[], errors: EventError[]): Promise<IngestResult> {
    if (this.inFlight >= this.limits.maxInFlight)
      throw new PanierError('overloaded', 'ingest is saturated; retry after the delay in Retry-After');
    this.inFlight++;
    try {
      const { appended, duplicates } = await this.log.append(events);
      if (appended.length > 0) this.bus.publish(appended);
      return { accepted: appended.length, duplicates: duplicates.length, errors };
    } finally {
      this.inFlight--;
    }
  }

  private context(kind: CallKind | null, source: string, pathPrefix: string): NormalizeContext {
    return {
      kind,
      source,
      pathPrefix,
      receivedAt: this.clock.now(),
      maxEventBytes: this.limits.maxEventBytes,
    };
  }
}

/** Segment merges a batch's top-level context and integrations into each item (the item's own win). */
function withShared(item: unknown, shared: { context?: unknown; integrations?: unknown }): unknown {
  if (!shared.context && !shared.integrations) return item;
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  const m = item as Record<string, unknown>;
  const merge = (a: unknown, b: unknown) =>
    a && typeof a === 'object' ? { ...(a as object), ...((b as object | undefined) ?? {}) } : b;
  return {
    ...m,
    ...(shared.context ? { context: merge(shared.context, m.context) } : {}),
    ...(shared.integrations ? { integrations: merge(shared.integrations, m.integrations) } : {}),
  };
}

type Envelope = z.output<typeof batchEnvelopeSchema>;

const isBag = (v: unknown) => v === undefined || v === null || (typeof v === 'object' && !Array.isArray(v));

/**
 * The common case without zod (which copies the whole batch array): the body when `batchEnvelopeSchema`
 * would accept it as it is, else null (then the schema decides, with its message).
 */
function plainEnvelope(body: unknown): Envelope | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.batch) || b.batch.length > MAX_BATCH_ITEMS) return null;
  if (!isBag(b.context) || !isBag(b.integrations)) return null;
  if (b.writeKey !== undefined && typeof b.writeKey !== 'string') return null;
  return b as Envelope;
}

function checkedEnvelope(body: unknown): Envelope {
  const envelope = batchEnvelopeSchema.safeParse(body);
  if (envelope.success) return envelope.data;
  const issue = envelope.error.issues[0]!;
  const path = zodPath('', issue.path) || 'batch';
  throw new PanierError('invalid_body', `${path}: ${issue.message}`, path);
}

function parseInstant(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const ms = parseIsoInstant(v);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
