import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluation.ts';
import { world } from './fixtures.ts';
import { interactionsOf } from './interactions.ts';
import { RankingMetrics } from './metrics.ts';
import { TrendingCounters } from './trending.ts';

describe('offline evaluation', () => {
  it('computes HR, MRR and NDCG over full rankings', () => {
    const m = new RankingMetrics(3, () => 0.5);
    m.add(['a', 'b', 'c'], new Set(['b']));
    m.add(['a', 'b', 'c'], new Set(['z']));
    const s = m.summary(10);
    expect(s.hr).toBeCloseTo(0.5);
    expect(s.mrr).toBeCloseTo(0.25);
    expect(s.ndcg).toBeCloseTo(1 / Math.log2(3) / 2);
    expect(s.coverage).toBeCloseTo(0.3);
    expect(s.popularity).toBeCloseTo(0.5);
  });

  it('ranks session kNN above the popularity baseline when sessions carry intent', () => {
    const w = world(3);
    const interactions = w.events.flatMap((e) => interactionsOf(e));
    const r = evaluate(interactions, w.products, {
      k: 5,
      testDays: 1,
      minItemSupport: 5,
      maxTestSessions: 0,
    });
    const hr = (name: string) => r.nextItem.find((x) => x.strategy.startsWith(name))!.metrics.hr;
    expect(r.nextItem.find((x) => x.strategy.startsWith('popular'))!.metrics.predictions).toBeGreaterThan(20);
    expect(hr('session-next (vstan)')).toBeGreaterThan(hr('popular') + 0.05);
  });
});

describe('trending counters', () => {
  it('counts inside each window and forgets what slid out', () => {
    const t = new TrendingCounters();
    const t0 = Date.UTC(2026, 0, 1);
    t.add('old', null, t0, 5);
    t.add('new', 's1', t0 + 2 * 3_600_000, 1);
    expect(t.top('1h', undefined, 5, t0 + 2 * 3_600_000).map(([p]) => p)).toEqual(['new']);
    expect(t.top('24h', undefined, 5, t0 + 2 * 3_600_000).map(([p]) => p)).toEqual(['old', 'new']);
    expect(t.top('24h', 's1', 5, t0 + 2 * 3_600_000).map(([p]) => p)).toEqual(['new']);
    expect(t.top('7d', undefined, 5, t0 + 8 * 86_400_000)).toEqual([]);
  });
});
