import { PanierError } from '../../kernel/index.ts';
import { consentStates } from './consent.ts';
import { profileView } from './profile-view.ts';
import { primaryIds } from './segment-events.ts';
import type { ProfileService } from './service.ts';

/** Everything panier holds about a person, as one JSON document (GDPR access / portability). */
export async function exportPerson(service: ProfileService, anyId: string) {
  const pid = service.requireProfile(anyId);
  const keys = service.engine.graph.keys(pid);
  const events = await service.eventsOf(keys);
  return {
    exportedAt: new Date(service.clock.now()).toISOString(),
    profile: profileView(service, pid),
    consent: consentStates(service, pid),
    merges: service.merges(pid),
    events,
  };
}

export interface ErasureReport {
  profileId: string;
  identities: number;
  eventsDeleted: number;
}

/**
 * Erases a person: their events (including Segment Entered/Exited about them), identity links, features,
 * memberships, merge history; keeps only salted hashes of their keys so a replay of an older copy of the
 * log skips them.
 */
/**
 * Every raw id a person is or was known by, as other modules key their state: the profile id and those
 * it absorbed, userIds, anonymousIds and loyalty ids (emails and phones are only ever held hashed).
 */
export function personIds(service: ProfileService, anyId: string): string[] {
  const pid = service.requireProfile(anyId);
  const keys = service.engine.graph.keys(pid);
  const past = service.merges(pid).flatMap((m) => [m.survivor, m.absorbed]);
  const raw = keys.filter((k) => /^(user|anon|loyalty):/.test(k)).map((k) => k.slice(k.indexOf(':') + 1));
  return [...new Set([pid, ...past, ...raw])];
}

export async function erasePerson(service: ProfileService, anyId: string): Promise<ErasureReport> {
  const pid = service.engine.resolve(anyId);
  if (pid === undefined) throw new PanierError('not_found', `no profile is known for id "${anyId}"`);
  await service.flush();
  const keys = service.engine.graph.keys(pid);
  const pastProfiles = [pid, ...service.merges(pid).flatMap((m) => [m.survivor, m.absorbed])];
  const userIds = keys.filter((k) => k.startsWith('user:')).map((k) => k.slice(5));
  const anonymousIds = [
    ...keys.filter((k) => k.startsWith('anon:')).map((k) => k.slice(5)),
    ...new Set(pastProfiles),
  ];
  const uptoSeq = await service.deps.log.lastSeq();
  const { tombstones } = service.engine.erase(pid, service.clock.now(), uptoSeq);
  await service.deps.store.putTombstones(tombstones);
  await service.deps.store.forget(keys, [...new Set(pastProfiles)]);
  const eventsDeleted = await service.deps.eraser.deleteByIdentity({ userIds, anonymousIds });
  return { profileId: pid, identities: keys.length, eventsDeleted };
}

export { primaryIds };
