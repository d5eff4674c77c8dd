import { yieldToEventLoop } from '../kernel/index.ts';
import {
  type ErasureReport,
  erasePerson,
  type ProfileService,
  personIds,
} from '../modules/profiles/index.ts';

/** A module's live traces of people: forgets every trace of these ids (user, device, profile ids). */
export interface PersonForgetter {
  forget(ids: readonly string[]): void;
  /** Before anything is erased: drops what a restart could bring the person back from (snapshots). */
  beforeErase?(): void;
}

/**
 * The erasure of a person across panier (GDPR art. 17): profiles erase the events, identity links,
 * features, memberships and merge history and keep tombstones against replays; then every module that
 * keeps live per-shopper state forgets the person's ids (recommendations' recent views, session and
 * purchases; search's past queries). Deliveries already queued on the bus are let through first, so
 * none re-creates state after the forget.
 */
export async function erasePersonEverywhere(
  profiles: ProfileService,
  forgetters: readonly PersonForgetter[],
  anyId: string,
): Promise<ErasureReport> {
  const ids = personIds(profiles, anyId);
  for (const f of forgetters) f.beforeErase?.();
  const report = await erasePerson(profiles, anyId);
  await yieldToEventLoop();
  for (const f of forgetters) f.forget(ids);
  return report;
}
