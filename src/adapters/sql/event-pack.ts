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

function textsOf(e: PanierEvent): (string | null)[] {
  return [
    e.messageId,
    e.kind,
    e.type,
    e.name,
    e.userId,
    e.anonymousId,
    e.storeId,
    e.source,
    e.payloadJson ?? JSON.stringify(e.payload),
  ];
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

export function packEvents(groups: readonly (readonly PanierEvent[])[], spare: PackSpare = {}): PackedEvents {
  let count = 0;
  let bound = 0;
  const texts: (string | null)[][] = [];
  for (const events of groups)
    for (const e of events) {
      const t = textsOf(e);
      for (const s of t) if (s !== null) bound += s.length * 3; // UTF-8 never takes more than 3 bytes per UTF-16 unit
      texts.push(t);
      count++;
    }
  const bytes =
    spare.bytes && spare.bytes.buffer.byteLength >= bound
      ? Buffer.from(spare.bytes.buffer)
      : Buffer.from(new ArrayBuffer(Math.max(bound, 64 * 1024)));
  const meta =
    spare.meta && spare.meta.length >= count * PACKED_STRIDE
      ? spare.meta
      : new Float64Array(Math.max(count * PACKED_STRIDE, 1024));
  let off = 0;
  let m = 0;
  let i = 0;
  for (const events of groups)
    for (const e of events) {
      const t = texts[i++]!;
      for (let j = 0; j < PACKED_TEXT_COLUMNS; j++) {
        const s = t[j]!;
        if (s === null) {
          meta[m++] = 0;
          meta[m++] = -1;
        } else {
          const n = bytes.write(s, off, 'utf8');
          meta[m++] = off;
          meta[m++] = n;
          off += n;
        }
      }
      meta[m++] = e.timestamp;
      meta[m++] = e.receivedAt;
    }
  return { count, bytes, meta };
}
