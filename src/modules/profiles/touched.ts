/**
 * The slots a batch of events changed, each with the inputs (`INPUT` bits) its events changed. Reused
 * from batch to batch: a Map here allocated an entry array per slot and per segment on every iteration
 * (a third of the handler's garbage), and garbage is what makes the ingest path's collections slower.
 */
export class TouchedSlots {
  /** Slots in the order first touched (a dropped slot stays listed with no inputs). */
  readonly slots: number[] = [];
  private inputs = new Int32Array(1024);
  private marks = new Int32Array(1024);
  private epoch = 1;

  /** Starts a new batch: forgets every slot of the last one. */
  begin(): void {
    this.slots.length = 0;
    this.epoch++;
    // After 2^31 batches the marks restart, so an old mark never looks current.
    if (this.epoch === 0x7fffffff) {
      this.marks.fill(0);
      this.epoch = 1;
    }
  }

  add(slot: number, inputs: number): void {
    if (slot >= this.marks.length) this.grow(slot + 1);
    if (this.marks[slot] === this.epoch) {
      this.inputs[slot]! |= inputs;
      return;
    }
    this.marks[slot] = this.epoch;
    this.inputs[slot] = inputs;
    this.slots.push(slot);
  }

  /** The slot's profile went (merged away): nothing of it is to be evaluated. */
  drop(slot: number): void {
    if (slot < this.marks.length && this.marks[slot] === this.epoch) this.inputs[slot] = 0;
  }

  inputsOf(slot: number): number {
    return slot < this.marks.length && this.marks[slot] === this.epoch ? this.inputs[slot]! : 0;
  }

  private grow(atLeast: number): void {
    const n = Math.max(atLeast, this.marks.length * 2);
    const marks = new Int32Array(n);
    marks.set(this.marks);
    const inputs = new Int32Array(n);
    inputs.set(this.inputs);
    this.marks = marks;
    this.inputs = inputs;
  }
}
