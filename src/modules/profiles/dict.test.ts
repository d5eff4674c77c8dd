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

  it('takes any string as a value, those that look like numbers or prototype members included', () => {
    const d = new Dict();
    const odd = ['__proto__', 'constructor', 'toString', '123', '0', '-0', '01', '4294967295', '', ' '];
    for (const v of odd) d.id(v);
    expect(odd.map((v) => d.find(v))).toEqual(odd.map((_, i) => i));
    expect(odd.map((_, i) => d.value(i))).toEqual(odd);
    expect(d.find('hasOwnProperty')).toBe(-1);
  });
});
