import { type ForecastRunSummary, runForecast } from '../app/forecasting.ts';
import { PanierError } from '../kernel/index.ts';
import { intFlag, parseFlags } from './args.ts';
import { commandConfig, openEngine, storageOverride } from './context.ts';
import { createProgress } from './progress.ts';

const HELP = `Usage: panier forecast [--horizon 28] [--freq day|week] [--lead-time D] [--review-period D]
                       [--service-level 0.95] [--workers N] [--keep 3] [--storage URL] [--json]
Forecasts unit demand of every product × location from the orders in the event log (online orders at
their fulfilling location, in-store purchases at their store, refunds subtracted), with the nine M5
quantiles, reconciled bottom-up over product → department → category → location → region → total,
and plans replenishment against current inventory. The run is stored with the model and the data
version that produced it, and served by GET /v1/forecasts and GET /v1/replenishment.
  --horizon        periods ahead, 1..364 (default 28)
  --freq           day (default) or week
  --lead-time      days from order to delivery (default 7)
  --review-period  days between orders for a line (default 7)
  --service-level  cycle service level for safety stock, 0.5..1 exclusive (default 0.95)
  --workers        worker threads (default: by series count, at most the cores)
  --keep           runs kept, this one included; older ones are deleted (default 3)
  --storage        storage URL (or PANIER_STORAGE_URL)
  --json           print the run summary as JSON
`;

function numberFlag(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new PanierError('invalid_argument', `--${name} must be a number between ${min} and ${max}`);
  return n;
}

function freqFlag(value: string | undefined): 'day' | 'week' | undefined {
  if (value === undefined || value === 'day' || value === 'week') return value;
  throw new PanierError('invalid_argument', '--freq must be day or week');
}

function printSummary(s: ForecastRunSummary): void {
  const r = s.run;
  console.log(`forecast run ${r.id}`);
  console.log(`  model         ${r.model}`);
  console.log(`  data version  ${r.dataVersion}`);
  console.log(`  horizon       ${r.horizon} periods from ${r.startDate}`);
  console.log(
    `  series        ${s.series} product × location (${s.stockoutSeries} with stockout days), ${s.nodes} hierarchy nodes`,
  );
  console.log(
    `  stored        ${s.rows} forecast rows, ${s.replenishmentLines} replenishment lines (${s.atRisk} at risk)`,
  );
  if (s.pruned.length > 0) console.log(`  pruned        ${s.pruned.length} older run(s)`);
  console.log(
    `  seconds       ${Object.entries(s.seconds)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ')}`,
  );
}

/** `panier forecast`: one forecasting run over the configured storage. */
export async function runForecastCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    horizon: { type: 'string' },
    freq: { type: 'string' },
    'lead-time': { type: 'string' },
    'review-period': { type: 'string' },
    'service-level': { type: 'string' },
    workers: { type: 'string' },
    keep: { type: 'string' },
    storage: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const options = {
    horizon: intFlag(values.horizon, 'horizon', 1, 364),
    freq: freqFlag(values.freq),
    leadTime: numberFlag(values['lead-time'], 'lead-time', 0, 365),
    reviewPeriod: numberFlag(values['review-period'], 'review-period', 0, 365),
    serviceLevel: numberFlag(values['service-level'], 'service-level', 0.5, 0.9999),
    workers: intFlag(values.workers, 'workers', 1, 64),
    keep: intFlag(values.keep, 'keep', 1, 1000),
  };
  const engine = await openEngine(commandConfig(storageOverride(values)));
  try {
    const summary = await runForecast(engine, options, createProgress('forecast'));
    if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else printSummary(summary);
    return 0;
  } finally {
    await engine.close();
  }
}
