import { parentPort } from 'node:worker_threads';
import { PanierError } from '../../kernel/index.ts';
import {
  type ExternalSignal,
  forecastSeries,
  type GlobalPanel,
  globalGram,
} from '../../modules/forecast/index.ts';
import type { ForecastChunk, SharedPanel, WorkerRequest, WorkerResponse } from './protocol.ts';

let shared: SharedPanel | undefined;

/** Copy rows [from, to) out of shared memory into the panel shape the domain code expects. */
function slicePanel(p: SharedPanel, from: number, to: number): GlobalPanel {
  const y32 = new Float32Array(p.y);
  const so = p.stockout ? new Uint8Array(p.stockout) : undefined;
  const y: Float64Array[] = [];
  const observed: (Uint8Array | undefined)[] = [];
  for (let s = from; s < to; s++) {
    y.push(Float64Array.from(y32.subarray(s * p.days, (s + 1) * p.days)));
    observed.push(so ? so.subarray(s * p.days, (s + 1) * p.days).map((v) => 1 - v) : undefined);
  }
  const width = p.days + p.horizon;
  const signals: ExternalSignal[] = p.regressors.map((r) => {
    const data = new Float32Array(r.data);
    return { name: r.name, mode: 'regressor', value: (s, t) => data[s * width + t] };
  });
  return {
    y,
    observed,
    calendar: { dow: p.dow, event: p.event },
    signals,
    seriesOffset: from,
    season: p.season,
  };
}

function send(msg: WorkerResponse): void {
  parentPort?.postMessage(msg);
}

function forecastChunk(p: SharedPanel, req: Extract<WorkerRequest, { type: 'forecast' }>): ForecastChunk {
  const panel = slicePanel(p, req.from, req.to);
  const h = req.opts.horizon;
  const count = req.to - req.from;
  const chunk: ForecastChunk = {
    from: req.from,
    to: req.to,
    mean: new Float64Array(count * h),
    sd: new Float64Array(count * h),
    quantiles: new Float64Array(0),
    models: [],
    timings: {},
  };
  for (let s = 0; s < count; s++) {
    const f = forecastSeries(panel, s, req.opts, req.model, undefined, chunk.timings);
    if (s === 0) chunk.quantiles = new Float64Array(count * f.levels.length * h);
    chunk.mean.set(f.mean, s * h);
    chunk.sd.set(f.sd, s * h);
    f.quantiles.forEach((row, q) => {
      chunk.quantiles.set(row, (s * f.levels.length + q) * h);
    });
    chunk.models.push(f.model);
    if (s % 500 === 499) send({ type: 'progress', done: 500 });
  }
  send({ type: 'progress', done: count % 500 });
  return chunk;
}

parentPort?.on('message', (req: WorkerRequest) => {
  try {
    if (req.type === 'init') {
      shared = req.panel;
      return;
    }
    if (!shared) throw new PanierError('internal', 'forecast worker used before init');
    if (req.type === 'gram') {
      send({ type: 'gram', id: req.id, gram: globalGram(slicePanel(shared, req.from, req.to), req.opts) });
    } else {
      const chunk = forecastChunk(shared, req);
      send({ type: 'forecast', id: req.id, chunk });
    }
  } catch (e) {
    send({ type: 'error', id: 'id' in req ? req.id : -1, message: (e as Error).stack ?? String(e) });
  }
});
