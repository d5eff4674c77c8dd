import { describe, expect, it } from 'vitest';
import type { PanierEvent } from '../../kernel/index.ts';
import { MemoryLog, memoryCatalog, order, SyncBus, track, view, world } from './fixtures.ts';
import { LiveState } from './live.ts';
import { decodeLive, encodeLive } from './live-snapshot.ts';
import type { RecModel } from './model.ts';
import { type LiveStore, type ModelStore, RecommendService } from './service.ts';

class CountingLog extends MemoryLog {
  read = 0;
  override async scan(afterSeq: number, limit: number) {
    const page = await super.scan(afterSeq, limit);
    this.read += page.length;
    return page;
  }
}

function memoryStores() {
  let text: string | null = null;
  let saved: { model: RecModel; seq: number } | null = null;
  const live: LiveStore & { text(): string | null } = {
    text: () => text,
    load: async () => text,
    save: (t) => {
      text = t;
    },
    drop: () => {
      text = null;
    },
  };
  const models: ModelStore = {
    load: async () => saved,
    save: async (model, seq) => {
      saved = { model, seq };
    },
  };
  return { live, models };
}

function setup() {
  const w = world();
  const log = new CountingLog();
  const now = w.end + 3_600_000;
  const make = (stores: ReturnType<typeof memoryStores> | null, bus = new SyncBus()) =>
    new RecommendService({
      log,
      bus,
      catalog: memoryCatalog(w.products),
      clock: { now: () => now },
      config: { retrainEveryHours: 0 },
      ...(stores ? { store: stores.models, liveStore: stores.live } : {}),
    });
  return { w, log, make, now };
}

const later = (t: number): PanierEvent[] => [
  view('u1', 'k4', t),
  view('u1', 'k5', t + 60_000),
  track('product_added', 'u1', { product_id: 'k5' }, t + 120_000),
  order('u2', 'late-1', ['g3', 'g4'], t + 180_000),
];

const answers = (s: RecommendService) =>
  ['u1', 'u2', 'u7', 'u33'].flatMap((userId) =>
    (['for-you', 'recently-viewed', 'session-next', 'trending', 'buy-it-again'] as const).map((placement) =>
      s.answer({ placement, userId, limit: 8 }).items.map((i) => i.productId),
    ),
  );

describe('recommend live state snapshot', () => {
  it('decodes to the state it encodes (shoppers in activity order, sets, trending)', async () => {
    const { w, log } = setup();
    await log.append(w.events);
    const live = new LiveState();
    for (const e of log.events) live.applyEvent(e, (id) => id);
    const text = encodeLive(live);
    const back = decodeLive(text, live.limits);
    expect(back?.head.seq).toBe(w.events.length);
    expect([...back!.live.profiles.keys()]).toEqual([...live.profiles.keys()]);
    expect(encodeLive(back!.live)).toBe(text);
    for (const win of ['1h', '24h', '7d'] as const)
      expect(back!.live.trending.top(win, undefined, 20, w.end)).toEqual(
        live.trending.top(win, undefined, 20, w.end),
      );
  });

  it('a restart replays only the tail after the snapshot and answers as a full replay does', async () => {
    const { w, log, make } = setup();
    await log.append(w.events);
    const stores = memoryStores();
    const first = make(stores);
    await first.start();
    first.stop(); // snapshot at the log's end
    expect(stores.live.text()).not.toBeNull();
    await log.append(later(w.end + 60_000)); // written while the server was down
    const readBefore = log.read;
    const restarted = make(stores);
    await restarted.start();
    expect(log.read - readBefore).toBeLessThan(10); // the check of the snapshot's seq and the tail
    const replayed = make(null);
    await replayed.start();
    expect(answers(restarted)).toEqual(answers(replayed));
    // a snapshot written by a restored state serves the next restart as well
    restarted.stop();
    const readAgain = log.read;
    const third = make(stores);
    await third.start();
    expect(log.read - readAgain).toBeLessThan(3);
    expect(answers(third)).toEqual(answers(replayed));
    expect(
      restarted
        .answer({ placement: 'recently-viewed', userId: 'u1', limit: 2 })
        .items.map((i) => i.productId),
    ).toEqual(['k5', 'k4']);
  });

  it('is dropped before an erasure, so a forgotten shopper does not come back after a restart', async () => {
    const { w, log, make } = setup();
    await log.append(w.events);
    const stores = memoryStores();
    const first = make(stores);
    await first.start();
    first.stop();
    expect(stores.live.text()).toContain('"u1"');
    const s = make(stores);
    await s.start();
    s.beforeErase();
    expect(stores.live.text()).toBeNull();
    // the log erasure would run here; then the live traces are forgotten and a later stop writes anew
    s.forget(['u1']);
    s.stop();
    expect(stores.live.text()).not.toContain('"u1"');
  });

  it('is ignored when it does not belong to the log (the event at its seq differs)', async () => {
    const { w, log, make } = setup();
    await log.append(w.events);
    const stores = memoryStores();
    const first = make(stores);
    await first.start();
    first.stop();
    const other = setup(); // another store: a log with other message ids
    await other.log.append(w.events.map((e) => ({ ...e, messageId: `x-${e.messageId}` })));
    const s = other.make(stores);
    await s.start();
    expect(other.log.read).toBeGreaterThanOrEqual(w.events.length); // replayed it all
  });
});
