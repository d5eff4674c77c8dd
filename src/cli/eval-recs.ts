import { parseArgs } from 'node:util';
import { DATASET_FORMATS, type DatasetFormat, readDataset } from '../adapters/recommend/datasets.ts';
import { PanierError } from '../kernel/index.ts';
import { type EvalReport, type EvalRow, evaluate } from '../modules/recommend/index.ts';

const DEFAULT_INPUT: Record<DatasetFormat, string | undefined> = {
  'online-retail': '../shared/data/online-retail/online_retail.csv.gz',
  diginetica: '../shared/data/diginetica-sample/sample_train-item-views.csv',
  segment: undefined,
};
const DEFAULT_TEST_DAYS: Record<DatasetFormat, number> = { 'online-retail': 30, diginetica: 7, segment: 7 };

const USAGE =
  'usage: panier eval recs --format online-retail|diginetica|segment --input PATH [--k 20] [--test-days N] [--max-sessions N] [--min-support 5] [--json]';

/** `panier eval recs`: offline evaluation of every strategy on a dataset; prints Markdown or JSON. */
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
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const format = values.format as DatasetFormat;
  if (!DATASET_FORMATS.includes(format))
    throw new PanierError('invalid_argument', `--format is required. ${USAGE}`);
  const input = values.input ?? DEFAULT_INPUT[format];
  if (!input) throw new PanierError('invalid_argument', `--input is required for ${format}. ${USAGE}`);
  const k = positiveInt(values.k, '--k');
  const testDays = values['test-days']
    ? positiveInt(values['test-days'], '--test-days')
    : DEFAULT_TEST_DAYS[format];
  const maxTestSessions = Number(values['max-sessions']);
  process.stderr.write(`reading ${format} from ${input}\n`);
  const data = await readDataset(format, input);
  process.stderr.write(
    `evaluating ${data.interactions.length} interactions (k=${k}, test ${testDays} days)\n`,
  );
  const report = evaluate(data.interactions, data.docs, {
    k,
    testDays,
    minItemSupport: positiveInt(values['min-support'], '--min-support'),
    maxTestSessions,
  });
  console.log(values.json ? JSON.stringify({ format, input, ...report }, null, 2) : markdown(format, report));
  return 0;
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
