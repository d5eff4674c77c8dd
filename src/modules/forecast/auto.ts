import { PanierError } from '../../kernel/index.ts';
import { autoEts } from './ets.ts';
import { type GlobalModel, type GlobalPanel, predictGlobal } from './global.ts';
import { adida, classifyDemand, croston, imapa, tsb } from './intermittent.ts';
import { seasonalNaive } from './naive.ts';
import { weekdayProfile } from './profile.ts';
import { withQuantiles } from './quantiles.ts';
import { theta } from './theta.ts';
import type { DemandClass, PointForecast, QuantileForecast } from './types.ts';

export const LOCAL_METHODS = ['snaive', 'ets', 'theta', 'croston', 'sba', 'tsb', 'adida', 'imapa'] as const;
export type LocalMethod = (typeof LOCAL_METHODS)[number];
export type Method = 'auto' | 'global' | 'ensemble' | LocalMethod;

export interface ForecastOptions {
  horizon: number;
  method?: Method;
  /** Window (days) for ETS/Theta fitting and demand classification (default: all history). */
  window?: number;
  /** Season length in periods: 7 for daily data (default), 52 for weekly. */
  season?: number;
  /** Multiply flat intermittent forecasts by the weekday profile (daily data only). Default true. */
  weekdayProfile?: boolean;
  /** Override the local model per demand class (default AUTO_CHOICE). */
  choice?: Partial<Record<DemandClass, LocalMethod>>;
  /** Weight of the global model in the ensemble (default 1/3). */
  globalWeight?: number;
  /** Also average in ETS when the class-chosen model is an intermittent one (default false: measured no better). */
  etsMember?: boolean;
}

/** Default choice per demand class; see docs/forecasting.md for the measurements behind it. */
export const AUTO_CHOICE: Record<DemandClass, LocalMethod> = {
  smooth: 'ets',
  erratic: 'ets',
  intermittent: 'sba',
  lumpy: 'tsb',
};

/** Chosen on the validation window d_1858–d_1885 of the 280-series subset (docs/forecasting.md). */
export const DEFAULT_WINDOW = Number.POSITIVE_INFINITY;
export const DEFAULT_GLOBAL_WEIGHT = 1 / 3;

const FLAT = new Set<LocalMethod>(['croston', 'sba', 'tsb', 'adida', 'imapa']);

function shapeByWeekday(
  f: PointForecast,
  y: Float64Array,
  dow: Uint8Array,
  prior?: Float64Array,
): PointForecast {
  const profile = weekdayProfile(y, dow, { prior });
  const n = y.length;
  const mean = new Float64Array(f.mean.length);
  const sd = new Float64Array(f.mean.length);
  for (let i = 0; i < mean.length; i++) {
    const w = profile[dow[n + i]];
    mean[i] = f.mean[i] * w;
    sd[i] = f.sd[i] * Math.sqrt(w);
  }
  return { model: `${f.model}+weekday`, mean, sd };
}

/** History from the first sale on (keeping at least two weeks): zeros before launch are not demand. */
export function sinceLaunch(y: Float64Array): Float64Array {
  let s = 0;
  while (s < y.length - 14 && y[s] === 0) s++;
  return s === 0 ? y : y.subarray(s);
}

/** One local model on one (imputed) series. */
export function forecastLocal(
  y: Float64Array,
  dow: Uint8Array,
  method: LocalMethod,
  opts: ForecastOptions,
  prior?: Float64Array,
): PointForecast {
  const h = opts.horizon;
  const window = opts.window ?? DEFAULT_WINDOW;
  const m = opts.season ?? 7;
  const recent = y.length > window ? y.subarray(y.length - window) : y;
  let f: PointForecast;
  switch (method) {
    case 'snaive':
      f = seasonalNaive(y, h, m);
      break;
    case 'ets':
      f = autoEts(sinceLaunch(y), h, { window, m });
      break;
    case 'theta':
      f = theta(sinceLaunch(y), h, { window, m });
      break;
    case 'croston':
      f = croston(recent, h);
      break;
    case 'sba':
      f = croston(recent, h, { variant: 'sba' });
      break;
    case 'tsb':
      f = tsb(recent, h);
      break;
    case 'adida':
      f = adida(recent, h);
      break;
    case 'imapa':
      f = imapa(recent, h);
      break;
  }
  if (FLAT.has(method) && m === 7 && opts.weekdayProfile !== false) f = shapeByWeekday(f, y, dow, prior);
  return f;
}

export function chooseLocal(
  y: Float64Array,
  window = DEFAULT_WINDOW,
  choice?: ForecastOptions['choice'],
): LocalMethod {
  const recent = y.length > window ? y.subarray(y.length - window) : y;
  const cls = classifyDemand(recent).demandClass;
  return choice?.[cls] ?? AUTO_CHOICE[cls];
}

/** Weighted mean of two forecasts; the spread stays the first (local, series-specific) model's. */
function average(a: PointForecast, b: PointForecast, wb: number): PointForecast {
  const mean = a.mean.map((v, i) => (1 - wb) * v + wb * b.mean[i]);
  return { model: `mean(${a.model},${b.model})`, mean, sd: a.sd };
}

/** Forecast series s of a panel with the requested method, then attach quantiles. */
/** Model family for timing reports. */
export function familyOf(method: LocalMethod | 'global'): string {
  return FLAT.has(method as LocalMethod) ? 'intermittent' : method;
}

/** Run `fn`, adding its wall time (seconds) to `timings[name]` when timings are being collected. */
function timed<T>(timings: Record<string, number> | undefined, name: string, fn: () => T): T {
  if (!timings) return fn();
  const t0 = performance.now();
  const out = fn();
  timings[name] = (timings[name] ?? 0) + (performance.now() - t0) / 1000;
  return out;
}

/** Forecast series s of a panel with the requested method, then attach quantiles. */
export function forecastSeries(
  panel: GlobalPanel,
  s: number,
  opts: ForecastOptions,
  global?: GlobalModel,
  prior?: Float64Array,
  timings?: Record<string, number>,
): QuantileForecast {
  const y = panel.y[s];
  const dow = panel.calendar.dow;
  const method = opts.method ?? 'ensemble';
  const local = (m: LocalMethod) => timed(timings, familyOf(m), () => forecastLocal(y, dow, m, opts, prior));
  const viaGlobal = () => {
    if (!global) throw new PanierError('invalid_argument', `method ${method} needs a fitted global model`);
    return timed(timings, 'global', () => predictGlobal(global, panel, s, opts.horizon));
  };
  let f: PointForecast;
  if (method === 'global') f = viaGlobal();
  else if (method === 'auto' || method === 'ensemble') {
    const choice = timed(timings, 'classify', () => chooseLocal(y, opts.window, opts.choice));
    f = local(choice);
    if (method === 'ensemble' && choice !== 'ets' && opts.etsMember === true)
      f = average(f, local('ets'), 0.5);
    if (method === 'ensemble' && global)
      f = average(f, viaGlobal(), opts.globalWeight ?? DEFAULT_GLOBAL_WEIGHT);
  } else f = local(method);
  f = applyMultipliers(f, panel, s);
  for (let i = 0; i < f.mean.length; i++) if (f.mean[i] < 0) f.mean[i] = 0;
  const point = f;
  return timed(timings, 'quantiles', () => withQuantiles(point));
}

function applyMultipliers(f: PointForecast, panel: GlobalPanel, s: number): PointForecast {
  const mult = (panel.signals ?? []).filter((x) => x.mode === 'multiplier');
  if (mult.length === 0) return f;
  const n = panel.y[s].length;
  const off = panel.seriesOffset ?? 0;
  const mean = Float64Array.from(f.mean);
  const sd = Float64Array.from(f.sd);
  for (let i = 0; i < mean.length; i++) {
    for (const sig of mult) {
      const v = sig.value(s + off, n + i);
      mean[i] *= v;
      sd[i] *= v;
    }
  }
  return { model: `${f.model}×${mult.map((x) => x.name).join('×')}`, mean, sd };
}
