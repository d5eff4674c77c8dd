import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { noProgress, PanierError, type Progress, yieldToEventLoop } from '../kernel/index.ts';
import {
  type DemoOptions,
  type DemoSink,
  type DemoSummary,
  runDemo,
  utcMidnight,
} from '../modules/demo/index.ts';
import type { Engine } from './engine.ts';

export interface DemoKeys {
  writeKey: string;
  secretKey: string;
  keysFile: string;
}

const KEYS_FILE = resolve('data/demo-keys.json');

/** Keys are stored hashed, so the demo keeps its own pair in a local file to print them at every start. */
export async function demoKeys(engine: Engine): Promise<DemoKeys> {
  if (existsSync(KEYS_FILE)) {
    const saved = JSON.parse(readFileSync(KEYS_FILE, 'utf8')) as { writeKey: string; secretKey: string };
    if ((await engine.keys.verify(saved.writeKey)) && (await engine.keys.verify(saved.secretKey)))
      return { ...saved, keysFile: KEYS_FILE };
  }
  const write = await engine.keys.create('write', 'demo storefront (write)');
  const secret = await engine.keys.create('secret', 'demo console (secret)');
  mkdirSync(resolve('data'), { recursive: true });
  writeFileSync(KEYS_FILE, JSON.stringify({ writeKey: write.key, secretKey: secret.key }, null, 2), {
    mode: 0o600,
  });
  return { writeKey: write.key, secretKey: secret.key, keysFile: KEYS_FILE };
}

/** Event batches the demo keeps in flight: the next one is validated while the writer commits one. */
const EVENT_BATCHES_IN_FLIGHT = 3;

/**
 * The demo goes through the same catalog service and ingest path as everything else. Catalog writes
 * resolve in microtasks (the SQLite driver is synchronous), so the sink yields after each batch: the
 * server keeps answering while the demo fills the store. Event batches are pipelined: the log appends
 * them in call order (seqs follow it), and `drain` waits for the last ones (and throws their errors).
 */
function engineSink(engine: Engine): DemoSink & { drain(): Promise<void> } {
  const catalogBatch = async (write: Promise<unknown>) => {
    await write;
    await yieldToEventLoop();
  };
  const inFlight: Promise<void>[] = [];
  const ingest = async (batch: Parameters<DemoSink['ingestEvents']>[0]) => {
    const r = await engine.ingestor.ingestMessages(batch, 'demo');
    if (r.errors.length > 0)
      throw new PanierError('internal', `demo generated an invalid event: ${r.errors[0]!.message}`);
  };
  return {
    upsertProducts: (batch) => catalogBatch(engine.catalog.upsertProducts(batch)),
    upsertLocations: (batch) => catalogBatch(engine.catalog.upsertLocations(batch)),
    upsertInventory: (batch) => catalogBatch(engine.catalog.upsertInventory(batch)),
    ingestEvents: async (batch) => {
      const p = ingest(batch);
      p.catch(() => {}); // awaited below or by drain; not an unhandled rejection meanwhile
      inFlight.push(p);
      if (inFlight.length >= EVENT_BATCHES_IN_FLIGHT) await inFlight.shift();
    },
    drain: async () => {
      while (inFlight.length > 0) await inFlight.shift();
    },
  };
}

/** Generates the demo retailer into the engine's storage; same seed and end date, same data. */
export async function generateDemo(
  engine: Engine,
  options: Partial<DemoOptions> = {},
  progress: Progress = noProgress,
): Promise<DemoSummary> {
  const { seed, products, shoppers, days } = engine.config.demo;
  const input: DemoOptions = { seed, products, shoppers, days, endDate: utcMidnight(Date.now()), ...options };
  const started = Date.now();
  const sink = engineSink(engine);
  let summary: DemoSummary;
  try {
    summary = await runDemo(sink, input, progress);
  } finally {
    await sink.drain(); // the batches still in flight (an error of theirs is thrown here)
  }
  engine.logger.info(
    { seconds: (Date.now() - started) / 1000, products: summary.products },
    'demo generated',
  );
  return summary;
}

/** True when nothing has been stored yet: no events and no products. */
export async function storeIsEmpty(engine: Engine): Promise<boolean> {
  if ((await engine.log.lastSeq()) > 0) return false;
  return (await engine.catalog.listProducts({ limit: 1 })).items.length === 0;
}

/** `npm start`: demo keys, and the demo retailer when the store is empty. */
export async function prepareDemo(engine: Engine, progress: Progress = noProgress): Promise<DemoKeys> {
  if (await storeIsEmpty(engine)) await generateDemo(engine, {}, progress);
  return demoKeys(engine);
}
