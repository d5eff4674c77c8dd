import { describe, expect, it } from 'vitest';
import { createRng, type LoggedEvent } from '../../kernel/index.ts';
import { ProfileEngine } from './engine.ts';
import { fitModels } from './scores/model.ts';
import { DAY_MS, makeEvent, T0 } from './test-events.ts';
import { quantileCuts } from './view.ts';

const NOW = T0 + 200 * DAY_MS;

/** 1,500 shoppers over 180 days: views with prices, orders on some days, a few identifies. */
function population(): LoggedEvent[] {
  const rng = createRng(5);
  const out: LoggedEvent[] = [];
  for (let i = 0; i < 12_000; i++) {
    const p = rng.int(1500);
    const at = T0 + Math.floor((i / 12_000) * 180 * DAY_MS);
    const order = rng.next() < 0.25;
    out.push({
      ...makeEvent({
        type: order ? 'order_completed' : 'product_viewed',
        anonymousId: `a${p}`,
        timestamp: at,
        props: order
          ? { revenue: 10 + (p % 90), products: [{ product_id: `P${p % 40}`, price: 5 + (p % 50) }] }
          : { product_id: `P${i % 40}`, price: 5 + (i % 50), category: `c${i % 7}` },
      }),
      seq: i + 1,
    });
  }
  return out;
}

function engineWith(events: LoggedEvent[]): ProfileEngine {
  const eng = new ProfileEngine();
  for (let i = 0; i < events.length; i += 1000) eng.ingest(events.slice(i, i + 1000), NOW);
  eng.segments.put({ id: 'r', name: 'r', rule: 'feature.rfm_recency >= 4', createdAt: T0, updatedAt: T0 });
  return eng;
}

/** Runs the refresh in steps of `chunk` slots, calling `between` at every pause. */
function stepped(eng: ProfileEngine, chunk: number, between: () => void = () => {}) {
  const steps = eng.refreshSteps(NOW, true, chunk);
  let pauses = 0;
  for (let s = steps.next(); ; s = steps.next()) {
    if (s.done) return { changes: s.value, pauses };
    if (s.value === null) {
      pauses++;
      between();
    } else eng.model = fitModels(s.value, NOW);
  }
}

describe('stepped refresh', () => {
  it('gives the same stats, model and membership as one pass', () => {
    const events = population();
    const whole = engineWith(events);
    const wholeChanges = whole.refresh(NOW, { refit: true });
    const parts = engineWith(events);
    const { changes, pauses } = stepped(parts, 20);
    expect(pauses).toBeGreaterThan(100);
    expect(parts.stats).toEqual(whole.stats);
    expect(parts.model).toEqual(whole.model);
    expect(parts.segments.count('r')).toBe(whole.segments.count('r'));
    expect(parts.segments.count('r')).toBeGreaterThan(0);
    expect(changes.length).toBe(wholeChanges.length);
  });

  it('samples no profile merged away between its scan and the fit', () => {
    const eng = engineWith(population());
    let merged = 0;
    // Each pause links two buyers' devices to one user: the absorbed slot is released mid-refresh.
    const { changes } = stepped(eng, 10, () => {
      const n = merged++;
      if (n >= 300) return;
      const link = (anon: string) => ({
        ...makeEvent({ type: 'identify', userId: `u${n}`, anonymousId: anon }),
        seq: 100_000 + 2 * n,
      });
      eng.ingest([link(`a${2 * n}`), { ...link(`a${2 * n + 1}`), seq: 100_001 + 2 * n }], NOW);
    });
    expect(merged).toBeGreaterThan(300);
    expect(eng.table.size).toBe(1500 - 300); // every second link merged two profiles
    expect(eng.model).not.toBeNull();
    expect(eng.model!.customers).toBeLessThanOrEqual(eng.table.size);
    expect(changes.length).toBeGreaterThan(0);
  });
});

describe('quantile cuts', () => {
  it('ignores NaN and reads the edges off the sorted values', () => {
    const values = new Float64Array([Number.NaN, 5, 1, Number.NaN, 4, 2, 3, Number.NaN, 9, 7, 8, 6, 10]);
    expect(quantileCuts(values, [0.2, 0.5, 0.8])).toEqual([3, 6, 9]);
    expect(quantileCuts(new Float64Array([Number.NaN, Number.NaN]), [0.5])).toEqual([]);
  });
});
