import { describe, expect, it } from 'vitest';
import { validateRows } from './bulk.ts';
import { flatInventoryRecord, flatLocationRecord, flatProductRecord, unknownColumns } from './records.ts';
import { inventoryInputSchema, locationInputSchema, productInputSchema } from './schemas.ts';

describe('flatProductRecord', () => {
  it('turns a CSV row into a valid product input', () => {
    const input = flatProductRecord({
      id: ' sku-1 ',
      title: 'Spade',
      description: '',
      brand: 'Fiskars',
      category: 'Garden > Tools',
      price: '12,50',
      currency: 'EUR',
      image_url: 'https://img/1.jpg',
      active: 'no',
      'attr.color': 'green',
      'attr.size': '',
    });
    expect(input).toEqual({
      id: ' sku-1 ',
      title: 'Spade',
      brand: 'Fiskars',
      category: 'Garden > Tools',
      price: 12.5,
      currency: 'EUR',
      attributes: { color: 'green' },
      imageUrl: 'https://img/1.jpg',
      active: false,
    });
    expect(productInputSchema.parse(input)).toMatchObject({ id: 'sku-1', category: ['Garden', 'Tools'] });
  });

  it('merges an attributes JSON column with attr.* columns and accepts camelCase headers', () => {
    const input = flatProductRecord({
      ID: 'a',
      Title: 'A',
      Price: '1e2',
      imageUrl: 'x.jpg',
      attributes: '{"weightKg":1.2,"color":"red"}',
      'attr.color': 'blue',
    });
    expect(input).toMatchObject({ id: 'a', price: 100, imageUrl: 'x.jpg' });
    expect(input.attributes).toEqual({ weightKg: 1.2, color: 'blue' });
  });

  it('passes bad cells through so validation names the field', () => {
    const rows = [
      flatProductRecord({ id: 'b', title: 'B', price: 'twelve', active: 'maybe' }),
      flatProductRecord({ id: 'c', title: 'C', price: '3', attributes: '{oops' }),
    ];
    const { errors } = validateRows(productInputSchema, rows, { lines: [2, 3] });
    expect(errors.map((e) => [e.line, e.path])).toEqual([
      [2, 'price'],
      [2, 'active'],
      [3, 'attributes'],
    ]);
    expect(errors[2]!.message).toMatch(/expected an object/);
  });
});

describe('flatLocationRecord and flatInventoryRecord', () => {
  it('convert coordinates, capacity, opening hours and counts', () => {
    const location = flatLocationRecord({
      id: 'L1',
      name: 'Lyon Part-Dieu',
      kind: 'Locker',
      lat: '45.76',
      lon: '4.86',
      capacity: '48',
      opening_hours: '{"mon":[["08:00","20:00"]]}',
      active: 'TRUE',
    });
    expect(locationInputSchema.parse(location)).toMatchObject({
      kind: 'locker',
      lat: 45.76,
      capacity: 48,
      openingHours: { mon: [['08:00', '20:00']] },
      active: true,
    });
    const level = flatInventoryRecord({ product_id: 'p', location_id: 'L1', on_hand: '7', reserved: '' });
    expect(inventoryInputSchema.parse(level)).toEqual({
      productId: 'p',
      locationId: 'L1',
      onHand: 7,
      reserved: 0,
      inTransit: 0,
    });
  });
});

describe('unknownColumns', () => {
  it('lists headers a flattener would ignore', () => {
    expect(unknownColumns('products', ['id', 'Image URL', 'attr.x', 'colour'])).toEqual(['colour']);
    expect(unknownColumns('inventory', ['productId', 'location_id', 'on_hand', 'bin'])).toEqual(['bin']);
    expect(unknownColumns('locations', ['opening_hours', 'lat', 'lng'])).toEqual(['lng']);
  });
});
