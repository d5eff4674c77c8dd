import type { PanierEvent } from '../../kernel/index.ts';

/**
 * Events travel to the SQLite writer thread as two transferable buffers, not as cloned objects (cloning
 * an array of strings cost about twice as much CPU): the UTF-8 bytes of every text column one after the
 * other, and per event a fixed run of numbers, `[offset, length]` of each text column (length -1 for
 * NULL) then `ts` and `received_at`. The writer binds each text as a byte range cast to TEXT, so no
 * string is rebuilt on its side.
 */
export const PACKED_TEXT_COLUMNS = 9;
export const PACKED_STRIDE = PACKED_TEXT_COLUMNS * 2 + 2;

export interface PackedEvents {
  count: number;
  bytes: Uint8Array<ArrayBuffer>;
  meta: Float64Array<ArrayBuffer>;
}

/** Buffers handed back by the writer, reused for the next pack when they are large enough. */
export interface PackSpare {
  bytes?: Uint8Array<ArrayBuffer>;
  meta?: Float64Array<ArrayBuffer>;
}

/** Column order of the writer's INSERT: text columns in `textsOf` order, then the two numbers. */
export const PACKED_COLUMNS = [
  'message_id',
  'kind',
  'type',
  'name',
  'user_id',
  'anonymous_id',
  'store_id',
  'source',
  'payload',
  'ts',
  'received_at',
] as const;

function textOf(e: PanierEvent, column: number): string | null {
  switch (column) {
    case 0:
      return e.messageId;
    case 1:
      return e.kind;
    case 2:
      return e.type;
    case 3:
      return e.name;
    case 4:
      return e.userId;
    case 5:
      return e.anonymousId;
    case 6:
      return e.storeId;
    case 7:
      return e.source;
    default:
      return e.payloadJson ?? JSON.stringify(e.payload);
  }
}

const PAYLOAD = PACKED_TEXT_COLUMNS - 1;

/** An event whose payload bytes are copied from its request body rather than encoded again. */
const direct = (e: PanierEvent) =>
  e.payloadSource !== undefined &&
  e.payloadAt !== undefined &&
  e.payloadBytes !== undefined &&
  e.payloadJson !== undefined;

/**
 * Packs appends as they arrive, while their strings are fresh in the CPU cache (packing a queued group
 * at commit time read them back cold: about 3× the cost with a projection running between the two),
 * into buffers that grow by doubling; `take` hands them over and starts again on the spare ones.
 */
export class PackBuilder {
  private buffer!: ArrayBuffer;
  /** A Buffer view of `buffer` (for its string writes and copies). */
  private bytes!: Buffer;
  private meta!: Float64Array<ArrayBuffer>;
  private used = 0;
  private m = 0;
  private n = 0;

  constructor(spare: PackSpare = {}) {
    this.start(spare);
  }

  /** Events packed since the last `take`. */
  get count(): number {
    return this.n;
  }

  /**
   * Packs one append's events after the others. Payloads cut from a request body are copied from its
   * bytes; the other texts are joined and encoded in one call when they are all ASCII (then character
   * offsets are byte offsets), which is the common case; otherwise each is encoded on its own.
   */
  add(events: readonly PanierEvent[]): void {
    const texts: (string | null)[] = new Array(events.length * PACKED_TEXT_COLUMNS);
    let joined = '';
    let copied = 0;
    let t = 0;
    for (const e of events) {
      const copy = direct(e);
      if (copy) copied += e.payloadBytes!;
      for (let j = 0; j < PACKED_TEXT_COLUMNS; j++) {
        const s = copy && j === PAYLOAD ? null : textOf(e, j);
        texts[t++] = s;
        if (s !== null) joined += s;
      }
    }
    const ascii = Buffer.byteLength(joined, 'utf8') === joined.length;
    this.reserve(copied + (ascii ? joined.length : joined.length * 3), events.length);
    const b = this.bytes;
    const meta = this.meta;
    let at = this.used; // next copied payload
    let off = at + copied; // next joined text
    if (ascii) b.write(joined, off, 'latin1'); // ASCII: latin1 bytes are the UTF-8 bytes
    let m = this.m;
    t = 0;
    let from: Uint8Array | undefined;
    let fromBuffer: Buffer | undefined;
    for (const e of events) {
      const copy = direct(e);
      for (let j = 0; j < PACKED_TEXT_COLUMNS; j++) {
        const s = texts[t++]!;
        if (copy && j === PAYLOAD) {
          if (e.payloadSource !== from) {
            from = e.payloadSource!;
            fromBuffer = Buffer.from(from.buffer, from.byteOffset, from.byteLength);
          }
          const n = e.payloadBytes!;
          fromBuffer!.copy(b, at, e.payloadAt!, e.payloadAt! + n);
          meta[m++] = at;
          meta[m++] = n;
          at += n;
          continue;
        }
        if (s === null) {
          meta[m++] = 0;
          meta[m++] = -1;
          continue;
        }
        const n = ascii ? s.length : b.write(s, off, 'utf8');
        meta[m++] = off;
        meta[m++] = n;
        off += n;
      }
      meta[m++] = e.timestamp;
      meta[m++] = e.receivedAt;
    }
    this.used = off;
    this.m = m;
    this.n += events.length;
  }

  /** The events packed so far; the builder goes on with the spare buffers (or new ones). */
  take(spare: PackSpare = {}): PackedEvents {
    const packed = { count: this.n, bytes: new Uint8Array(this.buffer), meta: this.meta };
    this.start(spare);
    return packed;
  }

  /** Empty, on the spare buffers or new ones. */
  private start(spare: PackSpare): void {
    this.buffer = spare.bytes?.buffer ?? new ArrayBuffer(64 * 1024);
    this.bytes = Buffer.from(this.buffer);
    this.meta = spare.meta ?? new Float64Array(1024 * PACKED_STRIDE);
    this.used = 0;
    this.m = 0;
    this.n = 0;
  }

  /** Room for `bytes` more bytes and `events` more events, keeping what is packed. */
  private reserve(bytes: number, events: number): void {
    if (this.used + bytes > this.bytes.length) {
      this.buffer = new ArrayBuffer(Math.max(this.used + bytes, this.bytes.length * 2));
      const next = Buffer.from(this.buffer);
      this.bytes.copy(next, 0, 0, this.used);
      this.bytes = next;
    }
    const metaNeed = this.m + events * PACKED_STRIDE;
    if (metaNeed > this.meta.length) {
      const next = new Float64Array(Math.max(metaNeed, this.meta.length * 2));
      next.set(this.meta.subarray(0, this.m));
      this.meta = next;
    }
  }
}

/** Packs groups of events in one go (tests, benches). */
export function packEvents(groups: readonly (readonly PanierEvent[])[], spare: PackSpare = {}): PackedEvents {
  const builder = new PackBuilder(spare);
  for (const events of groups) builder.add(events);
  return builder.take();
}
