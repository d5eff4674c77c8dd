export { ACTIVITY_KINDS } from './activity.ts';
export {
  type ConsentState,
  consentStates,
  createConsentChecker,
  DEFAULT_CONSENT,
  setConsent,
} from './consent.ts';
export { ProfileEngine, type Tombstone } from './engine.ts';
export { auc, brier, type CalibrationBin, calibration, ece, errors } from './evaluation.ts';
export { DAY } from './features.ts';
export { candidateKeys, eventKeys, type Hasher, normalizeEmail, normalizePhone } from './identifiers.ts';
export type { MergeRecord } from './identity.ts';
export { AFFINITY_HALF_LIFE_DAYS } from './interest.ts';
export { MemoryProfileLog, MemoryProfilesStore } from './memory-ports.ts';
export type {
  ConsentChecker,
  EventEraser,
  IdentityResolver,
  ModelFitter,
  ProfileEventLog,
  ProfilesStore,
  SegmentSizePoint,
} from './ports.ts';
export { type ErasureReport, erasePerson, exportPerson, personIds } from './privacy.ts';
export { profileView, type ShopperAffinities, shopperAffinities } from './profile-view.ts';
export * as bgnbd from './scores/bgnbd.ts';
export * as gammaGamma from './scores/gamma-gamma.ts';
export {
  CHURN_HORIZON_DAYS,
  CLV_HORIZON_DAYS,
  type FitSample,
  fitModels,
  fitScoreModel,
  PURCHASE_HORIZON_DAYS,
  repeatSpend,
  rfmRow,
  type ScoreModel,
} from './scores/model.ts';
export { parseRule } from './segments/parser.ts';
export type { SegmentChange, SegmentDefinition } from './segments/registry.ts';
export { DEFAULT_REFRESH_CHUNK, idFilters, ProfileService, type ProfileServiceDeps } from './service.ts';
export { sha256Hex } from './sha256.ts';
export {
  CHANNELS,
  CONSENT_PURPOSES,
  CONSENT_STATUSES,
  type ConsentPurpose,
  type ConsentStatus,
} from './table.ts';
export { PRICE_BANDS } from './view.ts';

import type { IdentityResolver } from './ports.ts';
import type { ProfileService } from './service.ts';

/** `resolve(anyId) → profileId | null` for recommend and search. */
export function identityResolver(service: ProfileService): IdentityResolver {
  return { resolve: (anyId) => service.resolve(anyId) };
}
