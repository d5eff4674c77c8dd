import { describe, expect, it } from 'vitest';
import { TouchedSlots } from './touched.ts';

describe('touched slots', () => {
  it('lists each slot once in first-touch order with the union of its inputs, per batch', () => {
    const t = new TouchedSlots();
    t.begin();
    t.add(7, 0b001);
    t.add(3, 0b010);
    t.add(7, 0b100);
    expect(t.slots).toEqual([7, 3]);
    expect(t.inputsOf(7)).toBe(0b101);
    expect(t.inputsOf(3)).toBe(0b010);
    expect(t.inputsOf(4)).toBe(0);
    t.begin();
    expect(t.slots).toEqual([]);
    expect(t.inputsOf(7)).toBe(0);
    t.add(7, 0b010);
    expect(t.inputsOf(7)).toBe(0b010);
  });

  it('keeps earlier slots when it grows, and a dropped slot has no inputs left', () => {
    const t = new TouchedSlots();
    t.begin();
    t.add(1, 0b1);
    t.add(100_000, 0b10);
    expect(t.inputsOf(1)).toBe(0b1);
    expect(t.inputsOf(100_000)).toBe(0b10);
    expect(t.inputsOf(10_000_000)).toBe(0);
    t.drop(1);
    t.drop(10_000_000);
    expect(t.inputsOf(1)).toBe(0);
    expect(t.slots).toEqual([1, 100_000]);
  });
});
