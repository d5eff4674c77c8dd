import type { PanierEvent } from '../../kernel/index.ts';
import type { SegmentChange } from './segments/registry.ts';

/**
 * A membership change as a log event. The messageId is derived from segment, profile, direction and
 * cause, so re-emitting the same change (retry, restart) is deduplicated by the log: exactly once.
 */
export function segmentEvent(
  change: SegmentChange,
  ids: { userId: string | null; anonymousId: string | null },
  now: number,
): PanierEvent {
  const dir = change.entered ? 'entered' : 'exited';
  return {
    messageId: `seg:${change.segmentId}:${change.profileId}:${dir}:${change.cause}`,
    kind: 'track',
    type: change.entered ? 'segment_entered' : 'segment_exited',
    name: change.entered ? 'Segment Entered' : 'Segment Exited',
    userId: ids.userId,
    anonymousId: ids.userId === null ? (ids.anonymousId ?? change.profileId) : ids.anonymousId,
    timestamp: change.at,
    receivedAt: now,
    storeId: null,
    source: 'profiles',
    payload: {
      type: 'track',
      event: change.entered ? 'Segment Entered' : 'Segment Exited',
      properties: {
        segment_id: change.segmentId,
        segment_name: change.segmentName,
        profile_id: change.profileId,
        cause: change.cause,
      },
    },
  };
}

/** The user and anonymous id to put on events about a profile (its userId, else its first device id). */
export function primaryIds(keys: readonly string[]): { userId: string | null; anonymousId: string | null } {
  const user = keys.find((k) => k.startsWith('user:'));
  const anon = keys.find((k) => k.startsWith('anon:'));
  return { userId: user ? user.slice(5) : null, anonymousId: anon ? anon.slice(5) : null };
}
