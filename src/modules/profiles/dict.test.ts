import { describe, expect, it } from 'vitest';
import { Dict } from './dict.ts';

describe('dictionary', () => {
  it('numbers values in order of first sight and finds them again, whatever string object asks', () => {
    const d = new Dict();
    const built = ['cat', '-', '7'].join('');
    expect(d.id(built)).toBe(0);
    expect(d.id('brand-1')).toBe(1);
    expect(d.id(JSON.parse('"cat-7"') as string)).toBe(0);
    expect(d.find('cat-7')).toBe(0);
    expect(d.find('nope')).toBe(-1);
    expect(d.value(1)).toBe('brand-1');
    expect(d.size).toBe(2);
  });
});
