/** Public face of the forecast module: demand series, models, reconciliation, evaluation, replenishment. */
export {
  AUTO_CHOICE,
  chooseLocal,
  type ForecastOptions,
  forecastLocal,
  forecastSeries,
  LOCAL_METHODS,
  type LocalMethod,
  type Method,
} from './auto.ts';
export { addDays, datasetSignals, dollarSales, type ForecastDataset, weekdays } from './dataset.ts';
export {
  DEMAND_FREQS,
  type DemandFreq,
  type DemandHistory,
  type DemandOptions,
  DemandTally,
  dayOf,
  demandFromEvents,
  isoDay,
  trailingStockout,
  UNASSIGNED_LOCATION,
} from './demand.ts';
export { autoEts, type EtsFit, type EtsSpec, fitEts, forecastEts } from './ets.ts';
export {
  ALL_EVAL_METHODS,
  DEFAULT_EVAL_METHODS,
  ES_BU,
  type EvalMethod,
  evaluate,
  GBDT_GLOBAL,
  pipelineMethod,
  SNAIVE,
} from './eval-run.ts';
export type { EvalData, LevelScore, MethodOutput, MethodScore } from './evaluation.ts';
export { scoreMethod } from './evaluation.ts';
export { fitGbdt, type Gbdt, type GbdtOptions, predictGbdt } from './gbdt.ts';
export { fitGbdtGlobal, type GbdtGlobalModel, predictGbdtGlobal } from './gbdt-global.ts';
export {
  featureNames,
  fitGlobal,
  type GlobalGram,
  type GlobalModel,
  type GlobalOptions,
  type GlobalPanel,
  globalGram,
  mergeGrams,
  predictGlobal,
  solveGlobal,
} from './global.ts';
export {
  aggregate,
  buildHierarchy,
  HIERARCHY_LEVELS,
  type Hierarchy,
  type HierarchyLevel,
  type SeriesKey,
} from './hierarchy.ts';
export { adida, classifyDemand, croston, type DemandProfile, imapa, tsb } from './intermittent.ts';
export { M5_LEVELS } from './m5-levels.ts';
export { pinball, rmsse, spl } from './metrics.ts';
export { naive, seasonalNaive } from './naive.ts';
export {
  buildPanel,
  type NodeForecast,
  type PipelineInput,
  type PipelineOptions,
  type PipelineResult,
  reconcileForecasts,
  runPipeline,
} from './pipeline.ts';
export {
  type ForecastHistoryRow,
  type ForecastQuery,
  type ForecastRow,
  type ForecastRun,
  type ForecastStore,
  type HistoryQuery,
  memoryForecastStore,
  type ReplenishmentRow,
} from './ports.ts';
export { weekdayProfile } from './profile.ts';
export { countQuantiles, normalQuantiles, withQuantiles } from './quantiles.ts';
export { type ReconcileMethod, recenterQuantiles, reconcile } from './reconcile.ts';
export {
  type DailyForecast,
  dailySigma,
  demandOver,
  inventoryPosition,
  newsvendorQuantity,
  orderUpTo,
  reorderPoint,
  safetyStock,
  sigmaFromQuantiles,
  suggestedOrder,
} from './replenishment.ts';
export {
  type PlanLine,
  type PlanPolicy,
  planLine,
  type StockState,
  stockoutRisks,
} from './replenishment-plan.ts';
export { forecastRows, HISTORY_PERIODS, historyRows, replenishmentRows } from './run-output.ts';
export { imputeStockouts, observedMask } from './stockout.ts';
export { theta } from './theta.ts';
export * from './types.ts';
