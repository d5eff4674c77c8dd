// Development probe (not a benchmark): the profiles handler of two source trees, A and B, in one
// process, on the same warmed population and the same events, batch by batch in alternation, so the
// machine's drift (steal time on a shared VM swung single probe runs by ±30%) hits both alike.
// node --expose-gc --max-old-space-size=8000 --import tsx bench/profiles/ab-probe.ts <treeA> <treeB>
// (env P shopper ids, E warm events, M measured events, B events per handler call)
import type { LoggedEvent } from '../../src/kernel/index.ts';

const [aDir, bDir] = process.argv.slice(2);
if (!aDir || !bDir) throw new Error('usage: ab-probe.ts <treeA> <treeB>');
const P = Number(process.env.P ?? 200_000);
const E = Number(process.env.E ?? 2_000_000);
const M = Number(process.env.M ?? 200_000);
const B = Number(process.env.B ?? 100);

/** One tree's service (its own modules: nothing is shared between trees), started empty. */
async function side(dir: string) {
  const profiles = (await import(
    `${dir}/src/modules/profiles/index.ts`
  )) as typeof import('../../src/modules/profiles/index.ts');
  const workload = (await import(`${dir}/bench/profiles/workload.ts`)) as typeof import('./workload.ts');
  const kernel = (await import(`${dir}/src/kernel/index.ts`)) as typeof import('../../src/kernel/index.ts');
  const log = new profiles.MemoryProfileLog();
  const service = new profiles.ProfileService({
    log,
    eraser: log,
    store: new profiles.MemoryProfilesStore(),
    clock: { now: () => workload.END },
  });
  await service.start();
  let seq = 0;
  return { service, nextSeq: () => ++seq, workload, kernel };
}

const sides = [await side(aDir), await side(bDir)] as const;
// Warmed as probe.ts warms, the two sides batch by batch in turn: warming one after the other made the
// second measure 8–13% faster than the first on the same code (a null run: the same tree twice).
const warmRng = sides[0].kernel.createRng(11);
for (let i = 0; i < E; i += 1000) {
  const batch: LoggedEvent[] = [];
  for (let j = i; j < Math.min(E, i + 1000); j++)
    batch.push({ ...sides[0].workload.makeEvent(warmRng, j, P, E + M), seq: 0 });
  const text = JSON.stringify(batch);
  for (const s of sides) {
    const copy = JSON.parse(text) as LoggedEvent[];
    for (const e of copy) e.seq = s.nextSeq();
    s.service.handle(copy);
  }
}
for (const s of sides) {
  for (const [id, rule] of Object.entries(s.workload.RULES))
    s.service.engine.segments.put({ id, name: id, rule, createdAt: 0, updatedAt: 0 });
  s.service.engine.refresh(s.workload.END, { refit: true });
}
(globalThis as { gc?: () => void }).gc?.();
const rng = sides[0].kernel.createRng(12);
const ring: LoggedEvent[] = [];
for (let j = 0; j < M; j++) ring.push({ ...sides[0].workload.makeEvent(rng, E + j, P, E + M), seq: 0 });
const totalMs = [0, 0];
const blockMs = [0, 0];
const blockRatios: number[] = [];
// Calls per block: 200, or fewer when the calls are large (B in the thousands).
const BLOCK = Math.max(1, Math.min(200, Math.floor(M / B / 10)));
for (let i = 0, call = 0; i < M; i += B, call++) {
  // Fresh objects for each side, as events arrive from HTTP; the order alternates call by call.
  const text = JSON.stringify(ring.slice(i, i + B));
  for (const which of call % 2 === 0 ? [0, 1] : [1, 0]) {
    const s = sides[which]!;
    const batch = JSON.parse(text) as LoggedEvent[];
    for (const e of batch) e.seq = s.nextSeq();
    const t0 = performance.now();
    s.service.handle(batch);
    const ms = performance.now() - t0;
    totalMs[which]! += ms;
    blockMs[which]! += ms;
  }
  if (call % BLOCK === BLOCK - 1) {
    blockRatios.push(blockMs[1]! / blockMs[0]!);
    blockMs[0] = blockMs[1] = 0;
  }
}
blockRatios.sort((x, y) => x - y);
const us = (ms: number) => ((1000 * ms) / M).toFixed(2);
console.log(
  `A ${us(totalMs[0]!)} µs/event, B ${us(totalMs[1]!)} µs/event (handler wall time), B/A ${(totalMs[1]! / totalMs[0]!).toFixed(3)}; per block of ${BLOCK * B} events B/A median ${blockRatios[Math.floor(blockRatios.length / 2)]!.toFixed(3)}, range ${blockRatios[0]!.toFixed(3)}–${blockRatios[blockRatios.length - 1]!.toFixed(3)}`,
);
