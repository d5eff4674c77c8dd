import type { SegmentMessage } from './segment.ts';

/**
 * Events generated but not yet emitted, as a binary min-heap on (time, arrival). Sessions are generated
 * in start order, so anything earlier than the next session's start is final and can leave; the heap
 * holds only the sessions still in progress, which keeps memory flat and objects short-lived.
 */
export class PendingEvents {
  private times: number[] = [];
  private seqs: number[] = [];
  private msgs: SegmentMessage[] = [];
  private arrivals = 0;

  get size(): number {
    return this.msgs.length;
  }

  push(time: number, msg: SegmentMessage): void {
    let k = this.msgs.length;
    const seq = this.arrivals++;
    this.times.push(time);
    this.seqs.push(seq);
    this.msgs.push(msg);
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.before(time, seq, parent)) break;
      this.move(parent, k);
      k = parent;
    }
    this.set(k, time, seq, msg);
  }

  /** Time of the earliest pending event (Infinity when empty). */
  peekTime(): number {
    return this.msgs.length > 0 ? this.times[0]! : Number.POSITIVE_INFINITY;
  }

  /** Removes the earliest event; call only when `size > 0`. */
  pop(): SegmentMessage {
    const top = this.msgs[0]!;
    const last = this.msgs.length - 1;
    const time = this.times[last]!;
    const seq = this.seqs[last]!;
    const msg = this.msgs[last]!;
    this.times.pop();
    this.seqs.pop();
    this.msgs.pop();
    if (last > 0) this.siftDown(time, seq, msg, last);
    return top;
  }

  private siftDown(time: number, seq: number, msg: SegmentMessage, size: number): void {
    let k = 0;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= size) break;
      if (child + 1 < size && this.less(child + 1, child)) child++;
      if (!this.afterSlot(time, seq, child)) break;
      this.move(child, k);
      k = child;
    }
    this.set(k, time, seq, msg);
  }

  private before(time: number, seq: number, slot: number): boolean {
    return time < this.times[slot]! || (time === this.times[slot]! && seq < this.seqs[slot]!);
  }

  private afterSlot(time: number, seq: number, slot: number): boolean {
    return time > this.times[slot]! || (time === this.times[slot]! && seq > this.seqs[slot]!);
  }

  private less(a: number, b: number): boolean {
    return this.before(this.times[a]!, this.seqs[a]!, b);
  }

  private move(from: number, to: number): void {
    this.set(to, this.times[from]!, this.seqs[from]!, this.msgs[from]!);
  }

  private set(slot: number, time: number, seq: number, msg: SegmentMessage): void {
    this.times[slot] = time;
    this.seqs[slot] = seq;
    this.msgs[slot] = msg;
  }
}
