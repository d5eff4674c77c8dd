import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorKind, knownError, type Logger, PanierError, toErrorBody } from '../../kernel/index.ts';

/** The one place error kinds become HTTP statuses. */
export const STATUS_OF_KIND: Record<ErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export function errorResponse(c: Context, e: PanierError): Response {
  if (e.kind === 'rate_limited' || e.kind === 'unavailable') c.header('Retry-After', '1');
  return c.json(toErrorBody(e), STATUS_OF_KIND[e.kind]);
}

/**
 * Hono onError: known errors keep their kind (a busy store is a 503 with Retry-After); anything else is a
 * logged 500 with no internals leaked.
 */
export function onError(logger: Logger) {
  return (err: Error, c: Context): Response => {
    const known = knownError(err);
    if (known) return errorResponse(c, known);
    logger.error({ err, path: c.req.path }, 'unhandled error');
    return errorResponse(c, new PanierError('internal', 'internal error; the request can be retried'));
  };
}
