import { describe, expect, it } from 'vitest';
import type { AppendResult, EventBus, EventLog, LoggedEvent, PanierEvent } from '../../kernel/index.ts';
import { Ingestor } from './ingest.ts';

/** A log whose appends wait until released, to hold requests in flight. */
function slowLog() {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let seq = 0;
  const log: EventLog = {
    append: async (events: readonly PanierEvent[]): Promise<AppendResult> => {
      await gate;
      return { appended: events.map((e) => ({ ...e, seq: ++seq })), duplicates: [] };
    },
    page: async () => ({ events: [], next: null }),
    count: async () => 0,
    scan: async () => [],
    lastSeq: async () => seq,
  };
  return { log, release };
}

const published: LoggedEvent[][] = [];
const bus: EventBus = {
  publish: (e) => void published.push([...e]),
  subscribe: () => () => {},
  close: async () => {},
};
const msg = (i: number) => ({ type: 'track', event: 'Product Viewed', anonymousId: 'a', messageId: `m${i}` });

describe('Ingestor', () => {
  it('refuses new work as overloaded beyond maxInFlight, and recovers once appends complete', async () => {
    const { log, release } = slowLog();
    const ingestor = new Ingestor(log, bus, { maxEventBytes: 32_768, maxInFlight: 2 });
    const first = ingestor.ingestMessages([msg(1)], 'test');
    const second = ingestor.ingestMessages([msg(2)], 'test');
    await expect(ingestor.ingestMessages([msg(3)], 'test')).rejects.toMatchObject({
      code: 'overloaded',
      kind: 'rate_limited',
    });
    release();
    await Promise.all([first, second]);
    await expect(ingestor.ingestMessages([msg(4)], 'test')).resolves.toMatchObject({ accepted: 1 });
  });

  it('publishes only what was appended, after the append', async () => {
    published.length = 0;
    const { log, release } = slowLog();
    release();
    const ingestor = new Ingestor(log, bus, { maxEventBytes: 32_768, maxInFlight: 10 });
    await ingestor.ingestMessages([msg(1), { type: 'track' }, msg(2)], 'test');
    expect(published.flat().map((e) => e.messageId)).toEqual(['m1', 'm2']);
  });
});
