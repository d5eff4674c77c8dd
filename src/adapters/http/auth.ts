import type { Context, MiddlewareHandler } from 'hono';
import { PanierError } from '../../kernel/index.ts';
import { type ApiKeyRecord, type KeyKind, type KeyService, keyAllows } from '../../modules/access/index.ts';

export type AppEnv = { Variables: { key: ApiKeyRecord } };

/**
 * Where a key may arrive: `Authorization: Bearer KEY`, HTTP Basic with the key as username (Segment),
 * `X-Panier-Key`, or Algolia's `X-Algolia-API-Key` header or query parameter (any case).
 */
export function presentedKey(c: Context): string | null {
  const auth = c.req.header('authorization');
  if (auth) {
    const [scheme, value = ''] = auth.split(' ', 2);
    if (scheme?.toLowerCase() === 'bearer') return value.trim() || null;
    if (scheme?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const user = decoded.split(':', 1)[0] ?? '';
      return user || null;
    }
  }
  const header = c.req.header('x-panier-key') ?? c.req.header('x-algolia-api-key');
  if (header) return header;
  const url = new URL(c.req.url);
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === 'x-algolia-api-key') return v;
  return null;
}

/** Verifies a key and checks its kind; the record is available as c.get('key'). */
export async function authenticate(
  keys: KeyService,
  secret: string | null,
  required: KeyKind,
): Promise<ApiKeyRecord> {
  if (!secret) throw new PanierError('missing_key', `this endpoint needs a ${required} key`);
  const record = await keys.verify(secret);
  if (!record) throw new PanierError('invalid_key', 'the key is unknown or revoked');
  if (!keyAllows(record.kind, required))
    throw new PanierError(
      'key_scope',
      `a ${record.kind} key cannot call this endpoint; use a ${required} key`,
    );
  return record;
}

export function requireKey(keys: KeyService, required: KeyKind): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('key', await authenticate(keys, presentedKey(c), required));
    await next();
  };
}
