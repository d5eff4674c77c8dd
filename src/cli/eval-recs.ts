import { parseArgs } from 'node:util';
import { DATASET_FORMATS, type DatasetFormat, readDataset } from '../adapters/recommend/datasets.ts';
import { KEEP_EVAL_RUNS, logInput, readLogDataset, saveEvalRun } from '../app/recs-evaluation.ts';
import { PanierError } from '../kernel/index.ts';
import { type EvalReport, type EvalRow, evaluate } from '../modules/recommend/index.ts';
import { commandConfig, openEngine, storageOverride } from './context.ts';
import { createProgress } from './progress.ts';

/** Dataset files, or `log`: the configured storage's own event log (the demo retailer after `npm start`). */
const FORMATS = [...DATASET_FORMATS, 'log'] as const;
type Format = (typeof FORMATS)[number];

const DEFAULT_INPUT: Record<DatasetFormat, string | undefined> = {
  'online-retail': '../shared/data/online-retail/online_retail.csv.gz',
  diginetica: '../shared/data/diginetica-sample/sample_train-item-views.csv',
  segment: undefined,
};
const DEFAULT_TEST_DAYS: Record<Format, number> = { 'online-retail': 30, diginetica: 7, segment: 7, log: 7 };

const USAGE = `usage: panier eval recs --format online-retail|diginetica|segment|log [--input PATH] [--k 20]
                       [--test-days N] [--max-sessions N] [--min-support 5] [--json]
                       [--storage URL] [--keep ${KEEP_EVAL_RUNS}] [--no-save]
Evaluates every recommendation strategy offline on a time split (HR, MRR, NDCG, recall, coverage and
popularity bias at K) and prints Markdown, or JSON with --json. --format log reads the events stored in
the configured storage (--storage or PANIER_STORAGE_URL) instead of a file. The report is saved in
that storage (the newest --keep runs are kept) and served by GET /v1/recommendations/evaluation,
which the console's Recommendations page shows; --no-save only prints it.`;

/** `panier eval recs`: offline evaluation of every strategy; prints Markdown or JSON and saves the report. */
export async function runEvalRecs(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      format: { type: 'string' },
      input: { type: 'string' },
      k: { type: 'string', default: '20' },
      'test-days': { type: 'string' },
      'max-sessions': { type: 'string', default: '0' },
      'min-support': { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
      storage: { type: 'string' },
      keep: { type: 'string', default: String(KEEP_EVAL_RUNS) },
      'no-save': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new PanierError('invalid_argument', `--format is required. ${USAGE}`);
  const file = format === 'log' ? undefined : (values.input ?? DEFAULT_INPUT[format]);
  if (format !== 'log' && !file)
    throw new PanierError('invalid_argument', `--input is required for ${format}. ${USAGE}`);
  const k = positiveInt(values.k, '--k');
  const testDays = values['test-days']
    ? positiveInt(values['test-days'], '--test-days')
    : DEFAULT_TEST_DAYS[format];
  const keep = positiveInt(values.keep, '--keep');
  const maxTestSessions = Number(values['max-sessions']);
  const save = !values['no-save'];
  // The storage is opened only when it is read (log) or written (the report).
  const engine =
    format === 'log' || save ? await openEngine(commandConfig(storageOverride(values))) : undefined;
  try {
    let input = file ?? '';
    let data: Awaited<ReturnType<typeof readDataset>>;
    if (engine && format === 'log') {
      const log = await readLogDataset(engine, createProgress('eval'));
      data = log;
      input = logInput(engine, log.lastSeq);
    } else {
      process.stderr.write(`reading ${format} from ${input}\n`);
      data = await readDataset(format as DatasetFormat, input);
    }
    process.stderr.write(
      `evaluating ${data.interactions.length} interactions (k=${k}, test ${testDays} days)\n`,
    );
    const report = evaluate(data.interactions, data.docs, {
      k,
      testDays,
      minItemSupport: positiveInt(values['min-support'], '--min-support'),
      maxTestSessions,
    });
    console.log(
      values.json ? JSON.stringify({ format, input, ...report }, null, 2) : markdown(format, report),
    );
    if (engine && save) {
      const run = await saveEvalRun(engine, { format, input, report }, keep);
      process.stderr.write(`report saved as evaluation run ${run.id} (GET /v1/recommendations/evaluation)\n`);
    }
    return 0;
  } finally {
    await engine?.close();
  }
}

function positiveInt(v: string | undefined, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new PanierError('invalid_argument', `${name} must be a positive integer`);
  return n;
}

const f = (x: number) => x.toFixed(4);

function table(rows: readonly EvalRow[], k: number): string {
  const head = `| Strategy | HR@${k} | MRR@${k} | NDCG@${k} | Recall@${k} | COV@${k} | POP@${k} | predictions | CPU ms/prediction |\n|---|---|---|---|---|---|---|---|---|`;
  const best = Math.max(...rows.map((r) => r.metrics.hr));
  const body = rows.map((r) => {
    const m = r.metrics;
    const hr = m.hr === best ? `**${f(m.hr)}**` : f(m.hr);
    return `| ${r.strategy} | ${hr} | ${f(m.mrr)} | ${f(m.ndcg)} | ${f(m.recall)} | ${f(m.coverage)} | ${f(m.popularity)} | ${m.predictions} | ${r.msPerPrediction.toFixed(2)} |`;
  });
  return [head, ...body].join('\n');
}

export function markdown(format: string, r: EvalReport): string {
  const d = r.data;
  const parts = [
    `## ${format}: K=${r.k}, test = last ${r.split.testDays} days (from ${r.split.cutoff})`,
    '',
    `${d.interactions} interactions read, ${d.trainInteractions} in training after preprocessing; ${d.items} items; ` +
      `${d.trainSessions} training sessions, ${d.testSessions} test sessions, ${d.testUsers} test users; training ${r.trainSeconds.toFixed(1)} s, total ${r.seconds.toFixed(1)} s.`,
    '',
    '### Next item (session-rec protocol: every position, full ranking)',
    '',
    table(r.nextItem, r.k),
  ];
  if (r.userHistory.length > 0)
    parts.push('', '### User history → purchases after the split', '', table(r.userHistory, r.k));
  return parts.join('\n');
}
