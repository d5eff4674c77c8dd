import { describe, expect, it } from 'vitest';
import { fitModels } from '../../modules/profiles/index.ts';
import { workerFitter } from './model-fitter.ts';

describe('worker model fitter', () => {
  it('fits in a worker thread exactly what the main thread fits', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ x: i % 5, tx: (i % 5) * 20, T: 120 + (i % 30) }));
    const spend = rows.filter((r) => r.x > 0).map((r, i) => ({ x: r.x, m: 20 + (i % 13) * 7 }));
    const sample = { rows, spend };
    expect(await workerFitter().fit(sample, 1000)).toEqual(fitModels(sample, 1000));
  });
});
