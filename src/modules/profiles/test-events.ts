import type { CallKind, CanonicalType, PanierEvent } from '../../kernel/index.ts';

let counter = 0;
export const T0 = Date.UTC(2026, 0, 1);
export const DAY_MS = 86_400_000;

/** Builds a canonical event for tests, benches and evaluations. */
export function makeEvent(
  over: Partial<PanierEvent> & { type?: CanonicalType; kind?: CallKind; props?: Record<string, unknown> },
): PanierEvent {
  const { props, ...rest } = over;
  const kind =
    over.kind ?? (over.type === 'identify' ? 'identify' : over.type === 'alias' ? 'alias' : 'track');
  const bag = kind === 'identify' ? { traits: props ?? {} } : { properties: props ?? {} };
  return {
    messageId: `m${++counter}`,
    kind,
    type: over.type ?? 'product_viewed',
    name: null,
    userId: null,
    anonymousId: null,
    timestamp: T0,
    receivedAt: T0,
    storeId: null,
    source: 'test',
    ...rest,
    payload: { ...bag, ...(over.payload ?? {}) },
  };
}
