import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlEvalRunStore, type SqlDatabase } from '../../src/adapters/sql/index.ts';
import type { EvalReport, EvalRun, EvalRunStore } from '../../src/modules/recommend/index.ts';
import { backendFactories, type TestBackend } from '../helpers/backends.ts';

const backends = await backendFactories();

function report(hr: number): EvalReport {
  const metrics = {
    hr,
    mrr: hr / 2,
    ndcg: hr / 3,
    recall: hr,
    coverage: 0.5,
    popularity: 0.25,
    predictions: 100,
  };
  return {
    k: 20,
    split: { cutoff: '2026-11-24T00:00:00.000Z', testDays: 7 },
    data: {
      interactions: 1000,
      trainInteractions: 800,
      items: 50,
      trainSessions: 90,
      testSessions: 10,
      testUsers: 5,
    },
    nextItem: [{ strategy: 'popular (baseline)', metrics, msPerPrediction: 0.01 }],
    userHistory: [],
    seconds: 1.5,
    trainSeconds: 0.5,
  };
}

const run = (id: string, ranAt: number, hr = 0.1): EvalRun => ({
  id,
  ranAt,
  format: 'log',
  input: `event log ≤ seq ${ranAt}`,
  report: report(hr),
});

describe.each(backends)('recommendation evaluation run store on $name', ({ make }) => {
  let backend: TestBackend;
  let db: SqlDatabase;
  let store: EvalRunStore;
  beforeAll(async () => {
    backend = await make();
    db = await backend.open();
    store = createSqlEvalRunStore(db);
  });
  afterAll(async () => {
    await db.close();
    await backend.dispose();
  });

  it('has no run before the first save', async () => {
    expect(await store.get()).toBeNull();
    expect(await store.recent(5)).toEqual([]);
  });

  it('reads a report back exactly, the newest by default and any by id', async () => {
    await store.save(run('a', 1000, 0.25), 10);
    await store.save(run('b', 2000, 0.5), 10);
    expect(await store.get()).toEqual(run('b', 2000, 0.5));
    expect(await store.get('a')).toEqual(run('a', 1000, 0.25));
    expect(await store.get('nope')).toBeNull();
    expect((await store.recent(5)).map((r) => r.id)).toEqual(['b', 'a']);
    expect(await store.recent(1)).toEqual([
      { id: 'b', ranAt: 2000, format: 'log', input: 'event log ≤ seq 2000' },
    ]);
  });

  it('keeps the newest runs and says which it deleted', async () => {
    expect(await store.save(run('c', 3000), 2)).toEqual(['a']);
    expect((await store.recent(10)).map((r) => r.id)).toEqual(['c', 'b']);
    expect(await store.get('a')).toBeNull();
  });
});
