import { PanierError } from '../../../kernel/index.ts';
import { ACTIVITY_KINDS } from '../activity.ts';
import type { ProfileTable } from '../table.ts';
import { TouchedSlots } from '../touched.ts';
import type { RuleNode } from './ast.ts';
import {
  type ActivityNode,
  compileRule,
  dictOf,
  type EvalContext,
  ruleInputs,
  type SlotPredicate,
} from './compile.ts';
import { parseRule } from './parser.ts';

export interface SegmentDefinition {
  id: string;
  name: string;
  rule: string;
  createdAt: number;
  updatedAt: number;
}

export interface SegmentChange {
  segmentId: string;
  segmentName: string;
  profileId: string;
  entered: boolean;
  at: number;
  /** What triggered it: an event seq, a recompute or a merge. */
  cause: string;
}

interface LiveSegment {
  def: SegmentDefinition;
  ast: RuleNode;
  predicate: SlotPredicate;
  /** The inputs its rule reads (`INPUT` bits, its watch bits included). */
  inputs: number;
  members: Uint8Array;
  count: number;
}

/** Saved segments with slot-indexed membership bitmaps; a change is reported once, when the bit flips. */
export class SegmentRegistry {
  private readonly live = new Map<string, LiveSegment>();

  constructor(private readonly table: ProfileTable) {}

  list(): SegmentDefinition[] {
    return [...this.live.values()].map((s) => ({ ...s.def }));
  }

  get(id: string): SegmentDefinition | undefined {
    const s = this.live.get(id);
    return s ? { ...s.def } : undefined;
  }

  count(id: string): number {
    return this.require(id).count;
  }

  /** Adds or replaces a segment; membership starts empty until the next `recompute`. */
  put(def: SegmentDefinition): void {
    const ast = parseRule(def.rule);
    const predicate = compileRule(ast);
    const prev = this.live.get(def.id);
    const members = prev?.members ?? new Uint8Array(Math.max(1024, this.table.slots));
    this.live.set(def.id, { def: { ...def }, ast, predicate, inputs: 0, members, count: prev?.count ?? 0 });
    this.rewatch();
  }

  /** Removes a segment; its members exit. */
  remove(id: string, at: number): SegmentChange[] {
    const seg = this.require(id);
    const changes: SegmentChange[] = [];
    for (let s = 0; s < seg.members.length; s++)
      if (seg.members[s] === 1 && this.table.ids[s] !== undefined)
        changes.push(this.change(seg, s, false, at, 'segment deleted'));
    this.live.delete(id);
    this.rewatch();
    return changes;
  }

  /**
   * Registers every segment's event predicates with the table's watches again and sets each segment's
   * inputs. A predicate naming a category, brand, product or store watches it (the name gets its
   * dictionary id now, which events naming it later share); one without reads its verb's input.
   */
  private rewatch(): void {
    const watches = this.table.watches;
    watches.clear();
    const watchBit = (n: ActivityNode): number | undefined => {
      const kind = ACTIVITY_KINDS.indexOf(n.verb);
      if (n.target)
        return watches.watch(kind, n.target.kind, dictOf(this.table, n.target.kind).id(n.target.value));
      if (n.store !== null) return watches.watch(kind, 'store', this.table.stores.id(n.store));
      return undefined;
    };
    for (const seg of this.live.values()) seg.inputs = ruleInputs(seg.ast, watchBit);
  }

  /**
   * Re-evaluates the given slots against every segment; with the touched slots of a batch, only the
   * segments whose rule reads one of the inputs its events changed.
   */
  evaluate(slots: TouchedSlots | readonly number[], ctx: EvalContext, cause: string): SegmentChange[] {
    const changes: SegmentChange[] = [];
    const touched = slots instanceof TouchedSlots ? slots : null;
    const list = slots instanceof TouchedSlots ? slots.slots : slots;
    for (const seg of this.live.values()) {
      this.fit(seg);
      for (let i = 0; i < list.length; i++) {
        const s = list[i]!;
        if (touched && (touched.inputsOf(s) & seg.inputs) === 0) continue;
        this.flip(seg, s, seg.predicate(s, ctx), ctx.now, cause, changes);
      }
    }
    return changes;
  }

  /** Full pass over every profile, segment by segment (columnar scan). */
  recompute(ctx: EvalContext, cause: string, only?: string): SegmentChange[] {
    return this.recomputeRange(ctx, cause, 0, this.table.slots, only);
  }

  /** The full pass over slots `from` (inclusive) to `to` (exclusive) only: a chunk of a recompute. */
  recomputeRange(ctx: EvalContext, cause: string, from: number, to: number, only?: string): SegmentChange[] {
    const changes: SegmentChange[] = [];
    const end = Math.min(to, this.table.slots);
    for (const seg of this.live.values()) {
      if (only !== undefined && seg.def.id !== only) continue;
      this.fit(seg);
      const ids = this.table.ids;
      for (let s = from; s < end; s++)
        if (ids[s] !== undefined) this.flip(seg, s, seg.predicate(s, ctx), ctx.now, cause, changes);
    }
    return changes;
  }

  /** Count and a sample of profiles a rule would match, without saving it. */
  preview(rule: string, ctx: EvalContext, sampleSize: number): { count: number; sample: string[] } {
    const predicate = compileRule(parseRule(rule));
    let count = 0;
    const sample: string[] = [];
    for (let s = 0; s < this.table.slots; s++) {
      const id = this.table.ids[s];
      if (id === undefined || !predicate(s, ctx)) continue;
      count++;
      if (sample.length < sampleSize) sample.push(id);
    }
    return { count, sample };
  }

  /** Segment ids a slot belongs to. */
  segmentsOf(slot: number): string[] {
    return [...this.live.values()].filter((s) => s.members[slot] === 1).map((s) => s.def.id);
  }

  /**
   * Members in slot order from an exclusive cursor, the last slot looked at; `keep`, when given, leaves
   * out the member slots it refuses.
   */
  members(
    id: string,
    after: number,
    limit: number,
    keep?: (slot: number) => boolean,
  ): { profileIds: string[]; next: number | null } {
    const seg = this.require(id);
    const out: string[] = [];
    let s = after + 1;
    for (; s < seg.members.length && out.length < limit; s++)
      if (seg.members[s] === 1 && this.table.ids[s] !== undefined && (!keep || keep(s)))
        out.push(this.table.ids[s]!);
    return { profileIds: out, next: s < seg.members.length && out.length === limit ? s - 1 : null };
  }

  /** Sets a bit without reporting (replay restores what the log already says). */
  restoreBit(id: string, slot: number, member: boolean): void {
    const seg = this.live.get(id);
    if (!seg) return;
    this.fit(seg);
    if ((seg.members[slot] === 1) !== member) seg.count += member ? 1 : -1;
    seg.members[slot] = member ? 1 : 0;
  }

  /** Clears a slot everywhere (merge or erase); reported as exits only when asked. */
  clearSlot(slot: number, at: number, cause: string, report: boolean): SegmentChange[] {
    const changes: SegmentChange[] = [];
    for (const seg of this.live.values())
      if (seg.members[slot] === 1) {
        if (report) changes.push(this.change(seg, slot, false, at, cause));
        seg.members[slot] = 0;
        seg.count--;
      }
    return changes;
  }

  private flip(
    seg: LiveSegment,
    s: number,
    member: boolean,
    at: number,
    cause: string,
    out: SegmentChange[],
  ) {
    if ((seg.members[s] === 1) === member) return;
    seg.members[s] = member ? 1 : 0;
    seg.count += member ? 1 : -1;
    out.push(this.change(seg, s, member, at, cause));
  }

  private change(seg: LiveSegment, s: number, entered: boolean, at: number, cause: string): SegmentChange {
    return {
      segmentId: seg.def.id,
      segmentName: seg.def.name,
      profileId: this.table.ids[s]!,
      entered,
      at,
      cause,
    };
  }

  private fit(seg: LiveSegment): void {
    if (seg.members.length >= this.table.slots) return;
    const bigger = new Uint8Array(Math.max(this.table.slots, seg.members.length * 2));
    bigger.set(seg.members);
    seg.members = bigger;
  }

  private require(id: string): LiveSegment {
    const seg = this.live.get(id);
    if (!seg) throw new PanierError('not_found', `segment ${id} does not exist`);
    return seg;
  }
}
