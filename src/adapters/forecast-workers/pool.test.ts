import { describe, expect, it } from 'vitest';
import {
  featureNames,
  fitGlobal,
  forecastSeries,
  type GlobalPanel,
  solveGlobal,
} from '../../modules/forecast/index.ts';
import { ForecastPool } from './pool.ts';

describe('forecast worker pool', () => {
  it('matches the single-thread result (gram and forecasts)', async () => {
    const S = 6;
    const days = 120;
    const h = 7;
    const y = new SharedArrayBuffer(S * days * 4);
    const yv = new Float32Array(y);
    for (let s = 0; s < S; s++)
      for (let t = 0; t < days; t++) yv[s * days + t] = ((s + 1) * (t % 7 === 0 ? 3 : 1) + (t % 5)) % 9;
    const dow = Uint8Array.from({ length: days + h }, (_, t) => t % 7);
    const pool = new ForecastPool({ series: S, days, horizon: h, y, regressors: [], dow }, 2);
    try {
      const panel: GlobalPanel = {
        y: Array.from({ length: S }, (_, s) => Float64Array.from(yv.subarray(s * days, (s + 1) * days))),
        calendar: { dow },
      };
      const model = solveGlobal(await pool.gram({ horizon: h }), featureNames(panel));
      const direct = fitGlobal(panel, { horizon: h });
      model.beta.forEach((b, i) => {
        b.forEach((v, j) => {
          expect(v).toBeCloseTo(direct.beta[i][j], 6);
        });
      });
      const chunks = await pool.forecast({ horizon: h, method: 'ensemble' }, model, 4);
      expect(chunks.map((c) => c.from)).toEqual([0, 4]);
      const single = forecastSeries(panel, 5, { horizon: h, method: 'ensemble' }, direct);
      const last = chunks[1];
      for (let t = 0; t < h; t++) expect(last.mean[(5 - 4) * h + t]).toBeCloseTo(single.mean[t], 6);
    } finally {
      await pool.close();
    }
  });
});
