export { canonicalTrackType } from './ecommerce.ts';
export { type EventError, type IngestLimits, Ingestor, type IngestResult } from './ingest.ts';
export { batchEnvelopeSchema, PATH_KINDS, type SegmentMessage, segmentMessageSchema } from './message.ts';
export { normalizeMessage, zodPath } from './normalize.ts';
