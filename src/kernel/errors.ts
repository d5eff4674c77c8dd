/** The closed set of error kinds; the HTTP layer maps each to one status in one place. */
export const ERROR_KINDS = [
  'invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Code catalog: every error code panier emits, with its kind. */
export const ERROR_CODES = {
  invalid_json: 'invalid',
  invalid_body: 'invalid',
  invalid_query: 'invalid',
  invalid_event: 'invalid',
  invalid_row: 'invalid',
  invalid_config: 'invalid',
  invalid_argument: 'invalid',
  invalid_filter: 'invalid',
  invalid_rule: 'invalid',
  unknown_placement: 'invalid',
  missing_key: 'unauthorized',
  invalid_key: 'unauthorized',
  key_scope: 'forbidden',
  not_found: 'not_found',
  conflict: 'conflict',
  event_too_large: 'too_large',
  batch_too_large: 'too_large',
  body_too_large: 'too_large',
  overloaded: 'rate_limited',
  storage_unavailable: 'unavailable',
  not_ready: 'unavailable',
  not_built: 'unavailable',
  internal: 'internal',
} as const satisfies Record<string, ErrorKind>;
export type ErrorCode = keyof typeof ERROR_CODES;

export class PanierError extends Error {
  readonly kind: ErrorKind;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly path?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'PanierError';
    this.kind = ERROR_CODES[code];
  }
}

export const isPanierError = (e: unknown): e is PanierError => e instanceof PanierError;

/** Plain JSON shape of an error, as every HTTP 4xx/5xx body carries it. */
export interface ErrorBody {
  error: { code: string; message: string; path?: string; details?: unknown };
}

export function toErrorBody(e: PanierError): ErrorBody {
  const error: ErrorBody['error'] = { code: e.code, message: e.message };
  if (e.path !== undefined) error.path = e.path;
  if (e.details !== undefined) error.details = e.details;
  return { error };
}

/**
 * A storage driver's "try again" fault: SQLite's SQLITE_BUSY* (another connection held the write lock
 * past the busy timeout) and SQLITE_LOCKED*. Such a fault is temporary, never a bug: it is answered as
 * `storage_unavailable` (503 with Retry-After), not as an internal error.
 */
export function isStorageBusy(e: unknown): boolean {
  if (e === null || typeof e !== 'object' || !('code' in e)) return false;
  const code = e.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** The error as panier reports it: its own errors as they are, a busy store as `storage_unavailable`. */
export function knownError(e: unknown): PanierError | null {
  if (isPanierError(e)) return e;
  if (isStorageBusy(e))
    return new PanierError('storage_unavailable', `storage is busy; retry after the delay in Retry-After`);
  return null;
}
