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
import { batchEnvelopeSchema } from './message.ts';
import { normalizeMessage, zodPath } from './normalize.ts';

export interface IngestLimits {
  maxEventBytes: number;
  /** Ingest calls in flight beyond which new ones are refused as overloaded (HTTP 429). */
  maxInFlight: number;
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
  async ingestOne(raw: unknown, kind: CallKind, source: string): Promise<IngestResult> {
    const event = normalizeMessage(raw, this.context(kind, source, ''));
    return this.store([event], []);
  }

  /** A `{batch:[…]}` body: valid events are stored even when others are rejected (reported by index). */
  async ingestBatch(body: unknown, source: string): Promise<IngestResult> {
    const envelope = batchEnvelopeSchema.safeParse(body);
    if (!envelope.success) {
      const issue = envelope.error.issues[0]!;
      const path = zodPath('', issue.path) || 'batch';
      throw new PanierError('invalid_body', `${path}: ${issue.message}`, path);
    }
    const { batch, context, integrations } = envelope.data;
    const sentAt = parseInstant(envelope.data.sentAt);
    return this.ingestMessages(batch, source, { context, integrations, sentAt });
  }

  /** Many messages (batch items, imported rows); `indexBase` offsets reported indexes. */
  async ingestMessages(
    messages: readonly unknown[],
    source: string,
    shared: { context?: unknown; integrations?: unknown; sentAt?: number } = {},
    pathName = 'batch',
  ): Promise<IngestResult> {
    const events: PanierEvent[] = [];
    const errors: EventError[] = [];
    const receivedAt = this.clock.now();
    for (let i = 0; i < messages.length; i++) {
      try {
        const item = withShared(messages[i], shared);
        events.push(
          normalizeMessage(
            item,
            { ...this.context(null, source, `${pathName}[${i}]`), receivedAt },
            shared.sentAt,
          ),
        );
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

  private context(kind: CallKind | null, source: string, pathPrefix: string) {
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

function parseInstant(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
