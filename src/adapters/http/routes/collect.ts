import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { CANONICAL_TYPES, type CallKind, type EventLog, type LoggedEvent } from '../../../kernel/index.ts';
import { type Ingestor, type IngestResult, PATH_KINDS } from '../../../modules/collect/index.ts';
import { type AppEnv, authenticate, presentedKey, requireKey } from '../auth.ts';
import { parseJsonText, readBody, readBodyText } from '../body.ts';
import type { HttpDeps } from '../deps.ts';
import { parseQuery } from '../query.ts';

export interface CollectRouteDeps extends HttpDeps {
  ingestor: Ingestor;
  log: EventLog;
  limits: { maxEventBytes: number; maxBatchBytes: number };
}

const instantParam = z.string().transform((v, ctx) => {
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'expected an ISO-8601 date or epoch milliseconds' });
    return z.NEVER;
  }
  return ms;
});

const eventsQuerySchema = z.object({
  type: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()))
    .pipe(z.array(z.enum(CANONICAL_TYPES)))
    .optional(),
  userId: z.string().min(1).optional(),
  anonymousId: z.string().min(1).optional(),
  from: instantParam.optional(),
  to: instantParam.optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

function eventJson(e: LoggedEvent) {
  return {
    seq: e.seq,
    messageId: e.messageId,
    kind: e.kind,
    type: e.type,
    name: e.name,
    userId: e.userId,
    anonymousId: e.anonymousId,
    timestamp: new Date(e.timestamp).toISOString(),
    receivedAt: new Date(e.receivedAt).toISOString(),
    storeId: e.storeId,
    source: e.source,
    payload: e.payload,
  };
}

/** Answers an ingest: 200 when every event was valid, 400 listing rejects (valid ones are stored anyway). */
function ingestResponse(c: Context, r: IngestResult): Response {
  const counts = { accepted: r.accepted, duplicates: r.duplicates };
  if (r.errors.length === 0) return c.json({ success: true, ...counts });
  const first = r.errors[0]!;
  const stored = r.accepted + r.duplicates;
  return c.json(
    {
      success: false,
      error: {
        code: first.code,
        message: `${r.errors.length} event(s) rejected, ${stored} accepted and stored; first: ${first.message}`,
        ...(first.path ? { path: first.path } : {}),
      },
      ...counts,
      errors: r.errors,
    },
    400,
  );
}

async function sourceOf(c: Context, deps: HttpDeps, body: unknown): Promise<string> {
  const inBody =
    body && typeof body === 'object' && 'writeKey' in body && typeof body.writeKey === 'string'
      ? body.writeKey
      : null;
  const record = await authenticate(deps.keys, presentedKey(c) ?? inBody, 'write');
  return record.name;
}

export function collectRoutes(deps: CollectRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const batch = async (c: Context) => {
    const { text, utf8Bytes } = await readBody(c, deps.limits.maxBatchBytes);
    const body = parseJsonText(text);
    const source = await sourceOf(c, deps, body);
    return ingestResponse(c, await deps.ingestor.ingestBatch(body, source, text, utf8Bytes));
  };
  app.post('/v1/batch', batch);
  app.post('/v1/b', batch);

  // One route per Segment call path: a `/v1/:call` pattern would shadow other modules' POST /v1/<name>.
  for (const [path, kind] of Object.entries(PATH_KINDS) as [string, CallKind][])
    app.post(`/v1/${path}`, async (c) => {
      const text = await readBodyText(c, deps.limits.maxEventBytes);
      const body = parseJsonText(text);
      const source = await sourceOf(c, deps, body);
      return ingestResponse(c, await deps.ingestor.ingestOne(body, kind, source, text));
    });

  /** analytics.js loads its settings from here; pointing `cdnURL` at panier makes it send to panier. */
  app.get('/v1/projects/:writeKey/settings', async (c) => {
    const writeKey = c.req.param('writeKey');
    await authenticate(deps.keys, writeKey, 'write');
    const host = c.req.header('host') ?? 'localhost';
    return c.json({
      integrations: {
        'Segment.io': {
          apiKey: writeKey,
          apiHost: `${host}/v1`,
          protocol: new URL(c.req.url).protocol.replace(':', ''),
        },
      },
      plan: {
        track: { __default: { enabled: true, integrations: {} } },
        identify: { __default: { enabled: true } },
      },
      edgeFunction: {},
      analyticsNextEnabled: true,
      middlewareSettings: {},
      enabledMiddleware: {},
      metrics: { sampleRate: 0 },
      legacyVideoPluginsEnabled: false,
      remotePlugins: [],
    });
  });

  app.get('/v1/events', requireKey(deps.keys, 'secret'), async (c) => {
    const q = parseQuery(eventsQuerySchema, c);
    const filter = { types: q.type, userId: q.userId, anonymousId: q.anonymousId, from: q.from, to: q.to };
    const [page, total] = await Promise.all([
      deps.log.page(filter, q.cursor ?? null, q.limit),
      deps.log.count(filter),
    ]);
    return c.json({
      events: page.events.map(eventJson),
      nextCursor: page.next === null ? null : String(page.next),
      total,
    });
  });

  return app;
}
