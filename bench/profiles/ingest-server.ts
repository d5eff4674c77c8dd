// panier's HTTP ingest stack (as bench/ingest/panier-server.ts), optionally with live profiles on the bus.
// argv: storage-url sync with|without warm-events warm-shoppers stats-file
// With profiles, the engine is first warmed with a synthetic population (features, activity, a fitted
// model and the benchmark's four segments), so each ingested event pays the cost it pays in production.
import { writeFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { packEvents } from '../../src/adapters/sql/event-pack.ts';
import { createSqlProfilesStore } from '../../src/adapters/sql/profiles-store.ts';
import { loadConfig } from '../../src/app/config.ts';
import { createEngine } from '../../src/app/engine.ts';
import { startServer } from '../../src/app/server.ts';
import { type LoggedEvent, type PanierEvent, silentLogger } from '../../src/kernel/index.ts';
import { ProfileService } from '../../src/modules/profiles/index.ts';
import { gcKind } from './gc-kind.ts';
import { WeightedLags } from './lag-log.ts';
import { threadSeconds, threadTicks } from './thread-cpu.ts';
import { warmEngine } from './workload.ts';

const [storage, sync, mode, warmArg, shoppersArg, statsFile] = process.argv.slice(2);
const config = loadConfig({
  overrides: {
    storage: { url: storage!, sync: (sync as 'full' | 'normal') ?? 'full' },
    ingest: { maxInFlight: 1024 },
  },
});
const engine = await createEngine(config, silentLogger);
const { key } = await engine.keys.create('write', 'bench');
/** Receipt → durable acknowledgement of each ingested event, in every mode (the Segment events' lazy appends aside). */
const ackLags = new WeightedLags();
const appendToLog = engine.log.append.bind(engine.log);
engine.log.append = async (events, options) => {
  const result = await appendToLog(events, options);
  if (!options?.lazy) {
    const now = Date.now();
    for (const e of result.appended) ackLags.add(now - e.receivedAt, 1);
  }
  return result;
};
const lags = new WeightedLags();
/** Receipt → commit (bus publish), and commit → features current, per event. */
const commitLags = new WeightedLags();
const consumerLags = new WeightedLags();
let longestHandleMs = 0;
let handledCpuUs = 0;
let handled = 0;
/** When the last event was applied: ingest counts as done when the features are current. */
let lastHandledAt = 0;
let segmentEvents = 0;
if (mode === 'with') {
  // BENCH_NO_SEGMENT_EVENTS=1 (a control): Segment Entered/Exited events are built but not appended.
  const log = process.env.BENCH_NO_SEGMENT_EVENTS
    ? {
        scan: engine.log.scan.bind(engine.log),
        page: engine.log.page.bind(engine.log),
        lastSeq: engine.log.lastSeq.bind(engine.log),
        append: async (_events: readonly PanierEvent[]) => ({ appended: [], duplicates: [] }),
      }
    : engine.log;
  const profiles = new ProfileService({
    log,
    eraser: engine.log,
    store: createSqlProfilesStore(engine.sql),
    bus: engine.bus,
  });
  // Measure the handler's own CPU, and how long after receipt and after commit each event's features
  // are current (the publish time is stamped by wrapping the bus).
  // Keyed by each published batch's first event: the bus joins batches into one delivery.
  const publishedAt = new WeakMap<LoggedEvent, number>();
  const publish = engine.bus.publish.bind(engine.bus);
  engine.bus.publish = (events) => {
    if (events[0]) publishedAt.set(events[0], Date.now());
    publish(events);
  };
  // BENCH_HEAP_ONLY=1 (a control): the warmed engine is held but not fed, to tell its cost from the handler's.
  if (!process.env.BENCH_HEAP_ONLY)
    engine.bus.subscribe((events) => {
      // Wall time of the synchronous handler (its CPU time on this thread): process.cpuUsage() is a
      // system call costing more than a small batch's handling, so the harness would weigh on the ratio.
      const t0 = performance.now();
      profiles.handle(events);
      const ms = performance.now() - t0;
      longestHandleMs = Math.max(longestHandleMs, ms);
      handledCpuUs += ms * 1000;
      handled += events.length;
      let own = 0;
      for (const e of events) if (e.type === 'segment_entered' || e.type === 'segment_exited') own++;
      segmentEvents += own;
      if (own < events.length) lastHandledAt = Date.now(); // ingested events (not its own echo) are current
      const now = Date.now();
      let pub = now;
      for (let i = 0; i < events.length; ) {
        const received = events[i]!.receivedAt;
        pub = publishedAt.get(events[i]!) ?? pub;
        let end = i + 1;
        // One request's events share a receipt time, and requests received in one ms commit together.
        while (end < events.length && events[end]!.receivedAt === received) end++;
        lags.add(now - received, end - i);
        commitLags.add(pub - received, end - i);
        consumerLags.add(now - pub, end - i);
        i = end;
      }
    });
  await profiles.start();
  warmEngine(profiles.engine, Number(warmArg), Number(shoppersArg));
  // The synthetic warm leaves hundreds of MB of garbage; collecting it inside the measured window would
  // charge one full collection of it to the ingest (the ratio bench starts node with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
}
const FEED_SLICE = Number(process.env.BENCH_FEED_SLICE ?? 0);
const feedQueue: LoggedEvent[] = [];
let pumping = false;
let pumpTo: Worker | null = null;
/** Posts the queued events to the projection thread, a slice per turn of the event loop (in order). */
function pump(): void {
  const chunk = feedQueue.splice(0, FEED_SLICE > 0 ? FEED_SLICE : feedQueue.length);
  pumpTo?.postMessage({ type: 'compact', text: JSON.stringify(chunk.map(slimRecord)) });
  if (feedQueue.length > 0) setImmediate(pump);
  else pumping = false;
}
let threadStats: () => Promise<Partial<Record<string, number>>> = async () => ({});
if (mode === 'thread') {
  // EXPERIMENT: the projection on its own thread, told how far the log is committed (projection-thread.ts).
  // Workers do not inherit the TypeScript loader: a one-line module registers tsx first.
  const entry = new URL('./projection-thread.ts', import.meta.url).href;
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const boot = `import { register } from ${tsx}; register(); await import(${JSON.stringify(entry)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), {
    workerData: {
      path: storage!.replace(/^sqlite:\/\//, ''),
      warm: Number(warmArg),
      shoppers: Number(shoppersArg),
    },
  });
  let stats: (s: Record<string, number>) => void = () => {};
  await new Promise<void>((ready) =>
    worker.on(
      'message',
      (m: { type: string; id?: number; events?: PanierEvent[] } & Record<string, number>) => {
        if (m.type === 'ready') ready();
        else if (m.type === 'stats') stats(m);
        else if (m.type === 'append')
          void engine.log.append(m.events!, { lazy: true }).then(({ appended, duplicates }) => {
            segmentEvents += appended.length;
            worker.postMessage({ type: 'appended', id: m.id, result: { appended: [], duplicates } });
          });
      },
    ),
  );
  pumpTo = worker;
  let posted = 0;
  // BENCH_PROFILES_THREAD=bytes: the committed events go to the thread packed as for the log writer
  // (packed again here; the product would hand over the writer's own bytes), not read back from SQLite.
  const feedBytes = process.env.BENCH_PROFILES_THREAD === 'bytes';
  const compact = process.env.BENCH_PROFILES_THREAD === 'compact';
  engine.bus.subscribe((events) => {
    const last = events[events.length - 1]?.seq ?? 0;
    if (last <= posted) return;
    // Receipt → delivery here: the commit and one turn of the loop ('with' stamps the publish itself).
    const now = Date.now();
    for (const e of events) if (e.seq > posted) commitLags.add(now - e.receivedAt, 1);
    const from = posted;
    posted = last;
    if (compact) {
      // BENCH_PROFILES_THREAD=compact: one JSON text of the events with only what the projection reads;
      // BENCH_FEED_SLICE=n: n events per text, one text per turn of the loop (requests are read between).
      for (const e of events) if (e.seq > from) feedQueue.push(e);
      if (!pumping) {
        pumping = true;
        pump();
      }
      return;
    }
    if (!feedBytes) {
      worker.postMessage({ type: 'committed', upTo: last });
      return;
    }
    const batch = events.filter((e) => e.seq > from);
    const packed = packEvents([batch]);
    const seqs = Float64Array.from(batch, (e) => e.seq);
    worker.postMessage({ type: 'events', bytes: packed.bytes, meta: packed.meta, seqs }, [
      packed.bytes.buffer,
      packed.meta.buffer,
      seqs.buffer,
    ]);
  });
  threadStats = () =>
    new Promise((resolve) => {
      stats = (m) =>
        resolve({
          handled: m.handled,
          cpuUsPerEvent: m.usPerEvent,
          lagP99: m.lagP99,
          lagMax: m.lagMax,
          lastHandledAt: m.lastHandledAt,
        });
      worker.postMessage({ type: 'stats' });
    });
}
// SIGUSR2 from the harness marks the measured window's start, then its end: CPU per thread inside it.
const windowTicks: Array<Map<number, number>> = [];
// Garbage collection inside the window (main-thread pauses by kind): what the profiles' heap costs.
const gcInWindow = { minor: 0, minorMs: 0, major: 0, majorMs: 0, other: 0, otherMs: 0 };
const gcObserver = new PerformanceObserver((list) => {
  if (windowTicks.length !== 1) return;
  for (const e of list.getEntries()) {
    const kind = gcKind(e);
    const k = kind === 'scavenge' ? 'minor' : kind === 'mark-compact' ? 'major' : 'other';
    gcInWindow[k]++;
    gcInWindow[`${k}Ms` as const] += e.duration;
  }
});
gcObserver.observe({ entryTypes: ['gc'] });
process.on('SIGUSR2', () => {
  windowTicks.push(threadTicks());
});
// The A/B harness (ingest-ab.ts) keeps both servers up and asks between bursts: 'mark' returns the CPU
// per thread since the previous mark, 'state' what the projection has done so far.
let lastMark = threadTicks();
process.on('message', (m: { cmd?: string }) => {
  const state = { handled, segmentEvents, handledCpuUs, lastHandledAt, longestHandleMs };
  if (m.cmd === 'mark') {
    const now = threadTicks();
    process.send?.({ ...state, threadCpu: threadSeconds(lastMark, now) });
    lastMark = now;
  } else if (m.cmd === 'state') process.send?.(state);
});
const server = await startServer(engine, 0, '127.0.0.1');
process.on('SIGTERM', async () => {
  const fromThread = await threadStats();
  const stats = {
    handled,
    segmentEvents,
    cpuUsPerEvent: handled ? handledCpuUs / handled : 0,
    lagP50: lags.quantile(0.5),
    lagP99: lags.quantile(0.99),
    lagMax: lags.quantile(1),
    ackP50: ackLags.quantile(0.5),
    ackP99: ackLags.quantile(0.99),
    commitP50: commitLags.quantile(0.5),
    commitP99: commitLags.quantile(0.99),
    commitMax: commitLags.quantile(1),
    consumerP99: consumerLags.quantile(0.99),
    consumerMax: consumerLags.quantile(1),
    longestHandleMs,
    lastHandledAt,
    gc: gcInWindow,
    threadCpu: windowTicks.length >= 2 ? threadSeconds(windowTicks[0]!, windowTicks[1]!) : null,
    ...fromThread,
  };
  if (statsFile) writeFileSync(statsFile, JSON.stringify(stats));
  process.exit(0);
});
process.stdout.write(`${JSON.stringify({ port: server.port, key })}\n`);

/** The event with only what the profile projection reads in its payload (features.ts, traits.ts, identifiers.ts). */
function slimRecord(e: LoggedEvent): LoggedEvent {
  if (e.kind === 'alias') return e; // previousId and reason feed the identity graph
  const p = e.payload as Record<string, unknown>;
  const ctx = p.context as Record<string, unknown> | undefined;
  const context =
    ctx && (ctx.location || ctx.consent || ctx.traits)
      ? { location: ctx.location, consent: ctx.consent, traits: ctx.traits }
      : undefined;
  const bag =
    e.kind === 'identify' || e.kind === 'group' ? { traits: p.traits } : { properties: p.properties };
  return { ...e, name: null, payload: { ...bag, context } };
}
