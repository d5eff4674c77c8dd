import { parentPort } from 'node:worker_threads';
import { type FitSample, fitModels } from '../../modules/profiles/index.ts';

/** Worker side of the model fitter: a sample of buyers in, fitted BG/NBD + Gamma-Gamma parameters out. */
parentPort?.on('message', (msg: { sample: FitSample; now: number }) => {
  try {
    parentPort?.postMessage({ model: fitModels(msg.sample, msg.now) });
  } catch (e) {
    parentPort?.postMessage({ error: (e as Error).message });
  }
});
