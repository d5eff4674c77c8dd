// Development probe: duration of each step of the stepped refresh, and the longest gap of the main
// thread's event loop while the model fit runs in the worker. Env P shopper ids, E events, CHUNK slots
// per step (the service's default).

import { workerFitter } from '../../src/adapters/profiles/model-fitter.ts';
import { createRng, type LoggedEvent } from '../../src/kernel/index.ts';
import { DEFAULT_REFRESH_CHUNK, ProfileEngine } from '../../src/modules/profiles/index.ts';
import { END, makeEvent, RULES } from './workload.ts';

const P = Number(process.env.P ?? 200_000),
  E = Number(process.env.E ?? 2_000_000),
  CHUNK = Number(process.env.CHUNK ?? DEFAULT_REFRESH_CHUNK);
const eng = new ProfileEngine();
const rng = createRng(1);
for (let i = 0; i < E; i += 1000) {
  const b: LoggedEvent[] = [];
  for (let j = i; j < i + 1000; j++) b.push({ ...makeEvent(rng, j, P, E), seq: j + 1 });
  eng.ingest(b, END);
}
for (const [id, rule] of Object.entries(RULES))
  eng.segments.put({ id, name: id, rule, createdAt: 0, updatedAt: 0 });
eng.refresh(END, { refit: true });
const fitter = workerFitter();
const steps = eng.refreshSteps(END, true, CHUNK);
const durations: Array<[string, number]> = [];
let t = performance.now();
let label = 'stats';
for (let s = steps.next(); !s.done; s = steps.next()) {
  durations.push([label, performance.now() - t]);
  if (s.value !== null) {
    const t0 = performance.now();
    let maxGap = 0;
    let last = performance.now();
    let done = false;
    const tick = () => {
      const n = performance.now();
      maxGap = Math.max(maxGap, n - last);
      last = n;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    eng.model = await fitter.fit(s.value, END);
    done = true;
    durations.push(['fit (wall, main thread free)', performance.now() - t0]);
    durations.push(['longest main-thread gap during the fit', maxGap]);
    label = 'after fit';
  } else {
    await new Promise((r) => setImmediate(r));
    label = 'step';
  }
  t = performance.now();
}
durations.push([label, performance.now() - t]);
const long = durations.flatMap(([l, d], i) => (d > 25 ? [`#${i} ${l} ${d.toFixed(0)} ms`] : []));
console.log(`steps: ${durations.length}; over 25 ms: ${long.join(', ') || 'none'}`);
const byLabel = new Map<string, number[]>();
for (const [l, d] of durations) byLabel.set(l, [...(byLabel.get(l) ?? []), d]);
for (const [l, ds] of byLabel) {
  const sorted = ds.slice().sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
  console.log(`${l}: n ${ds.length}, p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`);
}
const c0 = performance.now();
const sample = (await import('../../src/modules/profiles/scores/model.ts')).fitSample(eng.table, END);
console.log('fitSample', (performance.now() - c0).toFixed(1), 'ms', sample?.rows.length);
