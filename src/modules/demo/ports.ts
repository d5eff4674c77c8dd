import type { InventoryInput, LocationInput, ProductInput } from '../catalog/index.ts';
import type { SegmentMessage } from './segment.ts';

/** Where the demo goes: the app wires it to the catalog service and the ingest pipeline. */
export interface DemoSink {
  upsertProducts(batch: readonly ProductInput[]): Promise<void>;
  upsertLocations(batch: readonly LocationInput[]): Promise<void>;
  upsertInventory(batch: readonly InventoryInput[]): Promise<void>;
  /** Segment-format messages, in time order, as a `/v1/batch` body would carry them. */
  ingestEvents(batch: readonly SegmentMessage[]): Promise<void>;
}
