import { PanierError } from '../../kernel/index.ts';
import { idPriority, kindOf } from './identifiers.ts';

/** One recorded merge: which profile absorbed which, the keys that moved, when and why. */
export interface MergeRecord {
  id: string;
  at: number;
  survivor: string;
  absorbed: string;
  keys: string[];
  reason: string;
  undoneAt: number | null;
  undoneBy: string | null;
}

export interface LinkResult {
  profileId: string;
  created: boolean;
  merges: MergeRecord[];
}

/** Two key sets an admin separated: profiles holding one side never merge with the other side. */
interface Separation {
  a: Set<string>;
  b: Set<string>;
}

/**
 * Identity graph: every identity key belongs to exactly one profile. Linking never merges two profiles
 * that each carry a different userId (shared devices), nor keys an admin separated.
 */
const NO_KEYS: readonly string[] = [];

export class IdentityGraph {
  private readonly owner = new Map<string, string>();
  /** Keys per profile: a plain array, since most profiles hold one to three keys. */
  private readonly keysOf = new Map<string, string[]>();
  private readonly order = new Map<string, number>();
  private readonly mergeLog: MergeRecord[] = [];
  /** Absorbed profile id → the profile that absorbed it, so old profile ids still resolve. */
  private readonly redirect = new Map<string, string>();
  private readonly separations: Separation[] = [];
  private readonly sepByKey = new Map<string, number[]>();
  private created = 0;

  /**
   * `onKeyLeft` hears of every key that leaves a profile (moved by a merge or unmerge, or erased), before
   * the profile is released, so caches of key ownership stay exact.
   */
  constructor(
    private readonly newProfileId: (firstKey: string, taken: (id: string) => boolean) => string,
    private readonly onKeyLeft: (key: string, profileId: string) => void = () => {},
  ) {}

  resolve(key: string): string | undefined {
    return this.owner.get(key);
  }

  keys(profileId: string): string[] {
    return [...(this.keysOf.get(profileId) ?? [])];
  }

  /** The profile's keys without a copy, for a quick read (valid until the graph next changes). */
  keysView(profileId: string): readonly string[] {
    return this.keysOf.get(profileId) ?? NO_KEYS;
  }

  has(profileId: string): boolean {
    return this.keysOf.has(profileId);
  }

  /** The live profile an old (merged-away) profile id now belongs to. */
  current(profileId: string): string | undefined {
    let id: string | undefined = profileId;
    for (let hops = 0; id !== undefined && hops < 64; hops++) {
      if (this.keysOf.has(id)) return id;
      id = this.redirect.get(id);
    }
    return undefined;
  }

  get profileCount(): number {
    return this.keysOf.size;
  }

  merges(profileId?: string): MergeRecord[] {
    if (profileId === undefined) return [...this.mergeLog];
    return this.mergeLog.filter((m) => m.survivor === profileId || m.absorbed === profileId);
  }

  /** Attaches the keys seen together on one event; returns the profile the event belongs to. */
  link(keys: readonly string[], at: number, reason: () => string): LinkResult {
    const known = this.sameOwner(keys);
    if (known !== undefined) return { profileId: known, created: false, merges: NO_MERGES };
    const ordered = [...keys].sort((x, y) => idPriority(x) - idPriority(y));
    const owners = unique(ordered.map((k) => this.owner.get(k)).filter((p): p is string => p !== undefined));
    let target = this.pickTarget(ordered, owners);
    let created = false;
    if (target === undefined) {
      target = this.createProfile(ordered[0]!);
      this.assign(ordered[0]!, target);
      created = true;
    }
    const merges: MergeRecord[] = [];
    for (const other of owners) {
      // An owner absorbed by an earlier merge of this loop already lives in the target.
      if (other === target || !this.keysOf.has(other) || !this.canMerge(target, other)) continue;
      const record = this.merge(target, other, at, reason());
      merges.push(record);
      target = record.survivor;
    }
    for (const k of ordered) if (!this.owner.has(k) && this.accepts(target, k)) this.assign(k, target);
    return { profileId: target, created, merges };
  }

  /** Admin merge of two profiles by id. */
  mergeProfiles(into: string, from: string, at: number, reason: string): MergeRecord {
    if (into === from) throw new PanierError('invalid_argument', 'a profile cannot be merged into itself');
    for (const id of [into, from])
      if (!this.keysOf.has(id)) throw new PanierError('not_found', `profile ${id} does not exist`);
    if (!this.canMerge(into, from))
      throw new PanierError(
        'conflict',
        'these profiles carry different userIds or were separated by an admin',
      );
    return this.merge(into, from, at, reason);
  }

  /** Reverses a merge: its keys go back to a restored profile and the two sides stay apart from now on. */
  unmerge(mergeId: string, at: number, by: string): { restored: string; from: string } {
    const record = this.mergeLog.find((m) => m.id === mergeId);
    if (!record) throw new PanierError('not_found', `merge ${mergeId} does not exist`);
    if (record.undoneAt !== null) throw new PanierError('conflict', `merge ${mergeId} was already undone`);
    const holder = record.keys.map((k) => this.owner.get(k)).find((p) => p !== undefined);
    if (holder === undefined) throw new PanierError('conflict', 'the merged identifiers no longer exist');
    const moved = record.keys.filter((k) => this.owner.get(k) === holder);
    const restored = this.keysOf.has(record.absorbed) ? this.createProfile(moved[0]!) : record.absorbed;
    this.ensureProfile(restored);
    this.redirect.delete(restored);
    for (const k of moved) this.assign(k, restored);
    this.separate(moved, this.keys(holder));
    record.undoneAt = at;
    record.undoneBy = by;
    return { restored, from: holder };
  }

  /** Forgets a profile and every key and merge that names it (erasure). */
  remove(profileId: string): string[] {
    const keys = this.keys(profileId);
    for (const k of keys) {
      this.onKeyLeft(k, profileId);
      this.owner.delete(k);
      this.sepByKey.delete(k);
    }
    this.keysOf.delete(profileId);
    this.order.delete(profileId);
    for (const [from, to] of this.redirect)
      if (to === profileId || from === profileId) this.redirect.delete(from);
    for (let i = this.mergeLog.length - 1; i >= 0; i--) {
      const m = this.mergeLog[i]!;
      if (m.survivor === profileId || m.absorbed === profileId) this.mergeLog.splice(i, 1);
    }
    for (const s of this.separations)
      for (const k of keys) {
        s.a.delete(k);
        s.b.delete(k);
      }
    return keys;
  }

  /** Restores admin separations (from storage) before a replay so undone merges stay undone. */
  separate(a: readonly string[], b: readonly string[]): void {
    const idx = this.separations.push({ a: new Set(a), b: new Set(b) }) - 1;
    for (const k of [...a, ...b]) this.sepByKey.set(k, [...(this.sepByKey.get(k) ?? []), idx]);
  }

  separationList(): Array<{ a: string[]; b: string[] }> {
    return this.separations
      .map((s) => ({ a: [...s.a], b: [...s.b] }))
      .filter((s) => s.a.length && s.b.length);
  }

  /** Re-adds a merge record from storage (history of undone merges survives rebuilds). */
  restoreRecord(record: MergeRecord): void {
    if (!this.mergeLog.some((m) => m.id === record.id)) this.mergeLog.push({ ...record });
  }

  /** Fast path: every key already belongs to the same profile (the common case by far). */
  private sameOwner(keys: readonly string[]): string | undefined {
    let owner: string | undefined;
    for (const k of keys) {
      const o = this.owner.get(k);
      if (o === undefined || (owner !== undefined && o !== owner)) return undefined;
      owner = o;
    }
    return owner;
  }

  private pickTarget(ordered: readonly string[], owners: readonly string[]): string | undefined {
    const primary = ordered[0];
    if (primary === undefined) return undefined;
    const own = this.owner.get(primary);
    if (own !== undefined) return own;
    if (kindOf(primary) === 'user') return owners.find((p) => this.userKey(p) === undefined);
    return owners[0];
  }

  private createProfile(firstKey: string): string {
    const id = this.newProfileId(firstKey, (candidate) => this.keysOf.has(candidate));
    this.ensureProfile(id);
    return id;
  }

  private ensureProfile(id: string): void {
    if (this.keysOf.has(id)) return;
    this.keysOf.set(id, []);
    this.order.set(id, this.created++);
  }

  private assign(key: string, profileId: string): void {
    const prev = this.owner.get(key);
    if (prev === profileId) return;
    if (prev !== undefined) {
      this.onKeyLeft(key, prev);
      const list = this.keysOf.get(prev);
      const at = list ? list.indexOf(key) : -1;
      if (at >= 0) list!.splice(at, 1);
    }
    this.owner.set(key, profileId);
    this.keysOf.get(profileId)!.push(key);
  }

  private userKey(profileId: string): string | undefined {
    for (const k of this.keysOf.get(profileId) ?? []) if (k.startsWith('user:')) return k;
    return undefined;
  }

  private accepts(profileId: string, key: string): boolean {
    if (!key.startsWith('user:')) return true;
    const existing = this.userKey(profileId);
    return existing === undefined || existing === key;
  }

  private canMerge(p: string, q: string): boolean {
    const up = this.userKey(p);
    const uq = this.userKey(q);
    if (up !== undefined && uq !== undefined && up !== uq) return false;
    if (this.sepByKey.size === 0) return true;
    const kp = this.keysOf.get(p)!;
    const kq = this.keysOf.get(q)!;
    for (const k of kp)
      for (const idx of this.sepByKey.get(k) ?? []) {
        const s = this.separations[idx]!;
        const other = s.a.has(k) ? s.b : s.a;
        for (const o of other) if (kq.includes(o)) return false;
      }
    return true;
  }

  private merge(p: string, q: string, at: number, reason: string): MergeRecord {
    const [survivor, absorbed] = this.order.get(p)! <= this.order.get(q)! ? [p, q] : [q, p];
    const keys = this.keys(absorbed);
    for (const k of keys) this.assign(k, survivor);
    this.keysOf.delete(absorbed);
    this.order.delete(absorbed);
    this.redirect.set(absorbed, survivor);
    const record: MergeRecord = {
      id: `mrg_${survivor}_${absorbed}_${at}`,
      at,
      survivor,
      absorbed,
      keys,
      reason,
      undoneAt: null,
      undoneBy: null,
    };
    this.mergeLog.push(record);
    return record;
  }
}

const NO_MERGES: MergeRecord[] = [];

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
