import { PanierError, type PanierEvent, uuidv7 } from '../../kernel/index.ts';
import type { ConsentChecker } from './ports.ts';
import { primaryIds } from './segment-events.ts';
import type { ProfileService } from './service.ts';
import {
  CONSENT_PURPOSES,
  CONSENT_STATUS,
  CONSENT_STATUSES,
  type ConsentPurpose,
  type ConsentStatus,
  type ProfileTable,
} from './table.ts';

/** What "no recorded choice" means per purpose: opt-out purposes default on, opt-in purposes off. */
export const DEFAULT_CONSENT: Record<ConsentPurpose, boolean> = {
  personalization: true,
  analytics: true,
  email: false,
  advertising: false,
};

export interface ConsentState {
  purpose: ConsentPurpose;
  status: ConsentStatus | 'unset';
  allowed: boolean;
  at: number | null;
  source: string | null;
}

export function consentStates(
  service: ProfileService,
  anyId: string,
  defaults: Record<ConsentPurpose, boolean> = DEFAULT_CONSENT,
): ConsentState[] {
  const engine = service.engine;
  const slot = engine.table.slot(service.requireProfile(anyId))!;
  return CONSENT_PURPOSES.map((purpose) => {
    const r = engine.table.consent(slot, purpose);
    return r
      ? { purpose, status: r.value, allowed: r.value === 'granted', at: r.at, source: r.source }
      : { purpose, status: 'unset', allowed: defaults[purpose], at: null, source: null };
  });
}

/** Whether the profile in `slot` allows `purpose`: its recorded choice, else the purpose's default. */
export function slotAllows(
  table: ProfileTable,
  slot: number,
  purpose: ConsentPurpose,
  defaults: Record<ConsentPurpose, boolean> = DEFAULT_CONSENT,
): boolean {
  const rows = table.consentRows;
  const r = rows.find(slot, CONSENT_PURPOSES.indexOf(purpose));
  return r >= 0 ? CONSENT_STATUSES[rows.get(r, CONSENT_STATUS)] === 'granted' : defaults[purpose];
}

/**
 * Consent query for every other module: answers from memory, so a revocation applied by `setConsent`
 * or by an identify event is in force for the very next call. Unknown people get the defaults.
 */
export function createConsentChecker(
  service: ProfileService,
  defaults: Record<ConsentPurpose, boolean> = DEFAULT_CONSENT,
): ConsentChecker {
  return {
    allows(anyId, purpose) {
      const engine = service.engine;
      const pid = engine.resolve(anyId);
      const slot = pid === undefined ? undefined : engine.table.slot(pid);
      return slot === undefined ? defaults[purpose] : slotAllows(engine.table, slot, purpose, defaults);
    },
  };
}

/** Consent API: recorded as an identify event in the log (the log stays the source of truth), applied now. */
export async function setConsent(
  service: ProfileService,
  anyId: string,
  changes: Partial<Record<ConsentPurpose, ConsentStatus>>,
  source: string,
): Promise<ConsentState[]> {
  const pid = service.requireProfile(anyId);
  const ids = primaryIds(service.engine.graph.keysView(pid));
  if (ids.userId === null && ids.anonymousId === null)
    throw new PanierError('conflict', 'this profile has no user or device id to record consent on');
  const now = service.clock.now();
  const event: PanierEvent = {
    messageId: uuidv7(now),
    kind: 'identify',
    type: 'identify',
    name: null,
    userId: ids.userId,
    anonymousId: ids.userId === null ? ids.anonymousId : null,
    timestamp: now,
    receivedAt: now,
    storeId: null,
    source,
    payload: { type: 'identify', traits: { consent: changes } },
  };
  const { appended } = await service.deps.log.append([event]);
  service.applyOwn(appended);
  return consentStates(service, pid);
}
