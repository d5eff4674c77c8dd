import { eventProperties, type PanierEvent } from '../../kernel/index.ts';
import {
  CONSENT_AT,
  CONSENT_PURPOSES,
  CONSENT_SOURCE,
  CONSENT_STATUS,
  CONSENT_STATUSES,
  type ConsentPurpose,
  type ConsentStatus,
  type ProfileTable,
  TRAIT_AT,
  TRAIT_SOURCE,
} from './table.ts';

/** Traits never copied onto the profile as plain traits (they feed identity or consent instead). */
const RESERVED_TRAITS = new Set(['consent']);

/** Last write wins by event time; an equal time keeps the later arrival. */
export function setTrait(
  table: ProfileTable,
  slot: number,
  name: string,
  value: unknown,
  at: number,
  source: string,
): void {
  const pool = table.traitRows;
  const key = table.traitNames.id(name);
  let r = pool.find(slot, key);
  if (r >= 0 && pool.get(r, TRAIT_AT) > at) return;
  if (r < 0) r = pool.upsert(slot, key);
  pool.set(r, TRAIT_AT, at);
  pool.set(r, TRAIT_SOURCE, table.sources.id(source));
  pool.refs![r] = value;
}

export function applyIdentifyTraits(table: ProfileTable, slot: number, e: PanierEvent): void {
  if (e.kind !== 'identify') return;
  const traits = eventProperties(e);
  for (const name in traits) {
    if (!RESERVED_TRAITS.has(name)) setTrait(table, slot, name, traits[name], e.timestamp, e.source);
  }
}

export function setConsent(
  table: ProfileTable,
  slot: number,
  purpose: ConsentPurpose,
  wanted: ConsentStatus | boolean,
  at: number,
  source: string,
): void {
  const pool = table.consentRows;
  const key = CONSENT_PURPOSES.indexOf(purpose);
  let r = pool.find(slot, key);
  if (r >= 0 && pool.get(r, CONSENT_AT) > at) return;
  const prev = r >= 0 ? CONSENT_STATUSES[pool.get(r, CONSENT_STATUS)] : undefined;
  const status: ConsentStatus =
    typeof wanted !== 'boolean' ? wanted : wanted ? 'granted' : prev === 'granted' ? 'revoked' : 'denied';
  if (r < 0) r = pool.upsert(slot, key);
  pool.set(r, CONSENT_STATUS, CONSENT_STATUSES.indexOf(status));
  pool.set(r, CONSENT_AT, at);
  pool.set(r, CONSENT_SOURCE, table.sources.id(source));
}

/**
 * Consent carried by an event: `traits.consent` ({purpose: "granted"|"denied"|"revoked"|bool}) on
 * identify, or Segment's `context.consent.categoryPreferences` ({Purpose: bool}) on any event.
 */
const NO_UPDATES: Array<[ConsentPurpose, ConsentStatus | boolean]> = [];

export function consentUpdates(e: PanierEvent): Array<[ConsentPurpose, ConsentStatus | boolean]> {
  const fromTraits = e.kind === 'identify' ? eventProperties(e).consent : undefined;
  const ctx = e.payload.context as Record<string, unknown> | undefined;
  const consent =
    ctx && typeof ctx === 'object' ? (ctx.consent as Record<string, unknown> | undefined) : undefined;
  const fromContext = consent && typeof consent === 'object' ? consent.categoryPreferences : undefined;
  // Most events carry neither: no arrays for them (this runs on every event).
  if (fromTraits === undefined && fromContext === undefined) return NO_UPDATES;
  const out: Array<[ConsentPurpose, ConsentStatus | boolean]> = [];
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
