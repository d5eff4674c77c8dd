/** Key kinds: write keys are public (browser-safe: send events, read recommendations and search); secret keys are admin. */
export const KEY_KINDS = ['write', 'secret'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

const PREFIX: Record<KeyKind, string> = { write: 'pk_', secret: 'sk_' };
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export interface ApiKeyRecord {
  id: string;
  name: string;
  kind: KeyKind;
  /** SHA-256 hex of the key; the key itself is never stored. */
  hash: string;
  /** First characters, to recognise a key in lists without revealing it. */
  prefix: string;
  createdAt: number;
  revokedAt: number | null;
}

export function generateKeySecret(kind: KeyKind): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  let s = PREFIX[kind];
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return s;
}

export function kindOfKey(secret: string): KeyKind | null {
  if (secret.startsWith(PREFIX.write)) return 'write';
  if (secret.startsWith(PREFIX.secret)) return 'secret';
  return null;
}

export async function hashKey(secret: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Which kinds may call an operation: a secret key can do everything a write key can. */
export function keyAllows(kind: KeyKind, required: KeyKind): boolean {
  return kind === 'secret' || required === 'write';
}
