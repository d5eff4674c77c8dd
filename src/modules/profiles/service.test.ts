import { describe, expect, it } from 'vitest';
import type { Clock, LoggedEvent, PanierEvent } from '../../kernel/index.ts';
import { createConsentChecker, setConsent } from './consent.ts';
import { MemoryProfileLog, MemoryProfilesStore } from './memory-ports.ts';
import { erasePerson, exportPerson } from './privacy.ts';
import { ProfileService } from './service.ts';
import { sha256Hex } from './sha256.ts';
import { DAY_MS, makeEvent, T0 } from './test-events.ts';

function setup() {
  const log = new MemoryProfileLog();
  const store = new MemoryProfilesStore();
  const clock: Clock & { t: number } = { t: T0, now: () => clock.t };
  const service = new ProfileService({ log, eraser: log, store, clock });
  const send = async (...events: PanierEvent[]): Promise<LoggedEvent[]> => {
    const { appended } = await log.append(events);
    service.handle(appended);
    await service.flush();
    return appended;
  };
  const segmentEvents = () =>
    log.events.filter((e) => e.type === 'segment_entered' || e.type === 'segment_exited');
  return { log, store, clock, service, send, segmentEvents };
}

const view = (anon: string, category: string, at: number) =>
  makeEvent({ anonymousId: anon, timestamp: at, props: { product_id: `p-${category}`, category } });

describe('segment membership in real time', () => {
  it('emits Segment Entered and Exited exactly once per change', async () => {
    const { service, send, clock, segmentEvents } = setup();
    await service.start();
    await service.putSegment({
      id: 'shoe-fans',
      name: 'Shoe fans',
      rule: 'viewed category "Shoes" at least 3 times in 7 days',
    });
    await send(view('a', 'Shoes', T0), view('a', 'Shoes', T0 + 1000));
    expect(segmentEvents()).toHaveLength(0);
    await send(view('a', 'Shoes', T0 + 2000));
    await send(view('a', 'Shoes', T0 + 3000), view('a', 'Hats', T0 + 4000));
    expect(segmentEvents().map((e) => e.type)).toEqual(['segment_entered']);
    expect(service.members('shoe-fans', null, 10).profileIds).toEqual([service.resolve('a')]);
    clock.t = T0 + 8 * DAY_MS;
    await service.refresh();
    await service.refresh();
    expect(segmentEvents().map((e) => e.type)).toEqual(['segment_entered', 'segment_exited']);
    const entered = segmentEvents()[0]!;
    expect(entered.anonymousId).toBe('a');
    expect(entered.payload.properties).toMatchObject({
      segment_id: 'shoe-fans',
      profile_id: service.resolve('a'),
    });
  });

  it('appends the segment events emitted while an append is in flight together, in order', async () => {
    const { log, service, segmentEvents } = setup();
    await service.start();
    await service.putSegment({ id: 'buyers', name: 'Buyers', rule: 'feature.orders >= 1' });
    const append = log.append.bind(log);
    const calls: number[] = [];
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    log.append = async (events) => {
      calls.push(events.length);
      if (calls.length === 1) await held; // the first commit is slow: the next changes queue behind it
      return append(events);
    };
    const order = (userId: string) => makeEvent({ type: 'order_completed', userId, props: { revenue: 5 } });
    for (const u of ['u1', 'u2', 'u3', 'u4']) {
      const { appended } = await append([order(u)]);
      service.handle(appended);
    }
    release();
    await service.flush();
    expect(calls).toEqual([1, 3]);
    expect(segmentEvents().map((e) => e.userId)).toEqual(['u1', 'u2', 'u3', 'u4']);
  });

  it('does not re-emit on restart (rebuild from the log), and previews without saving', async () => {
    const { log, store, service, send, segmentEvents } = setup();
    await service.start();
    await service.putSegment({ id: 'buyers', name: 'Buyers', rule: 'feature.orders >= 1' });
    await send(makeEvent({ type: 'order_completed', userId: 'u1', props: { revenue: 10 } }));
    await send(makeEvent({ type: 'order_completed', userId: 'u2', props: { revenue: 10 } }));
    expect(segmentEvents()).toHaveLength(2);
    const again = new ProfileService({ log, eraser: log, store, clock: { now: () => T0 } });
    await again.start();
    expect(segmentEvents()).toHaveLength(2);
    expect(again.listSegments()[0]!.members).toBe(2);
    expect(again.preview('feature.lifetime_revenue > 5 AND trait.plan = "gold"', 5)).toEqual({
      count: 0,
      sample: [],
    });
    expect(again.preview('feature.lifetime_revenue > 5', 1).count).toBe(2);
    expect(() => again.preview('feature.lifetime_revenue >', 1)).toThrow(/position 26/);
  });
});

describe('consent', () => {
  it('a revocation takes effect for the very next check', async () => {
    const { service, send } = setup();
    await service.start();
    const consent = createConsentChecker(service);
    await send(
      makeEvent({
        type: 'identify',
        userId: 'u',
        props: { consent: { personalization: 'granted', email: true } },
      }),
    );
    expect(consent.allows('u', 'personalization')).toBe(true);
    expect(consent.allows('u', 'email')).toBe(true);
    expect(consent.allows('u', 'advertising')).toBe(false);
    const states = await setConsent(service, 'u', { personalization: 'revoked' }, 'api');
    expect(consent.allows('u', 'personalization')).toBe(false);
    expect(states.find((s) => s.purpose === 'personalization')).toMatchObject({
      status: 'revoked',
      source: 'api',
    });
    await send(
      makeEvent({ type: 'identify', userId: 'u', timestamp: T0 + 5, props: { consent: { email: false } } }),
    );
    expect(consent.allows('u', 'email')).toBe(false);
    expect(consent.allows('somebody-unknown', 'personalization')).toBe(true);
  });

  it('is read from context.consent.categoryPreferences of any event, as the Segment consent manager sends it', async () => {
    const { service, send } = setup();
    await service.start();
    const consent = createConsentChecker(service);
    const context = { consent: { categoryPreferences: { Advertising: true, personalization: false } } };
    await send(makeEvent({ anonymousId: 'd', timestamp: T0 + 1, payload: { context } }));
    expect(consent.allows('d', 'advertising')).toBe(true);
    expect(consent.allows('d', 'personalization')).toBe(false);
    await send(makeEvent({ anonymousId: 'd', timestamp: T0 + 2, payload: { context: { ip: '1.2.3.4' } } }));
    expect(consent.allows('d', 'advertising')).toBe(true);
  });
});

describe('privacy', () => {
  it('exports a person, then erases every trace; a rebuild does not resurrect them', async () => {
    const { log, store, service, send } = setup();
    await service.start();
    await service.putSegment({ id: 'all', name: 'Everyone', rule: 'feature.views >= 0' });
    await send(
      view('dev-1', 'Shoes', T0),
      makeEvent({
        type: 'identify',
        anonymousId: 'dev-1',
        userId: 'erin',
        props: { email: 'erin@example.org' },
      }),
    );
    await send(
      view('dev-2', 'Hats', T0),
      makeEvent({ type: 'identify', anonymousId: 'dev-2', userId: 'erin' }),
    );
    await send(view('other', 'Hats', T0));
    const dump = await exportPerson(service, 'erin@example.org');
    expect(dump.events.length).toBeGreaterThanOrEqual(4);
    expect(dump.profile.identities).toContain('anon:dev-2');
    const report = await erasePerson(service, 'erin');
    expect(report.eventsDeleted).toBeGreaterThan(0);
    const hashed = sha256Hex('erin@example.org');
    const traces = ['erin', 'dev-1', 'dev-2', hashed, report.profileId];
    const everything = JSON.stringify({
      log: log.events,
      store: [
        ...store.segments.values(),
        ...store.mergeRecords.values(),
        ...store.separations.values(),
        ...store.tombstones.values(),
      ],
    });
    for (const t of traces) expect(everything).not.toContain(t);
    expect(service.resolve('erin')).toBeNull();
    const rebuilt = new ProfileService({ log, eraser: log, store, clock: { now: () => T0 } });
    await rebuilt.start();
    expect(rebuilt.resolve('erin')).toBeNull();
    expect(rebuilt.resolve('dev-1')).toBeNull();
    expect(rebuilt.resolve('other')).not.toBeNull();
  });

  it('a replay of an older copy of the log skips the erased person (tombstones)', async () => {
    const { log, store, service, send } = setup();
    await service.start();
    await send(
      makeEvent({ type: 'identify', anonymousId: 'd', userId: 'zoe', props: { email: 'zoe@x.io' } }),
    );
    const copy = [...log.events];
    await erasePerson(service, 'zoe');
    const oldLog = new MemoryProfileLog();
    await oldLog.append(copy);
    const replayed = new ProfileService({ log: oldLog, eraser: oldLog, store, clock: { now: () => T0 } });
    await replayed.start();
    expect(replayed.resolve('zoe')).toBeNull();
    expect(replayed.resolve('zoe@x.io')).toBeNull();
  });
});

describe('wiring order', () => {
  it('buffers bus deliveries until the rebuild is done and never applies an event twice', async () => {
    const { log, store } = setup();
    const order = makeEvent({ type: 'order_completed', userId: 'early', props: { revenue: 5 } });
    const { appended: before } = await log.append([order]);
    const service = new ProfileService({ log, eraser: log, store, clock: { now: () => T0 } });
    service.handle(before);
    const { appended: during } = await log.append([
      makeEvent({ type: 'order_completed', userId: 'early', props: { revenue: 7 } }),
    ]);
    service.handle(during);
    await service.start();
    const slot = service.engine.table.slot(service.resolve('early')!)!;
    expect(service.engine.table.num(slot, 'orders')).toBe(2);
    expect(service.engine.table.num(slot, 'revenue')).toBe(12);
    service.handle(during);
    expect(service.engine.table.num(slot, 'orders')).toBe(2);
  });

  it('an absorbed profile id still resolves to the profile that absorbed it', async () => {
    const { service, send } = setup();
    await service.start();
    await send(makeEvent({ anonymousId: 'd1' }), makeEvent({ anonymousId: 'd2' }));
    const old = service.resolve('d2')!;
    await send(
      makeEvent({ type: 'identify', anonymousId: 'd1', userId: 'v' }),
      makeEvent({ type: 'identify', anonymousId: 'd2', userId: 'v' }),
    );
    expect(service.resolve(old)).toBe(service.resolve('v'));
  });
});

describe('refresh while serving', () => {
  it('runs in steps with the event loop served between them, fits through the fitter, and gives the one-pass answer', async () => {
    const log = new MemoryProfileLog();
    const fits: number[] = [];
    const service = new ProfileService({
      log,
      eraser: log,
      store: new MemoryProfilesStore(),
      clock: { now: () => T0 + 30 * DAY_MS },
      refreshChunk: 10,
      fitter: {
        fit: async (sample, now) => {
          fits.push(sample.rows.length);
          const { fitModels } = await import('./scores/model.ts');
          return fitModels(sample, now);
        },
      },
    });
    await service.start();
    const events = Array.from({ length: 300 }, (_, i) =>
      makeEvent({
        type: 'order_completed',
        anonymousId: `buyer-${i % 100}`,
        timestamp: T0 + (i % 29) * DAY_MS + i,
        props: { revenue: 10 + (i % 7), products: [{ product_id: `p${i % 5}`, price: 10 }] },
      }),
    );
    const { appended } = await log.append(events);
    service.handle(appended);
    await service.putSegment({ id: 'likely', name: 'Likely', rule: 'score.purchase_30d > 0.3' });
    let served = 0;
    const tick = () => {
      served++;
      if (pending) setImmediate(tick);
    };
    let pending = true;
    setImmediate(tick);
    await service.refresh(true);
    pending = false;
    expect(served).toBeGreaterThan(5); // 100 profiles in steps of 10: the loop ran between them
    expect(fits).toEqual([100]);
    const oneShot = service.engine.segments.count('likely');
    service.engine.refresh(T0 + 30 * DAY_MS, { refit: true });
    expect(service.engine.segments.count('likely')).toBe(oneShot);
  });
});
