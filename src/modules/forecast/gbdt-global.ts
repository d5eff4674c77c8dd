import { fitGbdt, type Gbdt, type GbdtOptions, predictGbdt } from './gbdt.ts';
import {
  BASE,
  context,
  fillRow,
  type GlobalOptions,
  type GlobalPanel,
  lagBlocks,
  recentSpread,
  type SeriesCtx,
} from './global.ts';
import type { PointForecast } from './types.ts';

/** The global model's features and targets, fitted with boosted trees instead of ridge (one per lag block). */
export interface GbdtGlobalModel {
  lags: number[];
  k: number;
  trees: Gbdt[];
}

export function fitGbdtGlobal(
  panel: GlobalPanel,
  opts: GlobalOptions & { gbdt?: GbdtOptions },
): GbdtGlobalModel {
  const lags = lagBlocks(opts.horizon);
  const regs = (panel.signals ?? []).filter((s) => s.mode === 'regressor');
  const k = BASE + regs.length;
  const stride = opts.stride ?? 1;
  const trainDays = opts.trainDays ?? 364;
  const trees = lags.map((lag) => {
    const xs: number[] = [];
    const ys: number[] = [];
    const row = new Float64Array(k);
    for (let s = 0; s < panel.y.length; s++) {
      const y = panel.y[s];
      const c = context(y, y.length);
      if (!c) continue;
      const obs = panel.observed?.[s];
      for (let t = Math.max(56, y.length - trainDays) + (s % stride); t < y.length; t += stride) {
        if (obs && !obs[t]) continue;
        fillRow(row, panel, regs, s, c, t, lag);
        for (let j = 0; j < k; j++) xs.push(row[j]);
        ys.push(y[t] / c.scale);
      }
    }
    return fitGbdt(Float32Array.from(xs), Float64Array.from(ys), k, opts.gbdt);
  });
  return { lags, k, trees };
}

export function predictGbdtGlobal(
  model: GbdtGlobalModel,
  panel: GlobalPanel,
  s: number,
  h: number,
): PointForecast {
  const y = panel.y[s];
  const n = y.length;
  const mean = new Float64Array(h);
  const c = context(y, n);
  const sd = new Float64Array(h).fill(recentSpread(y));
  if (!c) return { model: 'gbdt', mean, sd };
  const regs = (panel.signals ?? []).filter((x) => x.mode === 'regressor');
  const ext = new Float64Array(n + h);
  ext.set(y);
  const cum = new Float64Array(n + h + 1);
  for (let t = 0; t < n + h; t++) cum[t + 1] = cum[t] + ext[t];
  const cx: SeriesCtx = { ...c, cum, y: ext };
  const row = new Float64Array(model.k);
  for (let i = 0; i < h; i++) {
    let b = 0;
    while (b < model.lags.length - 1 && model.lags[b] < i + 1) b++;
    fillRow(row, panel, regs, s, cx, n + i, model.lags[b]);
    mean[i] = Math.max(0, predictGbdt(model.trees[b], row) * c.scale);
  }
  return { model: 'gbdt', mean, sd };
}
