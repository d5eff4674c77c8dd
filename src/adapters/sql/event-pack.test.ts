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

  it('copies payloads cut from an ASCII request body from its bytes', () => {
    const body = Buffer.from('{"batch":[{"x":1},{"y":"two"}]}');
    const cut = (at: number, json: string) =>
      ev(`c${at}`, { payloadJson: json, payloadSource: body, payloadAt: at });
    const events = [cut(10, '{"x":1}'), ev('plain'), cut(18, '{"y":"two"}')];
    expect(unpack(packEvents([events]))).toEqual(events.map(expected));
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
