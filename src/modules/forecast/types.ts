/** Quantile levels scored by M5 Uncertainty; every forecast carries them. */
export const QUANTILE_LEVELS = [0.005, 0.025, 0.165, 0.25, 0.5, 0.75, 0.835, 0.975, 0.995] as const;

/** Demand pattern per Syntetos–Boylan–Croston (ADI / CV² of non-zero sizes). */
export type DemandClass = 'smooth' | 'erratic' | 'intermittent' | 'lumpy';

/** One demand series (product × location), daily, oldest first. */
export interface DemandSeries {
  id: string;
  /** Observed unit sales per period. */
  y: Float64Array;
  /** 1 where the location had zero on hand: the sale count is censored, not a demand of zero. */
  stockout?: Uint8Array;
}

/** A point forecast with the one-step residual scale the model saw, used to build quantiles. */
export interface PointForecast {
  model: string;
  mean: Float64Array;
  /** Standard deviation of the forecast error per horizon step. */
  sd: Float64Array;
}

/** Point forecast plus quantiles (one row per level in QUANTILE_LEVELS, each of length h). */
export interface QuantileForecast extends PointForecast {
  levels: readonly number[];
  quantiles: Float64Array[];
}

/** Calendar covering history and horizon (index 0 = first history day). */
export interface ForecastCalendar {
  /** Day of week 0..6 (any fixed origin). */
  dow: Uint8Array;
  /** 1 on a named event day (holiday, sporting, cultural). */
  event?: Uint8Array;
}

/**
 * External signal, one interface for regressors and adjustments.
 * A `regressor` becomes a feature of the global model; a `multiplier` scales the final forecast
 * (e.g. a social-trend uplift) and stays auditable because it is applied last and named.
 */
export interface ExternalSignal {
  name: string;
  mode: 'regressor' | 'multiplier';
  /** Value for series `s` on absolute day `t` (history and horizon share one index). */
  value(s: number, t: number): number;
}
