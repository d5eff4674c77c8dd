import type {
  ForecastOptions,
  GlobalGram,
  GlobalModel,
  GlobalOptions,
} from '../../modules/forecast/index.ts';

/**
 * A panel laid out in shared memory so every worker reads the same bytes without copies:
 * row-major series × days (history) and series × (days + horizon) (regressors).
 */
export interface SharedPanel {
  series: number;
  days: number;
  horizon: number;
  y: SharedArrayBuffer;
  stockout?: SharedArrayBuffer;
  regressors: { name: string; data: SharedArrayBuffer }[];
  dow: Uint8Array;
  event?: Uint8Array;
  /** Season length in periods (default 7). */
  season?: number;
}

export type WorkerRequest =
  | { type: 'init'; panel: SharedPanel }
  | { type: 'gram'; id: number; from: number; to: number; opts: GlobalOptions }
  | { type: 'forecast'; id: number; from: number; to: number; model?: GlobalModel; opts: ForecastOptions };

export interface ForecastChunk {
  from: number;
  to: number;
  /** (to − from) × h, row per series. */
  mean: Float64Array;
  sd: Float64Array;
  /** (to − from) × levels × h. */
  quantiles: Float64Array;
  models: string[];
  /** Seconds spent per model family in this chunk. */
  timings: Record<string, number>;
}

export type WorkerResponse =
  | { type: 'gram'; id: number; gram: GlobalGram }
  | { type: 'forecast'; id: number; chunk: ForecastChunk }
  | { type: 'progress'; done: number }
  | { type: 'error'; id: number; message: string };
