/** Worker-thread execution of the forecast module over shared-memory panels. */
export { ForecastPool } from './pool.ts';
export type { ForecastChunk, SharedPanel } from './protocol.ts';
