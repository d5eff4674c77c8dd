import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  decodeModel,
  encodeModel,
  type LiveStore,
  type ModelStore,
  type RecommendCatalog,
  type Trainer,
} from '../../modules/recommend/index.ts';

export const MODEL_FILE = 'recommend-model.bin';
export const LIVE_FILE = 'recommend-live.json';

/**
 * The live recommendation state as one file under the data dir, written synchronously at stop (temp
 * file, then rename) and removed synchronously by an erasure.
 */
export function fileLiveStore(dataDir: string): LiveStore & { exists(): boolean } {
  const path = join(dataDir, LIVE_FILE);
  return {
    exists: () => existsSync(path),
    async load() {
      try {
        return await readFile(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    save(text) {
      mkdirSync(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, path);
    },
    drop() {
      rmSync(path, { force: true });
    },
  };
}

/** Keeps the trained model as one snapshot file under the data dir (written to a temp file, then renamed). */
export function fileModelStore(dataDir: string, catalog: RecommendCatalog): ModelStore {
  const path = join(dataDir, MODEL_FILE);
  return {
    async load() {
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
      return decodeModel(
        new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        catalog.products(),
      );
    },
    async save(model, seq) {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, encodeModel(model, seq));
      await rename(tmp, path);
    },
  };
}

/**
 * Trains in a worker thread so serving keeps its event loop; the columns are transferred, not copied
 * (the table must not be used afterwards).
 */
export function workerTrainer(onProgress: (label: string, fraction: number) => void = () => {}): Trainer {
  return (table, catalog, now) =>
    new Promise((resolve, reject) => {
      // the worker registers tsx itself: the engine runs its TypeScript sources directly
      const entry = JSON.stringify(new URL('./train-worker.ts', import.meta.url).href);
      // tsx is resolved here, not in the eval'd code, which would resolve it from the working directory
      const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
      const boot = `import(${tsx}).then((m) => { m.register(); return import(${entry}); })`;
      const worker = new Worker(boot, { eval: true });
      const columns = table.columns();
      const transfer = [
        columns.item,
        columns.actor,
        columns.kind,
        columns.time,
        columns.group,
        columns.explicitSession,
        columns.store,
      ].map((a) => a.slice().buffer);
      const sent = {
        ...columns,
        item: new Int32Array(transfer[0]!),
        actor: new Int32Array(transfer[1]!),
        kind: new Int32Array(transfer[2]!),
        time: new Float64Array(transfer[3]!),
        group: new Int32Array(transfer[4]!),
        explicitSession: new Int32Array(transfer[5]!),
        store: new Int32Array(transfer[6]!),
      };
      worker.on('message', (msg: { progress?: { label: string; fraction: number }; bytes?: Uint8Array }) => {
        if (msg.progress) onProgress(msg.progress.label, msg.progress.fraction);
        if (msg.bytes) {
          void worker.terminate();
          try {
            resolve(decodeModel(msg.bytes, catalog.products()).model);
          } catch (e) {
            reject(e);
          }
        }
      });
      worker.on('error', reject);
      worker.postMessage({ columns: sent, now }, transfer);
    });
}
