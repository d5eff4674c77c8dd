import { describe, expect, it } from 'vitest';
import type { PanierEvent } from '../../kernel/index.ts';
import { MemoryLog, memoryCatalog, order, SyncBus, view, world } from './fixtures.ts';
import { RecommendService } from './service.ts';
import { encodeModel } from './snapshot.ts';

class CountingLog extends MemoryLog {
  scans = 0;
  override async scan(afterSeq: number, limit: number) {
    this.scans++;
    return super.scan(afterSeq, limit);
  }
}

function setup() {
  const w = world();
  // An anonymous shopper who logs in at the end: the link is known only when training starts.
  const events: PanierEvent[] = [
    ...w.events,
    view('anon-9', 'k3', w.end),
    view('anon-9', 'g7', w.end + 1000),
    order('anon-9', 'oa', ['k3', 'g2'], w.end + 2000),
  ];
  const links: Record<string, string> = {};
  const log = new CountingLog();
  const service = (bus: SyncBus) =>
    new RecommendService({
      log,
      bus,
      catalog: memoryCatalog(w.products),
      clock: { now: () => w.end + 60_000 },
      identity: { resolve: (id) => links[id] ?? id },
      config: { retrainEveryHours: 0 },
    });
  return { events, links, log, service };
}

describe('recommend service: a training table gathered off the bus', () => {
  it('trains what a scan of the same log trains, without scanning, actors resolved at training', async () => {
    const { events, links, log, service } = setup();
    const bus = new SyncBus();
    const live = service(bus);
    await live.start(); // an empty log
    live.gather();
    for (let i = 0; i < events.length; i += 40) {
      const { appended } = await log.append(events.slice(i, i + 40));
      bus.publish(appended);
    }
    links['anon-9'] = 'u3';
    const scansBefore = log.scans;
    await live.retrain();
    expect(log.scans).toBe(scansBefore);
    const scanned = service(new SyncBus());
    await scanned.start(); // trains from one scan of the log
    expect(log.scans).toBeGreaterThan(scansBefore);
    expect(live.currentModel.itemCount).toBeGreaterThan(30);
    expect(encodeModel(live.currentModel, 0)).toEqual(encodeModel(scanned.currentModel, 0));
  });

  it('scans the log instead when an event did not come through the bus', async () => {
    const { events, log, service } = setup();
    const bus = new SyncBus();
    const live = service(bus);
    await live.start();
    live.gather();
    const half = Math.floor(events.length / 2);
    bus.publish((await log.append(events.slice(0, half))).appended);
    await log.append(events.slice(half, half + 5)); // appended, never published
    bus.publish((await log.append(events.slice(half + 5))).appended);
    const scansBefore = log.scans;
    await live.retrain();
    expect(log.scans).toBeGreaterThan(scansBefore);
    const scanned = service(new SyncBus());
    await scanned.start();
    expect(encodeModel(live.currentModel, 0)).toEqual(encodeModel(scanned.currentModel, 0));
  });
});
