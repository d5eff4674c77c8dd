import { eventProperties, type PanierEvent } from '../../kernel/index.ts';
import { stringTable } from './dict.ts';

const absent = (v: unknown): boolean => v === undefined || v === null;

/** No identifier beyond userId and anonymousId can come out of this bag (see `eventKeys`). */
const plainBag = (bag: Record<string, unknown>): boolean =>
  absent(bag.email) && absent(bag.phone) && absent(bag.loyalty_id) && absent(bag.loyaltyId);

/** The event's only identity keys are `user:<userId>` and `anon:<anonymousId>` (either may be missing). */
export function plainIds(e: PanierEvent): boolean {
  if (e.kind === 'alias' || !plainBag(eventProperties(e))) return false;
  const ctx = e.payload.context;
  if (ctx === null || typeof ctx !== 'object') return true;
  const traits = (ctx as Record<string, unknown>).traits;
  return traits === null || typeof traits !== 'object' || Array.isArray(traits)
    ? true
    : plainBag(traits as Record<string, unknown>);
}

/**
 * Raw userId / anonymousId → profile slot, so the common event (a known device, maybe a known user)
 * finds its slot in one lookup without building identity keys. An entry mirrors a `user:` or `anon:`
 * key of the identity graph that the slot's profile owns; the graph reports every key that leaves a
 * profile (merge, unmerge, erase) and its entry goes with it. A hit is what linking would answer: every
 * key of the event already belongs to that one profile, and nothing changes.
 */
export class SlotCache {
  private readonly byAnon = stringTable<number>();
  private readonly byUser = stringTable<number>();
  /** Per slot, the raw userId its profile owns (when cached). */
  private readonly userOf: Array<string | undefined> = [];

  /** The slot an event's ids resolve to, or -1 when not cached (or the event carries other ids). */
  slotOf(e: PanierEvent): number {
    const anon = e.anonymousId;
    const user = e.userId;
    let slot: number | undefined;
    if (anon) {
      slot = this.byAnon[anon];
      if (slot === undefined || (user && this.userOf[slot] !== user)) return -1;
    } else if (user) slot = this.byUser[user];
    return slot !== undefined && plainIds(e) ? slot : -1;
  }

  /** Records that the profile in `slot` owns the key `anon:<anonymousId>`. */
  noteAnon(anonymousId: string, slot: number): void {
    this.byAnon[anonymousId] = slot;
  }

  /** Records that the profile in `slot` owns the key `user:<userId>`. */
  noteUser(userId: string, slot: number): void {
    this.byUser[userId] = slot;
    this.userOf[slot] = userId;
  }

  /** `key` left the profile in `slot` (undefined when the profile had no slot). */
  forget(key: string, slot: number | undefined): void {
    if (key.startsWith('anon:')) delete this.byAnon[key.slice(5)];
    else if (key.startsWith('user:')) {
      const user = key.slice(5);
      delete this.byUser[user];
      if (slot !== undefined && this.userOf[slot] === user) this.userOf[slot] = undefined;
    }
  }

  /** A slot was released (its keys already left it). */
  dropSlot(slot: number): void {
    this.userOf[slot] = undefined;
  }
}
