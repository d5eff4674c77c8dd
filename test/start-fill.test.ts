import { afterAll, describe, expect, it } from 'vitest';
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

describe('capabilities that follow the demo as it fills an empty store', () => {
  it('end where a replay of the same log ends, with nothing replayed', async () => {
    t = await testEngine();
    const engine = t.engine;
    const live = await startCapabilities(engine, {
      dataDir: t.dir,
      fill: async () =>
        void (await generateDemo(engine, {
          products: 300,
          shoppers: 200,
          days: 14,
          endDate: utcMidnight(Date.now()),
        })),
    });
    opened.push(live);
    const events = await engine.log.lastSeq();
    expect(events).toBeGreaterThan(400);
    const replayed = await startCapabilities(engine, `${t.dir}/replay`);
    opened.push(replayed);

    expect(live.profiles.engine.table.size).toBeGreaterThan(50);
    expect(live.profiles.engine.table.size).toBe(replayed.profiles.engine.table.size);
    const someone = 'cust-0000001';
    expect(live.profiles.resolve(someone)).toBe(replayed.profiles.resolve(someone));
    const popular = live.recommend.recommend({ placement: 'popular', limit: 5 });
    expect(popular.items.map((i) => i.productId)).toEqual(
      replayed.recommend.recommend({ placement: 'popular', limit: 5 }).items.map((i) => i.productId),
    );
    const hits = await live.search.search('products', { query: '' }, { source: 'test' });
    expect(hits.nbHits).toBe(300);
  });
});
