import { parentPort } from 'node:worker_threads';
import {
  encodeModel,
  InteractionTable,
  type TableColumns,
  trainModel,
} from '../../modules/recommend/index.ts';

/** Worker side of the trainer: columns in, encoded model out (content similarity is built by the caller). */
parentPort?.on('message', (msg: { columns: TableColumns; now: number }) => {
  const table = InteractionTable.fromColumns(msg.columns);
  const model = trainModel(table, [], msg.now, (label, fraction) =>
    parentPort?.postMessage({ progress: { label, fraction } }),
  );
  const bytes = encodeModel(model, 0);
  parentPort?.postMessage({ bytes }, [bytes.buffer as ArrayBuffer]);
});
