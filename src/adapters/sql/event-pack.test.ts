import { describe, expect, it } from 'vitest';
import type { PanierEvent } from '../../kernel/index.ts';
import { PACKED_COLUMNS, PACKED_STRIDE, PACKED_TEXT_COLUMNS, PackBuilder, packEvents } from './event-pack.ts';
import { EVENT_COLUMNS, eventValues } from './event-rows.ts';

const ev = (id: string, over: Partial<PanierEvent> = {}): PanierEvent => ({
  messageId: id,
  kind: 'track',
  type: 'product_viewed',
  name: 'Product Viewed',
  userId: null,
  anonymousId: `a-${id}`,
  timestamp: 1_700_000_000_000 + id.length,
  receivedAt: 1_700_000_000_001,
  storeId: null,
  source: 'test',
  payload: { id },
  ...over,
});

/** Reads the packed events back as the writer thread does: texts by [offset, length], then the two numbers. */
function unpack(p: { count: number; bytes: Uint8Array; meta: Float64Array }) {
  const rows: (string | number | null)[][] = [];
  for (let i = 0; i < p.count; i++) {
    const m = i * PACKED_STRIDE;
    const row: (string | number | null)[] = [];
    for (let j = 0; j < PACKED_TEXT_COLUMNS; j++) {
      const [off, len] = [p.meta[m + 2 * j]!, p.meta[m + 2 * j + 1]!];
      row.push(len < 0 ? null : Buffer.from(p.bytes.buffer, off, len).toString('utf8'));
    }
    row.push(p.meta[m + 2 * PACKED_TEXT_COLUMNS]!, p.meta[m + 2 * PACKED_TEXT_COLUMNS + 1]!);
    rows.push(row);
  }
  return rows;
}

/** The row the writer must insert, in the pack's column order, from the inline writer's own row mapping. */
const expected = (e: PanierEvent) => {
  const values = eventValues(e);
  return PACKED_COLUMNS.map((c) => values[EVENT_COLUMNS.indexOf(c)]);
};

describe('PackBuilder', () => {
  it('packs appends one after another, growing past its spare buffers, ASCII or not', () => {
    expect(PACKED_COLUMNS).toHaveLength(PACKED_TEXT_COLUMNS + 2);
    const spare = { bytes: new Uint8Array(new ArrayBuffer(16)), meta: new Float64Array(PACKED_STRIDE) };
    const builder = new PackBuilder(spare);
    const first = [ev('e1', { userId: 'u1', storeId: 's1' }), ev('e2')];
    const second = Array.from({ length: 300 }, (_, i) => ev(`n${i}`, { name: `Vu é ${i} 🛒` }));
    const third = [ev('e3', { payload: { note: 'ça' } })];
    builder.add(first);
    builder.add(second);
    builder.add(third);
    expect(builder.count).toBe(303);
    const packed = builder.take();
    expect(unpack(packed)).toEqual([...first, ...second, ...third].map(expected));
    expect(builder.count).toBe(0);
  });

  it('copies payloads cut from a request body from its bytes, UTF-8 included', () => {
    const text = '{"batch":[{"x":1},{"y":"crème – 2"}]}';
    const body = Buffer.from(text);
    const cut = (json: string) =>
      ev(`c${json.length}`, {
        payloadJson: json,
        payloadSource: body,
        payloadAt: Buffer.byteLength(text.slice(0, text.indexOf(json))),
        payloadBytes: Buffer.byteLength(json),
      });
    const events = [cut('{"x":1}'), ev('plain'), cut('{"y":"crème – 2"}')];
    expect(unpack(packEvents([events]))).toEqual(events.map(expected));
    // The bytes are taken from the body, not from encoding payloadJson again.
    const other = Buffer.from(text.replace('{"x":1}', '{"x":7}'));
    const copied = unpack(packEvents([[{ ...events[0]!, payloadSource: other }]]));
    expect(copied[0]![PACKED_COLUMNS.indexOf('payload')]).toBe('{"x":7}');
  });

  it('leaves what it packed untouched when an append cannot be serialized', () => {
    const builder = new PackBuilder();
    builder.add([ev('ok')]);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => builder.add([ev('bad', { payload: circular })])).toThrow();
    builder.add([ev('after')]);
    expect(unpack(builder.take()).map((r) => r[0])).toEqual(['ok', 'after']);
  });
});
