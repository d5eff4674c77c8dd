import { describe, expect, it } from 'vitest';
import { MemoryLog, memoryCatalog, SyncBus, view, world } from './fixtures.ts';
import type { Interaction } from './interactions.ts';
import { LiveState } from './live.ts';
import { RecommendService } from './service.ts';

const DAY = 86_400_000;
const at = (actor: string, productId: string, timestamp: number): Interaction => ({
  actor,
  productId,
  kind: 'view',
  timestamp,
  orderId: null,
  sessionId: null,
  storeId: null,
});

describe('live state limits', () => {
  it('holds the shopper cap and keeps the state of shoppers who stay active', () => {
    const live = new LiveState({ maxShoppers: 100, idleDays: 0 });
    const t0 = Date.UTC(2026, 0, 1);
    live.apply(at('regular', 'first-item', t0));
    for (let i = 0; i < 5000; i++) {
      live.apply(at(`passer-${i}`, `p${i % 50}`, t0 + i * 1000));
      if (i % 50 === 0) live.apply(at('regular', `r${i}`, t0 + i * 1000));
      expect(live.profiles.size).toBeLessThanOrEqual(100);
    }
    expect(live.evicted).toBeGreaterThan(4800);
    const regular = live.stateOf(['regular'], t0 + 5000 * 1000);
    expect(regular.history[0]?.productId).toBe('first-item');
    expect(regular.history.length).toBe(101);
    // the most recent passers are still there, the first ones are gone
    expect(live.profiles.has('passer-4999')).toBe(true);
    expect(live.profiles.has('passer-0')).toBe(false);
  });

  it('drops shoppers idle longer than the limit, by event time', () => {
    const live = new LiveState({ maxShoppers: 1_000_000, idleDays: 30 });
    const t0 = Date.UTC(2025, 0, 1); // an old log replayed: event time, not the wall clock, decides
    live.apply(at('old', 'a', t0));
    live.apply(at('steady', 'a', t0));
    for (let d = 1; d <= 40; d++) live.apply(at('steady', `d${d}`, t0 + d * DAY));
    expect(live.profiles.has('old')).toBe(false);
    expect(live.stateOf(['steady'], t0 + 40 * DAY).history.length).toBe(41);
    live.apply(at('newcomer', 'b', t0 + 41 * DAY));
    expect([...live.profiles.keys()]).toEqual(['steady', 'newcomer']);
  });

  it('is configured from the recommend config and active shoppers keep their recommendations', async () => {
    const w = world();
    const log = new MemoryLog();
    await log.append(w.events);
    const bus = new SyncBus();
    const service = new RecommendService({
      log,
      bus,
      catalog: memoryCatalog(w.products),
      clock: { now: () => w.end + 10 * 60_000 },
      config: { retrainEveryHours: 0, maxLiveShoppers: 3 },
    });
    await service.start();
    const publish = async (...events: Parameters<typeof log.append>[0]) =>
      bus.publish((await log.append(events)).appended);
    await publish(view('keeper', 'g4', w.end + 1000));
    for (let i = 0; i < 10; i++) {
      await publish(view(`visitor-${i}`, 'k2', w.end + 2000 + i));
      if (i % 2 === 0) await publish(view('keeper', `g${5 + i}`, w.end + 2000 + i));
    }
    const keeper = service.answer({ placement: 'recently-viewed', userId: 'keeper', limit: 10 });
    expect(keeper.items.map((x) => x.productId)).toEqual(['g13', 'g11', 'g9', 'g7', 'g5', 'g4']);
    expect(service.answer({ placement: 'recently-viewed', userId: 'visitor-0' }).items).toEqual([]);
    expect(service.answer({ placement: 'recently-viewed', userId: 'visitor-9' }).items.length).toBe(1);
    expect(
      () => new RecommendService({ log, bus, catalog: memoryCatalog([]), config: { maxLiveShoppers: 0 } }),
    ).toThrow(/recommend config/);
  });
});

describe('live trending floor', () => {
  it('answers what counting everything answers, for every window and store, read at or after now', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const now = t0 + 30 * DAY;
    const all = new LiveState();
    const floored = new LiveState();
    floored.trendingFrom = now - 7 * DAY;
    for (let i = 0; i < 6000; i++) {
      const x: Interaction = {
        ...at(`s${i % 97}`, `p${(i * 7) % 41}`, t0 + i * 7 * 60_000),
        kind: i % 5 === 0 ? 'cart' : 'view',
        storeId: i % 3 === 0 ? `store-${i % 4}` : null,
      };
      all.apply({ ...x });
      floored.apply({ ...x });
    }
    expect(t0 + 6000 * 7 * 60_000).toBeGreaterThan(now - 2 * DAY); // the events reach the last week
    for (const read of [now, now + DAY])
      for (const w of ['5m', '1h', '24h', '7d'] as const)
        for (const store of [undefined, 'store-0', 'store-3']) {
          const a = all.trending.top(w, store, 50, read);
          expect(floored.trending.top(w, store, 50, read), `${w} ${store}`).toEqual(a);
        }
    expect(all.trending.top('7d', undefined, 50, now).length).toBeGreaterThan(10);
    // counting from later than the horizon would change the answer (the test can fail)
    const late = new LiveState();
    late.trendingFrom = now - 2 * DAY;
    for (let i = 0; i < 6000; i++) late.apply(at(`s${i % 97}`, `p${(i * 7) % 41}`, t0 + i * 7 * 60_000));
    const plain = new LiveState();
    for (let i = 0; i < 6000; i++) plain.apply(at(`s${i % 97}`, `p${(i * 7) % 41}`, t0 + i * 7 * 60_000));
    expect(late.trending.top('7d', undefined, 50, now)).not.toEqual(
      plain.trending.top('7d', undefined, 50, now),
    );
  });
});
