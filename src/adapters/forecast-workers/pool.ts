import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { PanierError } from '../../kernel/index.ts';
import type {
  ForecastOptions,
  GlobalGram,
  GlobalModel,
  GlobalOptions,
} from '../../modules/forecast/index.ts';
import { mergeGrams } from '../../modules/forecast/index.ts';
import type { ForecastChunk, SharedPanel, WorkerRequest, WorkerResponse } from './protocol.ts';

/**
 * Workers load worker.ts; when panier runs from TypeScript sources (tsx), the worker must register
 * the same loader before importing it, hence the tiny CommonJS bootstrap.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.url);
})().catch((e) => { setImmediate(() => { throw e; }); });
`;

/** Resolved by the parent: eval'd code would resolve `tsx` from the working directory, not from panier. */
const TSX_URL = import.meta.resolve('tsx/esm/api');

interface Pending {
  resolve: (r: WorkerResponse) => void;
  reject: (e: Error) => void;
}

export class ForecastPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly panel: SharedPanel,
    size = Math.max(1, availableParallelism()),
    private readonly onProgress?: (done: number) => void,
  ) {
    const url = new URL('./worker.ts', import.meta.url).href;
    for (let i = 0; i < size; i++) {
      const w = new Worker(BOOT, {
        eval: true,
        workerData: { url, tsx: url.endsWith('.ts') ? TSX_URL : null },
      });
      w.on('message', (m: WorkerResponse) => this.onMessage(m));
      w.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      w.postMessage({ type: 'init', panel } satisfies WorkerRequest);
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  private onMessage(m: WorkerResponse): void {
    if (m.type === 'progress') {
      this.onProgress?.(m.done);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.type === 'error') p.reject(new PanierError('internal', `forecast worker failed: ${m.message}`));
    else p.resolve(m);
  }

  private request(w: Worker, req: WorkerRequest & { id: number }): Promise<WorkerResponse> {
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, { resolve, reject });
      w.postMessage(req);
    });
  }

  /** Run tasks over [0, series) in chunks, each worker pulling the next chunk when done. */
  private async spread<T>(
    chunk: number,
    make: (from: number, to: number, id: number) => WorkerRequest & { id: number },
    take: (r: WorkerResponse) => T,
  ): Promise<T[]> {
    const results: T[] = [];
    let next = 0;
    const total = this.panel.series;
    await Promise.all(
      this.workers.map(async (w) => {
        while (next < total) {
          const from = next;
          const to = Math.min(total, from + chunk);
          next = to;
          results.push(take(await this.request(w, make(from, to, this.nextId++))));
        }
      }),
    );
    return results;
  }

  /** XᵀX / Xᵀy of the global model, accumulated in parallel and summed. */
  async gram(opts: GlobalOptions): Promise<GlobalGram> {
    const chunk = Math.ceil(this.panel.series / this.workers.length);
    const grams = await this.spread(
      chunk,
      (from, to, id) => ({ type: 'gram', id, from, to, opts }),
      (r) => (r.type === 'gram' ? r.gram : undefined),
    );
    const defined = grams.filter((g): g is GlobalGram => g !== undefined);
    return defined.slice(1).reduce((a, b) => mergeGrams(a, b), defined[0]);
  }

  /** Forecast every series; chunks come back in completion order, sorted here by position. */
  async forecast(opts: ForecastOptions, model?: GlobalModel, chunk = 1000): Promise<ForecastChunk[]> {
    const chunks = await this.spread(
      chunk,
      (from, to, id) => ({ type: 'forecast', id, from, to, opts, model }),
      (r) => (r.type === 'forecast' ? r.chunk : undefined),
    );
    return chunks.filter((c): c is ForecastChunk => c !== undefined).sort((a, b) => a.from - b.from);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
