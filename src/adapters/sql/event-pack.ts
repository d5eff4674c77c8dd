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

function buffers(spare: PackSpare, bytes: number, count: number) {
  const b =
    spare.bytes && spare.bytes.buffer.byteLength >= bytes
      ? Buffer.from(spare.bytes.buffer)
      : Buffer.from(new ArrayBuffer(Math.max(bytes, 64 * 1024)));
  const meta =
    spare.meta && spare.meta.length >= count * PACKED_STRIDE
      ? spare.meta
      : new Float64Array(Math.max(count * PACKED_STRIDE, 1024));
  return { b, meta };
}

const PAYLOAD = PACKED_TEXT_COLUMNS - 1;

/** An event whose payload bytes are copied from its ASCII request body rather than encoded again. */
const direct = (e: PanierEvent) =>
  e.payloadSource !== undefined && e.payloadAt !== undefined && e.payloadJson !== undefined;

/**
 * Payloads cut from an ASCII request body are copied from its bytes (first in the buffer); the other
 * texts are joined and encoded in one call when they are all ASCII (then character offsets are byte
 * offsets), which is the common case; otherwise each is encoded on its own.
 */
export function packEvents(groups: readonly (readonly PanierEvent[])[], spare: PackSpare = {}): PackedEvents {
  let count = 0;
  for (const events of groups) count += events.length;
  const texts: (string | null)[] = new Array(count * PACKED_TEXT_COLUMNS);
  let joined = '';
  let copied = 0;
  let t = 0;
  for (const events of groups)
    for (const e of events) {
      const copy = direct(e);
      if (copy) copied += e.payloadJson!.length;
      for (let j = 0; j < PACKED_TEXT_COLUMNS; j++) {
        if (copy && j === PAYLOAD) {
          texts[t++] = null;
          continue;
        }
        const s = textOf(e, j);
        texts[t++] = s;
        if (s !== null) joined += s;
      }
    }
  const ascii = Buffer.byteLength(joined, 'utf8') === joined.length;
  const { b, meta } = buffers(spare, copied + (ascii ? joined.length : joined.length * 3), count);
  if (ascii) b.write(joined, copied, 'latin1'); // ASCII: latin1 bytes are the UTF-8 bytes
  let at = 0; // next copied payload
  let off = copied; // next joined text
  let m = 0;
  t = 0;
  let from: Uint8Array | undefined;
  let fromBuffer: Buffer | undefined;
  for (const events of groups)
    for (const e of events) {
      const copy = direct(e);
      for (let j = 0; j < PACKED_TEXT_COLUMNS; j++) {
        if (copy && j === PAYLOAD) {
          if (e.payloadSource !== from) {
            from = e.payloadSource!;
            fromBuffer = Buffer.from(from.buffer, from.byteOffset, from.byteLength);
          }
          const n = e.payloadJson!.length;
          fromBuffer!.copy(b, at, e.payloadAt!, e.payloadAt! + n);
          meta[m++] = at;
          meta[m++] = n;
          at += n;
          t++;
          continue;
        }
        const s = texts[t++]!;
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
  return { count, bytes: b, meta };
}
