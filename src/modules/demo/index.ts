export type { CatalogModel } from './catalog-model.ts';
export { createDemo, type DemoRetailer, expectedEvents, runDemo } from './demo.ts';
export { type DemoOptions, MAX_PRODUCTS, type ResolvedOptions, utcMidnight } from './options.ts';
export type { DemoSink } from './ports.ts';
export type { DemoChannel, SegmentCallType, SegmentContext, SegmentMessage } from './segment.ts';
export type { Shopper } from './shoppers.ts';
export type { DemoSummary, PlantedSummary } from './summary.ts';
export type { World } from './world.ts';
