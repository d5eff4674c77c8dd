import { describe, expect, it } from 'vitest';
import { bulkRejected, lastByKey, validateRows } from './bulk.ts';
import { productInputSchema } from './schemas.ts';

describe('productInputSchema', () => {
  it('keeps a category as a path from either form', () => {
    const base = { id: 'p', title: 'P', price: 1 };
    expect(productInputSchema.parse({ ...base, category: ' Garden >Tools > ' }).category).toEqual([
      'Garden',
      'Tools',
    ]);
    expect(productInputSchema.parse({ ...base, category: ['Garden', ' Tools'] }).category).toEqual([
      'Garden',
      'Tools',
    ]);
    expect(productInputSchema.safeParse({ ...base, category: ['A > B'] }).success).toBe(false);
  });

  it('refuses unknown keys but accepts and ignores updatedAt from a read-back product', () => {
    const base = { id: 'p', title: 'P', price: 1 };
    const r = productInputSchema.safeParse({ ...base, image_url: 'x' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.code).toBe('unrecognized_keys');
    expect(productInputSchema.safeParse({ ...base, updatedAt: 5 }).success).toBe(true);
  });
});

describe('validateRows', () => {
  it('reports every problem of every row with index, line and field path', () => {
    const rows = [
      { id: 'ok', title: 'Ok', price: 1 },
      { id: '', title: 'No id', price: -1 },
      'not an object',
      { id: 'ok2', title: 'Ok2', price: 2, currency: 'euro', attributes: { tags: [1] } },
    ];
    const v = validateRows(productInputSchema, rows, { lines: [10, 11, 12, 13] });
    expect(v.valid.map((p) => p.id)).toEqual(['ok']);
    expect(v.validIndex).toEqual([0]);
    expect(v.invalidRows).toBe(3);
    expect(v.errors.map((e) => [e.index, e.line, e.path])).toEqual([
      [1, 11, 'id'],
      [1, 11, 'price'],
      [2, 12, ''],
      [3, 13, 'currency'],
      [3, 13, 'attributes.tags'],
    ]);
    const err = bulkRejected('product', rows.length, v.invalidRows, v.errors);
    expect(err.code).toBe('invalid_row');
    expect(err.message).toMatch(
      /^3 of 4 product rows are invalid; nothing was applied \(first: line 11 id: /,
    );
    expect(err.path).toBe('1.id');
    expect(err.details).toMatchObject({ invalidRows: 3, truncated: false });
  });

  it('caps the listed problems but not the count', () => {
    const rows = Array.from({ length: 1500 }, () => ({}));
    const v = validateRows(productInputSchema, rows);
    const details = bulkRejected('product', rows.length, v.invalidRows, v.errors).details;
    expect(details).toMatchObject({ invalidRows: 1500, truncated: true });
    expect((details as { errors: unknown[] }).errors).toHaveLength(1000);
  });
});

describe('lastByKey', () => {
  it('keeps the last row of each key', () => {
    const rows = [
      { id: 'a', v: 1 },
      { id: 'b', v: 2 },
      { id: 'a', v: 3 },
    ];
    expect(lastByKey(rows, (r) => r.id)).toEqual([
      { id: 'a', v: 3 },
      { id: 'b', v: 2 },
    ]);
  });
});
