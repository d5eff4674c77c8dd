import type { Context } from 'hono';
import { knownError, PanierError } from '../../../kernel/index.ts';
import type { KeyKind } from '../../../modules/access/index.ts';
import { type AppEnv, authenticate, presentedKey } from '../auth.ts';
import { parseJsonText, readBodyText } from '../body.ts';
import type { HttpDeps } from '../deps.ts';
import { errorResponse, STATUS_OF_KIND } from '../errors.ts';

/** Errors in Algolia's shape ({message, status}) on the /1 surface, panier's shape elsewhere. */
export function algoliaError(c: Context, err: Error, deps: HttpDeps): Response {
  const known = knownError(err);
  if (!known) deps.logger.error({ err, path: c.req.path }, 'unhandled error');
  const e = known ?? new PanierError('internal', 'internal error; the request can be retried');
  if (!c.req.path.startsWith('/1/')) return errorResponse(c, e);
  const status = STATUS_OF_KIND[e.kind];
  if (e.kind === 'rate_limited' || e.kind === 'unavailable') c.header('Retry-After', '1');
  const body: Record<string, unknown> = { message: e.message, status };
  if (e.details && typeof e.details === 'object' && 'position' in e.details)
    body.position = (e.details as { position: number }).position;
  return c.json(body, status);
}

export async function callerKey(c: Context<AppEnv>, deps: HttpDeps, kind: KeyKind) {
  const record = await authenticate(deps.keys, presentedKey(c), kind);
  c.set('key', record);
  return record;
}

/** Any JSON body whatever its Content-Type; an empty body is `{}`. */
export async function anyBodyOf(c: Context, maxBytes: number): Promise<unknown> {
  const text = await readBodyText(c, maxBytes);
  return text.trim() === '' ? {} : parseJsonText(text);
}

/** A JSON object body whatever its Content-Type; an empty body is `{}`. */
export async function bodyOf(c: Context, maxBytes: number): Promise<Record<string, unknown>> {
  const v = await anyBodyOf(c, maxBytes);
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new PanierError('invalid_json', 'expected a JSON object');
  return v as Record<string, unknown>;
}
