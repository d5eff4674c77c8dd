import { PanierError } from '../../kernel/index.ts';

/**
 * Opaque list cursors: the last key of a page, as base64url JSON, so ids with any characters travel
 * safely in a query string and the format can change without clients noticing.
 */
export function encodeCursor(key: readonly string[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The key a cursor carries; `parts` is how many strings it must hold. */
export function decodeCursor(cursor: string, parts: number): string[] {
  try {
    const bin = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const key: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
    if (Array.isArray(key) && key.length === parts && key.every((k) => typeof k === 'string')) return key;
  } catch {
    // falls through to the error below
  }
  throw new PanierError('invalid_query', 'cursor is not one this API returned', 'cursor');
}
