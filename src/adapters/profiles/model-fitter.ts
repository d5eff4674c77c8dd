import { Worker } from 'node:worker_threads';
import type { FitSample, ModelFitter, ScoreModel } from '../../modules/profiles/index.ts';

/**
 * Fits the score models in a worker thread (one per fit, daily): the maximum-likelihood fit takes about
 * half a second of CPU, which on the main thread would stall every request for as long.
 */
export function workerFitter(): ModelFitter {
  return {
    fit: (sample: FitSample, now: number) =>
      new Promise<ScoreModel>((resolve, reject) => {
        // the worker registers tsx itself: the engine runs its TypeScript sources directly
        const entry = JSON.stringify(new URL('./fit-worker.ts', import.meta.url).href);
        const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
        const worker = new Worker(`import(${tsx}).then((m) => { m.register(); return import(${entry}); })`, {
          eval: true,
        });
        worker.on('message', (msg: { model?: ScoreModel; error?: string }) => {
          void worker.terminate();
          if (msg.model) resolve(msg.model);
          else reject(new Error(`model fit failed: ${msg.error}`));
        });
        worker.on('error', reject);
        worker.postMessage({ sample, now });
      }),
  };
}
