import { describe, expect, it } from 'vitest';
import { createRng } from '../../kernel/index.ts';
import { poisson, Sfc32 } from './random.ts';

describe('demo random streams', () => {
  it('Sfc32 reproduces the kernel createRng draw for draw', () => {
    for (const seed of [0, 1, 42, 0x7fffffff, 0xffffffff, 123456789]) {
      const kernel = createRng(seed);
      const fast = new Sfc32(seed);
      for (let k = 0; k < 2000; k++) expect(fast.next()).toBe(kernel.next());
      expect(fast.normal()).toBe(kernel.normal());
      expect(fast.int(97)).toBe(kernel.int(97));
      expect(fast.chance(0.3)).toBe(kernel.chance(0.3));
    }
  });

  it('poisson draws have the requested mean, small or large', () => {
    const rng = new Sfc32(9);
    for (const lambda of [0.02, 0.5, 3.5]) {
      let sum = 0;
      for (let k = 0; k < 50_000; k++) sum += poisson(rng, lambda);
      expect(sum / 50_000).toBeCloseTo(lambda, 1);
    }
  });
});
