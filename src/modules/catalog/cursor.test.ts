import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';

describe('cursors', () => {
  it('round-trip keys with any characters and are URL-safe', () => {
    for (const key of [['p1'], ['sku/1?x=é&y=😀', 'store #2'], ['']]) {
      const cursor = encodeCursor(key);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor, key.length)).toEqual(key);
    }
  });

  it('refuses a cursor that is not ours or has the wrong shape', () => {
    expect(() => decodeCursor('not a cursor!', 1)).toThrow(
      expect.objectContaining({ code: 'invalid_query' }),
    );
    expect(() => decodeCursor(encodeCursor(['a', 'b']), 1)).toThrow(/cursor/);
    expect(() => decodeCursor(btoa('{"a":1}'), 1)).toThrow(/cursor/);
  });
});
