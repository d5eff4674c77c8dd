import { eventProperties, type PanierEvent } from '../../kernel/index.ts';
import {
  CONSENT_PURPOSES,
  CONSENT_STATUSES,
  type ConsentPurpose,
  type ConsentStatus,
  own,
  type ProfileExtras,
  type Stamped,
} from './table.ts';

/** Traits never copied onto the profile as plain traits (they feed identity or consent instead). */
const RESERVED_TRAITS = new Set(['consent']);

/** Last write wins by event time; an equal time keeps the later arrival. */
export function setTrait(x: ProfileExtras, name: string, value: unknown, at: number, source: string): void {
  const traits = own(x, 'traits');
  const prev = traits.get(name);
  if (prev && prev.at > at) return;
  traits.set(name, { value, at, source });
}

export function applyIdentifyTraits(x: ProfileExtras, e: PanierEvent): void {
  if (e.kind !== 'identify') return;
  for (const [name, value] of Object.entries(eventProperties(e))) {
    if (!RESERVED_TRAITS.has(name)) setTrait(x, name, value, e.timestamp, e.source);
  }
}

export function setConsent(
  x: ProfileExtras,
  purpose: ConsentPurpose,
  wanted: ConsentStatus | boolean,
  at: number,
  source: string,
): void {
  const consent = own(x, 'consent');
  const prev = consent.get(purpose);
  if (prev && prev.at > at) return;
  const status: ConsentStatus =
    typeof wanted !== 'boolean'
      ? wanted
      : wanted
        ? 'granted'
        : prev?.value === 'granted'
          ? 'revoked'
          : 'denied';
  consent.set(purpose, { value: status, at, source });
}

/**
 * Consent carried by an event: `traits.consent` ({purpose: "granted"|"denied"|"revoked"|bool}) on
 * identify, or Segment's `context.consent.categoryPreferences` ({Purpose: bool}) on any event.
 */
const NO_UPDATES: Array<[ConsentPurpose, ConsentStatus | boolean]> = [];

export function consentUpdates(e: PanierEvent): Array<[ConsentPurpose, ConsentStatus | boolean]> {
  const fromTraits = e.kind === 'identify' ? eventProperties(e).consent : undefined;
  const ctx = e.payload.context as Record<string, unknown> | undefined;
  if (fromTraits === undefined && ctx === undefined) return NO_UPDATES;
  const out: Array<[ConsentPurpose, ConsentStatus | boolean]> = [];
  const consent =
    ctx && typeof ctx === 'object' ? (ctx.consent as Record<string, unknown> | undefined) : undefined;
  const fromContext = consent && typeof consent === 'object' ? consent.categoryPreferences : undefined;
  for (const bag of [fromContext, fromTraits]) {
    if (bag === null || typeof bag !== 'object') continue;
    for (const [k, v] of Object.entries(bag as Record<string, unknown>)) {
      const purpose = k.toLowerCase();
      if (!(CONSENT_PURPOSES as readonly string[]).includes(purpose)) continue;
      const status = parseStatus(v);
      if (status !== null) out.push([purpose as ConsentPurpose, status]);
    }
  }
  return out;
}

function parseStatus(v: unknown): ConsentStatus | boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if ((CONSENT_STATUSES as readonly string[]).includes(s)) return s as ConsentStatus;
    if (s === 'true' || s === 'yes') return true;
    if (s === 'false' || s === 'no') return false;
  }
  return null;
}

export function stampedRecord<T>(m: Map<string, Stamped<T>>): Record<string, Stamped<T>> {
  return Object.fromEntries(m);
}
