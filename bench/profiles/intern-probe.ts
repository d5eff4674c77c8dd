// Does retaining the ids a JSON body carries slow JSON.parse (V8 internalizes string values under 10 chars)?
import { performance } from 'node:perf_hooks';
import { createRng } from '../../src/kernel/index.ts';
import { batchBodies } from './ratio-harness.ts';

const SHOPPERS = 200_000;
const bodies = batchBodies('x', 600, SHOPPERS);
createRng(1);
let sink = 0;
function time(label: string) {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (const b of bodies) sink += (JSON.parse(b) as { batch: unknown[] }).batch.length;
    best = Math.min(best, performance.now() - t0);
  }
  console.log(`${label}: best of 5 ${((best * 1000) / 60_000).toFixed(2)} µs/event`);
}
const ids = (): string[] => {
  const out: string[] = [];
  for (let p = 0; p < SHOPPERS; p++) out.push(`a${p}`);
  for (let p = 0; p < SHOPPERS; p += 2) out.push(`u${p}`);
  for (let p = 0; p < 50_000; p++) out.push(`P${p}`);
  return out;
};
const mode = process.argv[2] ?? 'none';
time('before');
const keep: unknown[] = [];
if (mode === 'object') {
  const o: Record<string, number> = Object.create(null);
  for (const k of ids()) o[k] = 1;
  keep.push(o);
} else if (mode === 'map-copy') {
  const m = new Map<string, number>();
  for (const k of ids()) m.set(k, 1); // template-literal strings: not internalized
  keep.push(m);
} else if (mode === 'map-json') {
  const m = new Map<string, number>();
  // the same ids as JSON.parse hands them over (internalized, being under 10 chars)
  for (const k of JSON.parse(JSON.stringify(ids())) as string[]) m.set(k, 1);
  keep.push(m);
}
(globalThis as { gc?: () => void }).gc?.();
time(`after retaining ids (${mode})`);
console.log(sink > 0, keep.length);
