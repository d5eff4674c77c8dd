import type { Rng } from '../../kernel/index.ts';

/** Independent random streams, so adding draws to one part of the demo does not reshuffle the others. */
export const STREAMS = {
  catalog: 1,
  product: 2,
  locations: 3,
  inventory: 4,
  shoppers: 5,
  events: 6,
  patterns: 7,
} as const;

/** 32-bit avalanche mix of two integers (murmur3 finalizer), to derive per-entity seeds. */
export function mix32(a: number, b: number): number {
  let h = Math.imul((a ^ 0x9e3779b9) >>> 0, 0x85ebca6b) ^ Math.imul(b >>> 0, 0xcc9e2d51);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

/**
 * The kernel's sfc32 (`createRng`), draw for draw, with its state in an Int32Array: the kernel's closure
 * boxes its four state words on every draw, which at tens of millions of draws made the demo spend most
 * of its time collecting garbage. A test pins this class to `createRng`'s output.
 */
export class Sfc32 implements Rng {
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    this.s[0] = 0x9e3779b9;
    this.s[1] = 0x243f6a88;
    this.s[2] = 0xb7e15162;
    this.s[3] = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  next(): number {
    const s = this.s;
    const b = s[1]!;
    let c = s[2]!;
    const d = (s[3]! + 1) | 0;
    const t = (((s[0]! + b) | 0) + d) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    s[2] = (c + t) | 0;
    s[3] = d;
    return (t >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

export function streamRng(seed: number, stream: number, index = 0): Rng {
  return new Sfc32(mix32(mix32(seed, stream), index));
}

/** Zipf weights 1/(rank+1)^s: a few popular items and a long tail. */
export function zipfWeights(n: number, s: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 1 / (i + 1) ** s;
  return w;
}

/** Running sums of weights, for sampling by binary search. */
export function cumulative(weights: ArrayLike<number>): Float64Array {
  const cum = new Float64Array(weights.length);
  fillCumulative(weights, cum);
  return cum;
}

/** Running sums into a plain array: cheaper than a typed array when there are many small ones. */
export function cumulativeList(weights: ArrayLike<number>): number[] {
  const cum: number[] = new Array(weights.length);
  fillCumulative(weights, cum);
  return cum;
}

function fillCumulative(weights: ArrayLike<number>, cum: { [k: number]: number }): void {
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i]!;
    cum[i] = total;
  }
}

/** Index drawn with probability proportional to its weight, given running sums over [from, to). */
export function pickCumulative(cum: ArrayLike<number>, r: number, from = 0, to = cum.length): number {
  const base = from > 0 ? cum[from - 1]! : 0;
  const target = base + r * (cum[to - 1]! - base);
  let lo = from;
  let hi = to - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Poisson draw by inversion of one uniform. Rates here are small, so most draws are 0: since
 * e^-λ ≥ 1 − λ, any u ≤ 1 − λ is a 0 without computing the exponential.
 */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  const u = rng.next();
  if (u <= 1 - lambda) return 0;
  let p = Math.exp(-lambda);
  let cdf = p;
  let k = 0;
  while (u > cdf && k < 1000) {
    k++;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

/** Log-normal multiplier with mean 1, so heterogeneity does not shift totals. */
export function lognormalUnitMean(rng: Rng, sigma: number): number {
  return Math.exp(sigma * rng.normal() - (sigma * sigma) / 2);
}

export function between(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}
