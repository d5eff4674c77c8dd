import { parseArgs } from 'node:util';
import { createCatalogMirror } from '../adapters/recommend/catalog-mirror.ts';
import { fileModelStore, MODEL_FILE, workerTrainer } from '../adapters/recommend/model-files.ts';
import { RecommendService } from '../modules/recommend/index.ts';
import { commandConfig, openEngine, storageOverride } from './context.ts';
import { createProgress } from './progress.ts';

const HELP = `Usage: panier train [--storage URL] [--data-dir ./data]
  Rebuilds the recommendation models from the whole event log in a worker thread and writes
  <data-dir>/${MODEL_FILE}, which the server loads at start (then it follows the event stream).
  --storage   storage URL (or PANIER_STORAGE_URL)
  --data-dir  where the model snapshot is written (default ./data)`;

/** `panier train`: retrain the recommenders from the log and persist the snapshot. */
export async function runTrain(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      storage: { type: 'string' },
      'data-dir': { type: 'string', default: './data' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const engine = await openEngine(commandConfig(storageOverride(values)));
  const catalog = await createCatalogMirror(engine.catalog);
  try {
    const reading = createProgress('train');
    const steps = createProgress('train');
    let started = false;
    const trainer = workerTrainer((label, fraction) => {
      if (!started) steps.start(100, label);
      started = true;
      steps.update(Math.round(fraction * 100));
      if (fraction >= 1) steps.stop();
    });
    const dataDir = values['data-dir'];
    const service = new RecommendService({
      log: engine.log,
      bus: engine.bus,
      catalog,
      logger: engine.logger,
      store: fileModelStore(dataDir, catalog),
      trainer,
      config: { retrainEveryHours: 0 },
    });
    const t0 = Date.now();
    await service.retrain(reading);
    const m = service.currentModel;
    console.log(
      JSON.stringify({
        items: m.itemCount,
        seconds: (Date.now() - t0) / 1000,
        file: `${dataDir}/${MODEL_FILE}`,
      }),
    );
    return 0;
  } finally {
    catalog.close();
    await engine.close();
  }
}
