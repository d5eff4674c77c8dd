import { availableParallelism, cpus } from 'node:os';
import { SingleBar } from 'cli-progress';
import { type ForecastChunk, ForecastPool } from '../../src/adapters/forecast-workers/index.ts';
import {
  buildHierarchy,
  type ForecastOptions,
  featureNames,
  QUANTILE_LEVELS,
  type QuantileForecast,
  reconcileForecasts,
  rmsse,
  seasonalNaive,
  solveGlobal,
} from '../../src/modules/forecast/index.ts';
import { generate } from './synth.ts';

const LIMIT_S = 120;
const LIMIT_GB = 4;
const H = 28;

function progress(total: number, label: string) {
  let done = 0;
  if (process.stderr.isTTY) {
    const bar = new SingleBar({ format: `${label} {bar} {value}/{total}`, stream: process.stderr });
    bar.start(total, 0);
    return {
      add: (n: number) => {
        done += n;
        bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    add: (n: number) => {
      done += n;
      if (done - last >= total / 10 || done === total) {
        last = done;
        process.stderr.write(`${JSON.stringify({ type: 'progress', task: label, done, total })}\n`);
      }
    },
    stop: () => {},
  };
}

const secs = (t0: number) => (performance.now() - t0) / 1000;

function unpack(chunks: ForecastChunk[], levels: number): QuantileForecast[] {
  const out: QuantileForecast[] = [];
  for (const c of chunks) {
    for (let i = 0; i < c.to - c.from; i++) {
      const quantiles = Array.from({ length: levels }, (_, q) =>
        c.quantiles.subarray((i * levels + q) * H, (i * levels + q + 1) * H),
      );
      out.push({
        model: c.models[i],
        mean: c.mean.subarray(i * H, (i + 1) * H),
        sd: c.sd.subarray(i * H, (i + 1) * H),
        levels: QUANTILE_LEVELS,
        quantiles,
      });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const phases: Record<string, number> = {};
  let t0 = performance.now();
  // `--scale 0.1` runs a tenth of the items (quick check); the reported run uses the full size.
  const scaleArg = process.argv.indexOf('--scale');
  const data = generate(42, 1941, H, scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1);
  phases.generate_data = secs(t0);
  const { series: S, days } = data;
  const yv = new Float32Array(data.y);
  let zeros = 0;
  for (let i = 0; i < yv.length; i++) if (yv[i] === 0) zeros++;
  console.log(
    `synthetic: ${S} series × ${days} days, ${((100 * zeros) / yv.length).toFixed(1)}% zeros, generated in ${phases.generate_data.toFixed(1)} s`,
  );

  const start = performance.now();
  const bar = progress(S, 'forecast');
  const pool = new ForecastPool(
    {
      series: S,
      days,
      horizon: H,
      y: data.y,
      regressors: [
        { name: 'promo', data: data.promo },
        { name: 'snap', data: data.snap },
      ],
      dow: data.dow,
    },
    availableParallelism(),
    (n) => bar.add(n),
  );
  // Speed settings for M5 scale: two-year fitting window, every 7th day as a global training row.
  const opts: ForecastOptions = { horizon: H, method: 'ensemble', window: 728 };
  t0 = performance.now();
  const gram = await pool.gram({ horizon: H, trainDays: 364, stride: 7 });
  const model = solveGlobal(
    gram,
    featureNames({
      y: [],
      calendar: { dow: data.dow },
      signals: [
        { name: 'promo', mode: 'regressor', value: () => 0 },
        { name: 'snap', mode: 'regressor', value: () => 0 },
      ],
    }),
  );
  phases.global_fit = secs(t0);
  t0 = performance.now();
  const chunks = await pool.forecast(opts, model);
  phases.forecast_all_series = secs(t0);
  bar.stop();
  await pool.close();

  t0 = performance.now();
  const bottom = unpack(chunks, QUANTILE_LEVELS.length);
  const hierarchy = buildHierarchy(data.keys);
  const histories = Array.from({ length: S }, (_, s) => yv.subarray(s * days, (s + 1) * days));
  const nodes = reconcileForecasts(hierarchy, histories, bottom, 'bottom_up', H);
  phases.reconcile_bottom_up = secs(t0);
  t0 = performance.now();
  reconcileForecasts(hierarchy, histories, bottom, 'wls_var', H);
  phases.reconcile_wls_var = secs(t0);
  const total = secs(start);
  const peakGb = process.resourceUsage().maxRSS / 1024 / 1024;

  const family: Record<string, number> = {};
  for (const c of chunks) for (const [k, v] of Object.entries(c.timings)) family[k] = (family[k] ?? 0) + v;

  // Accuracy on the synthetic hold-out (mean RMSSE, product × store), vs seasonal naive.
  let ours = 0;
  let naive = 0;
  let counted = 0;
  for (let s = 0; s < S; s++) {
    const truth = data.truth.subarray(s * H, (s + 1) * H);
    const a = rmsse(histories[s], truth, nodes[hierarchy.leafNode[s]].mean);
    const b = rmsse(histories[s], truth, seasonalNaive(Float64Array.from(histories[s]), H).mean);
    if (Number.isFinite(a) && Number.isFinite(b)) {
      ours += a;
      naive += b;
      counted++;
    }
  }
  const cpu = cpus()[0]?.model ?? 'unknown';
  console.log(
    `\nmachine: nproc ${availableParallelism()}, ${cpu}, node ${process.version}, ${pool.size} worker threads`,
  );
  console.log('\n| phase (wall) | seconds |\n|---|---|');
  for (const [k, v] of Object.entries(phases)) console.log(`| ${k} | ${v.toFixed(1)} |`);
  console.log('\n| model family (CPU seconds summed over workers) | seconds |\n|---|---|');
  for (const [k, v] of Object.entries(family).sort((a, b) => b[1] - a[1]))
    console.log(`| ${k} | ${v.toFixed(1)} |`);
  console.log(`\nmodels chosen: ${JSON.stringify(countModels(chunks))}`);
  console.log(
    `total end to end (excluding data generation): ${total.toFixed(1)} s — ratio to ${LIMIT_S} s limit: ${(total / LIMIT_S).toFixed(2)}`,
  );
  console.log(
    `peak RSS: ${peakGb.toFixed(2)} GB — ratio to ${LIMIT_GB} GB limit: ${(peakGb / LIMIT_GB).toFixed(2)}`,
  );
  console.log(
    `synthetic hold-out mean RMSSE (L12): ensemble ${(ours / counted).toFixed(3)}, seasonal naive ${(naive / counted).toFixed(3)} over ${counted} series`,
  );
}

function countModels(chunks: ForecastChunk[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const ch of chunks)
    for (const m of ch.models) {
      const key = m.replace(/ETS\([^)]*\)/g, 'ETS');
      c[key] = (c[key] ?? 0) + 1;
    }
  return c;
}

await main();
