import { describe, expect, it } from 'vitest';
import { createRng, type LoggedEvent } from '../../../kernel/index.ts';
import { ProfileEngine } from '../engine.ts';
import { DAY_MS, makeEvent, T0 } from '../test-events.ts';
import { rfmOf } from '../view.ts';
import { compileRule } from './compile.ts';
import { parseRule } from './parser.ts';

describe('compiled rules', () => {
  it('read RFM quintiles as the profile view computes them', () => {
    const rng = createRng(3);
    const eng = new ProfileEngine();
    const events: LoggedEvent[] = [];
    for (let i = 0; i < 400; i++) {
      const revenue = 5 + rng.int(300);
      const at = T0 + rng.int(200) * DAY_MS;
      const e = makeEvent({
        type: 'order_completed',
        anonymousId: `a${rng.int(60)}`,
        timestamp: at,
        props: { revenue },
      });
      events.push({ ...e, seq: i + 1 });
    }
    const now = T0 + 210 * DAY_MS;
    eng.ingest(events, now);
    eng.refresh(now);
    const ctx = eng.context(now);
    let checked = 0;
    for (let s = 0; s < eng.table.slots; s++) {
      const rfm = rfmOf(eng.table, s, now, eng.stats);
      for (const part of ['recency', 'frequency', 'monetary'] as const)
        for (let q = 1; q <= 5; q++) {
          const rule = compileRule(parseRule(`feature.rfm_${part} = ${q}`));
          expect(rule(s, ctx)).toBe(rfm?.[part] === q);
          checked++;
        }
    }
    expect(checked).toBe(60 * 15);
    expect(new Set(eng.table.ids.map((_, s) => rfmOf(eng.table, s, now, eng.stats)?.recency)).size).toBe(5);
  });

  it('evaluate AND, OR and NOT with their usual meaning', () => {
    const eng = new ProfileEngine();
    const order = (anonymousId: string, revenue: number) =>
      ({ ...makeEvent({ type: 'order_completed', anonymousId, props: { revenue } }), seq: 1 }) as LoggedEvent;
    eng.ingest([order('a', 10), order('b', 100), order('b', 100)], T0);
    const ctx = eng.context(T0);
    const slot = (id: string) => eng.table.slot(eng.resolve(id)!)!;
    const truth = (rule: string) => ['a', 'b'].map((id) => compileRule(parseRule(rule))(slot(id), ctx));
    expect(truth('feature.orders >= 2 AND feature.lifetime_revenue > 50')).toEqual([false, true]);
    expect(truth('feature.orders >= 2 OR feature.lifetime_revenue < 50')).toEqual([true, true]);
    expect(truth('NOT feature.orders >= 2 AND feature.orders >= 1')).toEqual([true, false]);
  });
});
