import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIVE_FILE } from '../src/adapters/recommend/model-files.ts';
import { type Capabilities, startCapabilities } from '../src/app/capabilities.ts';
import { generateDemo } from '../src/app/demo-setup.ts';
import { utcMidnight } from '../src/modules/demo/index.ts';
import { type TestEngine, testEngine } from './helpers/engine.ts';

const opened: Capabilities[] = [];
let t: TestEngine | undefined;
afterAll(async () => {
  for (const c of opened) c.stop();
  await t?.close();
});

const answers = (c: Capabilities, userId: string) =>
  (['recently-viewed', 'buy-it-again', 'session-next', 'for-you'] as const).map((placement) =>
    c.recommend.recommend({ placement, userId, limit: 6 }).items.map((i) => i.productId),
  );

describe('a restart from the live recommendation snapshot', () => {
  it('answers as before the stop, and an erased shopper never comes back from it', async () => {
    t = await testEngine();
    const engine = t.engine;
    const dir = join(t.dir, 'data');
    const first = await startCapabilities(engine, {
      dataDir: dir,
      fill: async () =>
        void (await generateDemo(engine, {
          products: 300,
          shoppers: 200,
          // 60 days, not 14: with 14, some end dates left no shopper with a purchase to buy again.
          days: 60,
          endDate: utcMidnight(Date.now()),
        })),
    });
    opened.push(first);
    const shopper = Array.from({ length: 200 }, (_, i) => `cust-${String(i + 1).padStart(7, '0')}`).find(
      (id) => answers(first, id)[0]!.length >= 2 && answers(first, id)[1]!.length >= 1,
    )!;
    expect(shopper).toBeDefined();
    const before = answers(first, shopper);
    const pid = first.profiles.resolve(shopper)!;
    first.stop(); // writes the snapshot
    const snapshot = join(dir, LIVE_FILE);
    expect(readFileSync(snapshot, 'utf8')).toContain(pid);

    const restarted = await startCapabilities(engine, dir);
    opened.push(restarted);
    expect(answers(restarted, shopper)).toEqual(before);
    // the same as a replay of the whole log (no snapshot there)
    const replayed = await startCapabilities(engine, join(t.dir, 'elsewhere'));
    opened.push(replayed);
    expect(answers(replayed, shopper).slice(0, 3)).toEqual(before.slice(0, 3));

    await restarted.erase(shopper);
    expect(existsSync(snapshot)).toBe(false); // dropped before the log was touched
    expect(answers(restarted, shopper)).toEqual(answers(restarted, 'nobody-at-all'));
    restarted.stop(); // a new snapshot, without the person
    expect(readFileSync(snapshot, 'utf8')).not.toContain(pid);
    const again = await startCapabilities(engine, dir);
    opened.push(again);
    const stranger = answers(again, 'nobody-at-all');
    expect(answers(again, shopper)).toEqual(stranger);
    expect(answers(again, pid)).toEqual(stranger);
    expect(stranger[0]).toEqual([]); // nothing recently viewed
  }, 60_000);
});
