import type { Dataset } from '../adapters/recommend/datasets.ts';
import { createSqlEvalRunStore } from '../adapters/sql/index.ts';
import { noProgress, type Progress, uuidv7 } from '../kernel/index.ts';
import {
  type ContentDoc,
  type EvalOptions,
  type EvalRun,
  type EvalRunStore,
  evaluate,
  type Interaction,
  interactionsOf,
} from '../modules/recommend/index.ts';
import type { Engine } from './engine.ts';

const LOG_PAGE = 5000;
/** Evaluation runs kept in storage by default (the newest). */
export const KEEP_EVAL_RUNS = 10;

/** The configured storage's own events as an evaluation dataset, with the catalog's titles for content. */
export async function readLogDataset(
  engine: Engine,
  progress: Progress = noProgress,
): Promise<Dataset & { lastSeq: number }> {
  const lastSeq = await engine.log.lastSeq();
  const interactions: Interaction[] = [];
  progress.start(lastSeq, 'reading the event log');
  let after = 0;
  while (after < lastSeq) {
    const page = await engine.log.scan(after, LOG_PAGE);
    if (page.length === 0) break;
    for (const e of page) {
      if (e.seq > lastSeq) break;
      for (const x of interactionsOf(e)) interactions.push(x);
    }
    after = page[page.length - 1]!.seq;
    progress.update(Math.min(after, lastSeq));
  }
  progress.stop();
  const docs: ContentDoc[] = [];
  for await (const batch of engine.catalog.scanProducts())
    for (const p of batch) docs.push({ id: p.id, title: p.title, brand: p.brand, category: p.category });
  return { interactions, docs, lastSeq };
}

/** Saves a report in the configured storage, where `GET /v1/recommendations/evaluation` reads it. */
export async function saveEvalRun(
  engine: Engine,
  run: Omit<EvalRun, 'id' | 'ranAt'>,
  keep = KEEP_EVAL_RUNS,
  store: EvalRunStore = createSqlEvalRunStore(engine.sql),
): Promise<EvalRun> {
  const saved: EvalRun = { id: uuidv7(), ranAt: Date.now(), ...run };
  await store.save(saved, keep);
  return saved;
}

/** The evaluation `panier start` runs once on a fresh demo: every strategy on the demo's own events. */
export async function evaluateLog(
  engine: Engine,
  options: EvalOptions,
  progress: Progress = noProgress,
): Promise<EvalRun> {
  const data = await readLogDataset(engine, progress);
  const report = evaluate(data.interactions, data.docs, options);
  return saveEvalRun(engine, { format: 'log', input: logInput(engine, data.lastSeq), report });
}

/** What a log evaluation read: the events up to a sequence number, and the storage kind. */
export function logInput(engine: Engine, lastSeq: number): string {
  return `event log ≤ seq ${lastSeq} (${engine.sql.dialect})`;
}
