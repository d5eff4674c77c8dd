import { SingleBar } from 'cli-progress';
import { readLong } from '../adapters/forecast-files/long.ts';
import { locateM5, readM5 } from '../adapters/forecast-files/m5.ts';
import { isPanierError } from '../kernel/index.ts';
import {
  ALL_EVAL_METHODS,
  DEFAULT_EVAL_METHODS,
  evaluate,
  type ForecastDataset,
  type MethodScore,
} from '../modules/forecast/index.ts';

const HELP = `panier eval forecast --format m5|long --input PATH --horizon H [--json]

Forecasts every series, holds out the last H days (or uses --test), and scores RMSSE/WRMSSE per
M5 level and SPL/WSPL for quantiles against seasonal naive and ES bottom-up computed by the same tool.

  --format m5|long   m5: PATH is a folder with *sales*.csv[.gz], calendar.csv, *sell_prices.csv[.gz]
                     long: PATH is one CSV (date,product,location,units[,price,promo,stockout,...])
  --input PATH       folder (m5) or file (long)
  --horizon H        periods to forecast and hold out (default 28)
  --freq day|week    long: period of the data (default: inferred from the dates)
  --sales FILE       m5: which sales file when the folder has several
  --test FILE        truth file (m5: sales_test_evaluation layout; long: same layout as input)
  --methods a,b      subset of methods by index (0=sNaive, 1=ES_bu, 2=auto, 3=global, 4..6=ensemble
                     bottom-up/WLS var/WLS struct, 7=global GBDT, slow, not run by default)
  --json             print the report as JSON instead of Markdown
`;

interface Args {
  format?: string;
  input?: string;
  horizon: number;
  json: boolean;
  help: boolean;
  sales?: string;
  test?: string;
  methods?: number[];
  freq?: 'day' | 'week';
}

function parseArgs(argv: string[]): Args {
  const a: Args = { horizon: 28, json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${k} needs a value`);
      return v;
    };
    if (k === '--help' || k === '-h') a.help = true;
    else if (k === '--json') a.json = true;
    else if (k === '--format') a.format = next();
    else if (k === '--input') a.input = next();
    else if (k === '--sales') a.sales = next();
    else if (k === '--test') a.test = next();
    else if (k === '--horizon') a.horizon = Number(next());
    else if (k === '--methods') a.methods = next().split(',').map(Number);
    else if (k === '--freq') {
      const f = next();
      if (f !== 'day' && f !== 'week') throw new Error('--freq must be day or week');
      a.freq = f;
    } else throw new Error(`unknown option ${k}`);
  }
  if (!a.help) {
    if (a.format !== 'm5' && a.format !== 'long') throw new Error('--format must be m5 or long');
    if (!a.input) throw new Error('--input is required');
    if (!Number.isInteger(a.horizon) || a.horizon < 1 || a.horizon > 364)
      throw new Error('--horizon must be an integer 1..364');
  }
  return a;
}

interface Progress {
  method(name: string, i: number): void;
  series(name: string, done: number, total: number): void;
  stop(): void;
}

/** A bar on a terminal; otherwise JSON lines on stderr, at most one per method per 10 % of series. */
function progress(methods: number): Progress {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format: 'eval {bar} {percentage}% method {m}/{methods} {method}',
      stream: process.stderr,
    });
    bar.start(1000, 0, { method: '', m: 0, methods });
    let current = 0;
    return {
      method: (method, i) => {
        current = i;
        bar.update(Math.round((1000 * i) / methods), { method, m: i + 1 });
      },
      series: (_name, done, total) => bar.update(Math.round((1000 * (current + done / total)) / methods)),
      stop: () => bar.stop(),
    };
  }
  const t0 = Date.now();
  const line = (o: object) =>
    process.stderr.write(
      `${JSON.stringify({ type: 'progress', task: 'eval_forecast', ...o, elapsed_s: (Date.now() - t0) / 1000 })}\n`,
    );
  let last = -1;
  return {
    method: (method, i) => {
      last = -1;
      line({ method, methods_done: i, methods });
    },
    series: (method, done, total) => {
      const decile = Math.floor((10 * done) / total);
      if (decile === last) return;
      last = decile;
      line({ method, series_done: done, series: total });
    },
    stop: () => line({ methods_done: methods, methods }),
  };
}

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');

export function toMarkdown(ds: ForecastDataset, scores: MethodScore[]): string {
  const out: string[] = [];
  out.push(`# Forecast evaluation`, '');
  out.push(
    `${ds.history.length} series, history ${ds.dates[0]} … ${ds.dates[ds.dates.length - ds.horizon - 1]}, horizon ${ds.horizon} ${ds.freq === 'week' ? 'weeks' : 'days'} (${ds.dates[ds.dates.length - ds.horizon]} … ${ds.dates[ds.dates.length - 1]}).`,
    '',
  );
  out.push(
    '| method | L12 WRMSSE | L12 mean RMSSE | avg WRMSSE (12 levels) | avg WSPL | seconds |',
    '|---|---|---|---|---|---|',
  );
  for (const s of scores)
    out.push(
      `| ${s.method} | ${f3(s.levels[11].wrmsse)} | ${f3(s.meanRmsseL12)} | ${f3(s.wrmsse)} | ${f3(s.wspl)} | ${s.seconds.toFixed(1)} |`,
    );
  out.push('', '## WRMSSE per level', '');
  out.push(
    `| method | ${scores[0].levels.map((l) => `L${l.level}`).join(' | ')} |`,
    `|---|${scores[0].levels.map(() => '---').join('|')}|`,
  );
  for (const s of scores) out.push(`| ${s.method} | ${s.levels.map((l) => f3(l.wrmsse)).join(' | ')} |`);
  out.push('', '## WSPL per level', '');
  out.push(
    `| method | ${scores[0].levels.map((l) => `L${l.level}`).join(' | ')} |`,
    `|---|${scores[0].levels.map(() => '---').join('|')}|`,
  );
  for (const s of scores) out.push(`| ${s.method} | ${s.levels.map((l) => f3(l.wspl)).join(' | ')} |`);
  out.push('', `Levels: ${scores[0].levels.map((l) => `L${l.level} ${l.name} (${l.series})`).join(', ')}.`);
  out.push('Organisers (full M5, level 12 WRMSSE): sNaive 1.176, ES_bu 0.915, winner 0.884.', '');
  return out.join('\n');
}

export async function runForecastEval(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return 0;
  }
  try {
    const input = args.input as string;
    const ds =
      args.format === 'm5'
        ? readM5(locateM5(input, args.sales, args.test), args.horizon)
        : readLong(input, args.horizon, args.test, args.freq);
    const methods = args.methods
      ? args.methods.map((i) => ALL_EVAL_METHODS[i]).filter((m) => m !== undefined)
      : DEFAULT_EVAL_METHODS;
    const bar = progress(methods.length);
    const scores = evaluate(
      ds,
      methods,
      (name, i) => bar.method(name, i),
      (name, done, total) => bar.series(name, done, total),
    );
    bar.stop();
    process.stdout.write(
      args.json
        ? `${JSON.stringify({ series: ds.history.length, horizon: ds.horizon, scores }, null, 2)}\n`
        : `${toMarkdown(ds, scores)}\n`,
    );
    return 0;
  } catch (e) {
    if (isPanierError(e)) {
      process.stderr.write(`error [${e.code}]: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
