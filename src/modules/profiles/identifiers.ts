import { eventProperties, type PanierEvent } from '../../kernel/index.ts';

/**
 * Identifier kinds, strongest first: an event belongs to the profile of its strongest known identifier.
 * Emails and phones are only ever kept as SHA-256 of their normalized form.
 */
export const ID_KINDS = ['user', 'loyalty', 'email', 'phone', 'anon'] as const;
export type IdKind = (typeof ID_KINDS)[number];

export const idPriority = (key: string): number => ID_KINDS.indexOf(kindOf(key));

export function kindOf(key: string): IdKind {
  const kind = key.slice(0, key.indexOf(':'));
  return (ID_KINDS as readonly string[]).includes(kind) ? (kind as IdKind) : 'anon';
}

export type Hasher = (normalized: string) => string;

export const normalizeEmail = (raw: string): string => raw.trim().toLowerCase();

/** Digits with a leading + (international prefix 00 becomes +); separators and spaces dropped. */
export function normalizePhone(raw: string): string {
  const trimmed = raw.trim().replace(/^00/, '+');
  const digits = trimmed.replace(/[^0-9]/g, '');
  return trimmed.startsWith('+') ? `+${digits}` : digits;
}

const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null;

/** Identity keys an arbitrary id (as an API caller types it) may mean, in lookup order. */
export function candidateKeys(anyId: string, hash: Hasher): string[] {
  if (/^(user|anon|loyalty|email|phone):/.test(anyId)) return [anyId];
  const out = [`user:${anyId}`, `anon:${anyId}`, `loyalty:${anyId}`];
  if (anyId.includes('@')) out.push(`email:${hash(normalizeEmail(anyId))}`);
  if (/^[+0-9][0-9 ().-]{5,}$/.test(anyId)) out.push(`phone:${hash(normalizePhone(anyId))}`);
  return out;
}

/** Every identity key an event carries (ids, hashed contact points from traits or checkout, loyalty id). */
export function eventKeys(e: PanierEvent, hash: Hasher): string[] {
  const keys: string[] = [];
  if (e.userId) keys.push(`user:${e.userId}`);
  if (e.anonymousId) keys.push(`anon:${e.anonymousId}`);
  const bags = [eventProperties(e), contextTraits(e)];
  for (const bag of bags) {
    const email = str(bag.email);
    if (email?.includes('@')) keys.push(`email:${hash(normalizeEmail(email))}`);
    const phone = str(bag.phone);
    if (phone && normalizePhone(phone).replace('+', '').length >= 6)
      keys.push(`phone:${hash(normalizePhone(phone))}`);
    const loyalty = str(bag.loyalty_id ?? bag.loyaltyId);
    if (loyalty) keys.push(`loyalty:${loyalty}`);
  }
  return keys.length > 2 ? [...new Set(keys)] : keys;
}

function contextTraits(e: PanierEvent): Record<string, unknown> {
  const ctx = e.payload.context;
  if (ctx === null || typeof ctx !== 'object') return {};
  const traits = (ctx as Record<string, unknown>).traits;
  return traits !== null && typeof traits === 'object' && !Array.isArray(traits)
    ? (traits as Record<string, unknown>)
    : {};
}

/** The previous id an alias event names (Segment `previousId`), or null. */
export function aliasPreviousId(e: PanierEvent): string | null {
  return e.kind === 'alias' ? str(e.payload.previousId) : null;
}
