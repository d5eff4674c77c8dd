import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { type ForecastChunk, ForecastPool } from '../adapters/forecast-workers/index.ts';
import { createSqlForecastStore } from '../adapters/sql/index.ts';
import { noProgress, PanierError, type Progress, uuidv7 } from '../kernel/index.ts';
import {
  buildHierarchy,
  DEMAND_FREQS,
  type DemandHistory,
  DemandTally,
  type ForecastOptions,
  type ForecastRun,
  type ForecastStore,
  featureNames,
  forecastRows,
  type GlobalModel,
  historyRows,
  imputeStockouts,
  isoDay,
  QUANTILE_LEVELS,
  type QuantileForecast,
  reconcileForecasts,
  replenishmentRows,
  type SeriesKey,
  type StockState,
  solveGlobal,
  UNASSIGNED_LOCATION,
  weekdays,
} from '../modules/forecast/index.ts';
import type { Engine } from './engine.ts';

export const forecastRunOptions = z.strictObject({
  /** Periods ahead (days, or weeks with freq week). */
  horizon: z.number().int().min(1).max(364).default(28),
  freq: z.enum(DEMAND_FREQS).default('day'),
  /** Days from order to delivery. */
  leadTime: z.number().min(0).max(365).default(7),
  /** Days between two orders for the same line. */
  reviewPeriod: z.number().min(0).max(365).default(7),
  serviceLevel: z.number().gt(0.5).lt(1).default(0.95),
  workers: z.number().int().min(1).max(64).optional(),
  /** Runs kept after this one is saved (this one included); older runs are deleted with their rows. */
  keep: z.number().int().min(1).max(1000).default(3),
});
export type ForecastRunInput = z.input<typeof forecastRunOptions>;

export interface ForecastRunSummary {
  run: ForecastRun;
  series: number;
  nodes: number;
  rows: number;
  replenishmentLines: number;
  atRisk: number;
  stockoutSeries: number;
  /** Ids of older runs deleted to keep `keep` runs. */
  pruned: string[];
  seconds: Record<string, number>;
}

/** The global model needs eight weeks before its first training target plus a horizon of lags. */
const GLOBAL_MIN_PERIODS = 84;
const LOG_PAGE = 5000;
const AT_RISK = 0.2;

/**
 * `panier forecast`: demand series from the event log, catalog hierarchy, forecasts on worker threads,
 * bottom-up reconciliation, replenishment against current inventory, all persisted as one run.
 */
export async function runForecast(
  engine: Engine,
  input: ForecastRunInput = {},
  progress: Progress = noProgress,
  store: ForecastStore = createSqlForecastStore(engine.sql),
): Promise<ForecastRunSummary> {
  const parsed = forecastRunOptions.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PanierError('invalid_argument', `forecast option ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const opts = parsed.data;
  const step = opts.freq === 'week' ? 7 : 1;
  const policy = {
    leadTime: Math.ceil(opts.leadTime / step),
    reviewPeriod: Math.ceil(opts.reviewPeriod / step),
    serviceLevel: opts.serviceLevel,
  };
  // Checked before the work: the order-up-to level needs forecasts over lead time + review period.
  if (policy.leadTime + policy.reviewPeriod > opts.horizon)
    throw new PanierError(
      'invalid_argument',
      `horizon ${opts.horizon} ${opts.freq}s is shorter than lead time + review period (${policy.leadTime + policy.reviewPeriod} ${opts.freq}s)`,
      'horizon',
    );
  const seconds: Record<string, number> = {};
  let t0 = Date.now();
  const lap = (name: string) => {
    seconds[name] = (Date.now() - t0) / 1000;
    t0 = Date.now();
  };
  const stock = await readInventory(engine);
  const { tally, lastSeq } = await readDemand(engine, progress);
  const history = tally.history({
    freq: opts.freq,
    outOfStock: (p, l) => stock.get(stockKey(p, l))?.onHand === 0,
  });
  if (history.series.length === 0 || history.dates.length < 14)
    throw new PanierError(
      'not_ready',
      `not enough sales to forecast: ${history.series.length} series over ${history.dates.length} ${opts.freq}s (at least 14 periods of orders are needed)`,
    );
  const keys = await seriesKeys(engine, history);
  lap('read');

  const season = opts.freq === 'week' ? 52 : 7;
  // Weekly series impute from neighbouring weeks, daily ones from the same weekday.
  const histories = history.series.map((s) => imputeStockouts(s, opts.freq === 'week' ? 1 : 7));
  const method = history.dates.length >= GLOBAL_MIN_PERIODS ? 'ensemble' : 'auto';
  const fopts: ForecastOptions = {
    horizon: opts.horizon,
    method,
    season,
    weekdayProfile: opts.freq === 'day',
  };
  const bottom = await forecastOnWorkers(history, histories, fopts, opts.workers, progress);
  lap('forecast');

  phase(progress, 'reconciling the hierarchy');
  const hierarchy = buildHierarchy(keys);
  const nodes = reconcileForecasts(hierarchy, histories, bottom, 'bottom_up', opts.horizon, season);
  phaseDone(progress);
  lap('reconcile');

  const run: ForecastRun = {
    id: uuidv7(),
    createdAt: Date.now(),
    model: `${method === 'ensemble' ? 'ensemble(local by demand class 2/3 + global ridge 1/3)' : 'auto(local by demand class)'}+bottom_up; freq=${opts.freq}; lead=${opts.leadTime}d review=${opts.reviewPeriod}d csl=${opts.serviceLevel}`,
    dataVersion: `log≤${lastSeq}; inventory@${stock.version}`,
    horizon: opts.horizon,
    startDate: isoDay(history.lastDay + 1),
  };
  const dates = Array.from({ length: opts.horizon }, (_, t) => isoDay(history.lastDay + 1 + t * step));
  const lines = replenishmentRows(
    run,
    hierarchy,
    keys,
    nodes,
    stockOf(stock),
    policy,
    bottom.map((b) => b.sd),
  );
  phase(progress, 'saving the run');
  await store.saveRun(
    run,
    forecastRows(run, hierarchy, keys, nodes, dates),
    lines,
    historyRows(run, hierarchy, keys, history.series, histories, history.dates),
  );
  const pruned = await store.pruneRuns(opts.keep);
  phaseDone(progress);
  const rows = nodes.length * dates.length;
  lap('save');
  engine.logger.info({ run: run.id, series: keys.length, rows, seconds }, 'forecast run saved');
  return {
    run,
    series: keys.length,
    nodes: nodes.length,
    rows,
    replenishmentLines: lines.length,
    atRisk: lines.filter((l) => l.stockoutRisk >= AT_RISK).length,
    stockoutSeries: history.series.filter((s) => s.stockout).length,
    pruned,
    seconds,
  };
}

/** A step without a countable total still shows its name on the bar. */
function phase(progress: Progress, label: string): void {
  progress.start(1, label);
  progress.update(0);
}

function phaseDone(progress: Progress): void {
  progress.update(1);
  progress.stop();
}

async function readDemand(engine: Engine, progress: Progress) {
  const lastSeq = await engine.log.lastSeq();
  const tally = new DemandTally();
  progress.start(lastSeq, 'reading the event log');
  let after = 0;
  while (after < lastSeq) {
    const page = await engine.log.scan(after, LOG_PAGE);
    if (page.length === 0) break;
    // Events appended while the run reads are left for the next run, so dataVersion stays exact.
    tally.add(page[page.length - 1]!.seq > lastSeq ? page.filter((e) => e.seq <= lastSeq) : page);
    after = page[page.length - 1]!.seq;
    progress.update(Math.min(after, lastSeq));
  }
  progress.stop();
  return { tally, lastSeq };
}

interface Stock {
  onHand: number;
  reserved: number;
  inTransit: number;
}
const stockKey = (product: string, location: string) => `${product}\u0000${location}`;

/** Stock of a series' location; a product without an inventory row there has none, the online pseudo-location holds none. */
const stockOf =
  (stock: Map<string, Stock>) =>
  (product: string, location: string): StockState | undefined => {
    if (location === UNASSIGNED_LOCATION) return undefined;
    const s = stock.get(stockKey(product, location));
    return {
      product,
      location,
      onHand: s?.onHand ?? 0,
      reserved: s?.reserved ?? 0,
      inTransit: s?.inTransit ?? 0,
    };
  };

async function readInventory(engine: Engine): Promise<Map<string, Stock> & { version: number }> {
  const map = Object.assign(new Map<string, Stock>(), { version: 0 });
  for await (const batch of engine.catalog.scanInventory()) {
    for (const r of batch) {
      map.set(stockKey(r.productId, r.locationId), r);
      map.version = Math.max(map.version, r.updatedAt);
    }
  }
  return map;
}

/** Department = first two levels of the category path, category = its first level; region from the location. */
async function seriesKeys(engine: Engine, history: DemandHistory): Promise<SeriesKey[]> {
  const products = new Map<string, string[]>();
  for await (const batch of engine.catalog.scanProducts())
    for (const p of batch) products.set(p.id, p.category);
  const regions = new Map<string, string>();
  for await (const batch of engine.catalog.scanLocations())
    for (const l of batch) regions.set(l.id, l.region ?? 'default');
  return history.keys.map(({ product, location }) => {
    const path = products.get(product) ?? [];
    const category = path[0] ?? 'uncategorized';
    return {
      product,
      location,
      category,
      department: path.length > 1 ? `${path[0]} > ${path[1]}` : category,
      region: regions.get(location) ?? (location === UNASSIGNED_LOCATION ? 'online' : 'unknown'),
    };
  });
}

/** Imputed histories into shared memory; global ridge fitted across workers, then every series forecast. */
async function forecastOnWorkers(
  history: DemandHistory,
  histories: Float64Array[],
  opts: ForecastOptions,
  workers: number | undefined,
  progress: Progress,
): Promise<QuantileForecast[]> {
  const S = histories.length;
  const days = history.dates.length;
  const y = new SharedArrayBuffer(S * days * 4);
  const yv = new Float32Array(y);
  histories.forEach((h, s) => {
    yv.set(h, s * days);
  });
  const stockout = new SharedArrayBuffer(S * days);
  const so = new Uint8Array(stockout);
  history.series.forEach((s, i) => {
    if (s.stockout) so.set(s.stockout, i * days);
  });
  const dates = [...history.dates];
  for (let t = 1; t <= opts.horizon; t++)
    dates.push(isoDay(history.lastDay + t * (opts.season === 52 ? 7 : 1)));
  const dow = weekdays(dates);
  // Small runs do not repay starting many threads.
  const size = workers ?? Math.max(1, Math.min(availableParallelism(), Math.ceil(S / 500)));
  progress.start(S, 'forecasting series');
  let done = 0;
  const pool = new ForecastPool(
    { series: S, days, horizon: opts.horizon, y, stockout, regressors: [], dow, season: opts.season },
    size,
    (n) => {
      done += n;
      progress.update(done);
    },
  );
  try {
    let model: GlobalModel | undefined;
    if (opts.method === 'ensemble') {
      const gram = await pool.gram({ horizon: opts.horizon });
      model = solveGlobal(gram, featureNames({ y: [], calendar: { dow } }));
    }
    return unpack(await pool.forecast(opts, model, 500), opts.horizon);
  } finally {
    progress.stop();
    await pool.close();
  }
}

function unpack(chunks: ForecastChunk[], h: number): QuantileForecast[] {
  const levels = QUANTILE_LEVELS.length;
  const out: QuantileForecast[] = [];
  for (const c of chunks) {
    for (let i = 0; i < c.to - c.from; i++) {
      out.push({
        model: c.models[i]!,
        mean: c.mean.subarray(i * h, (i + 1) * h),
        sd: c.sd.subarray(i * h, (i + 1) * h),
        levels: QUANTILE_LEVELS,
        quantiles: Array.from({ length: levels }, (_, q) =>
          c.quantiles.subarray((i * levels + q) * h, (i * levels + q + 1) * h),
        ),
      });
    }
  }
  return out;
}
