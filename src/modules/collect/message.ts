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

const id = z.union([z.string().max(512), z.number().finite()]).transform((v) => String(v));
const object = z.record(z.string(), z.unknown());
/** ISO-8601 (or epoch ms) instants, as Segment accepts them. */
const instant = z.union([z.string().max(64), z.number().finite()]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v : Date.parse(v);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'expected an ISO-8601 date' });
    return z.NEVER;
  }
  return ms;
});

/** One Segment message; `type` may come from the path instead of the body. */
export const segmentMessageSchema = z
  .object({
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
  })
  .passthrough();
export type SegmentMessage = z.output<typeof segmentMessageSchema>;

export const batchEnvelopeSchema = z
  .object({
    batch: z.array(z.unknown()).max(10_000),
    context: object.nullish(),
    integrations: object.nullish(),
    sentAt: z.unknown().optional(),
    writeKey: z.string().optional(),
  })
  .passthrough();
