import type { Progress } from '../../kernel/index.ts';
import type { InventoryInput, LocationInput, ProductInput } from '../catalog/index.ts';
import { buildCatalogModel } from './catalog-model.ts';
import { inventoryBatches } from './inventory.ts';
import { buildLocations } from './locations.ts';
import { type DemoOptions, type ResolvedOptions, resolveOptions } from './options.ts';
import { plantPatterns } from './patterns.ts';
import type { DemoSink } from './ports.ts';
import { productBatches } from './products.ts';
import type { SegmentMessage } from './segment.ts';
import { buildShoppers } from './shoppers.ts';
import { buildSummary, type DemoSummary } from './summary.ts';
import { emptyTally } from './tally.ts';
import { eventBatches } from './timeline.ts';
import type { World } from './world.ts';

/** The demo retailer, ready to stream: each stream can be read once, in any order. */
export interface DemoRetailer {
  readonly options: ResolvedOptions;
  readonly world: World;
  products(): Generator<ProductInput[]>;
  locations(): LocationInput[];
  inventory(): Generator<InventoryInput[]>;
  events(): Generator<SegmentMessage[]>;
  /** Counts so far: complete once the inventory and event streams have been read to the end. */
  summary(): DemoSummary;
}

export function createDemo(input: DemoOptions): DemoRetailer {
  const options = resolveOptions(input);
  const { seed, batchSize, endDate } = options;
  const model = buildCatalogModel(seed, options.products);
  const locations = buildLocations(seed);
  const world: World = {
    seed,
    days: options.days,
    model,
    locations,
    shoppers: buildShoppers(model, locations, seed, options.shoppers),
    patterns: plantPatterns(model, seed, options.days),
  };
  const tally = emptyTally();
  let inventoryRows = 0;
  return {
    options,
    world,
    products: () => productBatches(model, seed, batchSize),
    locations: () => locations.records.map((r) => ({ ...r })),
    *inventory() {
      for (const batch of inventoryBatches(model, locations, seed, batchSize)) {
        inventoryRows += batch.length;
        yield batch;
      }
    },
    events: () => eventBatches(world, endDate, batchSize, tally),
    summary: () => buildSummary(world, endDate, inventoryRows, tally),
  };
}

/** Rough event count, for the progress bar before the events exist. */
export function expectedEvents(options: ResolvedOptions): number {
  return Math.round(options.shoppers * options.days * 0.27);
}

/** Generates the demo retailer into the sink: catalog, locations, inventory, then events in time order. */
export async function runDemo(sink: DemoSink, input: DemoOptions, progress: Progress): Promise<DemoSummary> {
  const demo = createDemo(input);
  const { options } = demo;
  progress.start(options.products, 'demo products');
  for (const batch of demo.products()) {
    await sink.upsertProducts(batch);
    progress.increment(batch.length);
  }
  progress.stop();
  await sink.upsertLocations(demo.locations());
  progress.start(
    options.products * (demo.world.locations.stores.length + demo.world.locations.warehouses.length),
    'demo inventory',
  );
  for (const batch of demo.inventory()) {
    await sink.upsertInventory(batch);
    progress.increment(batch.length);
  }
  // The total above is an upper bound (stores carry part of the catalog): end the bar at what was sent.
  progress.update(demo.summary().inventoryRows);
  progress.stop();
  const expected = expectedEvents(options);
  progress.start(expected, 'demo events');
  let done = 0;
  for (const batch of demo.events()) {
    await sink.ingestEvents(batch);
    done += batch.length;
    progress.update(Math.min(done, expected));
  }
  progress.update(done);
  progress.stop();
  return demo.summary();
}
