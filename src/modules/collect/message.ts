import { z } from 'zod';
import { CALL_KINDS } from '../../kernel/index.ts';

/** Short browser paths (analytics.js) and full names, to the call kind. */
export const PATH_KINDS = {
  track: 'track',
  t: 'track',
  identify: 'identify',
  i: 'identify',
  page: 'page',
  p: 'page',
  screen: 'screen',
  s: 'screen',
  group: 'group',
  g: 'group',
  alias: 'alias',
  a: 'alias',
} as const;

// The hot path: no transforms and no per-key walks of nested bags (both cost several µs per event);
// ids and instants are converted after validation in normalize.ts.
const id = z.union([z.string().max(512), z.number().finite()]);
const object = z.custom<Record<string, unknown>>(
  (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
  'expected an object',
);
const instant = z.union([z.string().max(64), z.number().finite()]);

/** One Segment message; `type` may come from the path instead of the body. Unknown fields are kept. */
export const segmentMessageSchema = z.looseObject({
  type: z.enum(CALL_KINDS).optional(),
  messageId: z.string().min(1).max(256).optional(),
  userId: id.nullish(),
  anonymousId: id.nullish(),
  timestamp: instant.optional(),
  originalTimestamp: instant.optional(),
  sentAt: instant.optional(),
  event: z.string().min(1).max(256).optional(),
  name: z.string().max(512).nullish(),
  category: z.string().max(512).nullish(),
  properties: object.nullish(),
  traits: object.nullish(),
  context: object.nullish(),
  integrations: object.nullish(),
  groupId: id.nullish(),
  previousId: id.nullish(),
  writeKey: z.string().optional(),
});
export type SegmentMessage = z.output<typeof segmentMessageSchema>;

/** Items a batch may hold. */
export const MAX_BATCH_ITEMS = 10_000;

export const batchEnvelopeSchema = z.looseObject({
  batch: z.array(z.unknown()).max(MAX_BATCH_ITEMS),
  context: object.nullish(),
  integrations: object.nullish(),
  sentAt: z.unknown().optional(),
  writeKey: z.string().optional(),
});
