import { describe, expect, it } from 'vitest';
import type { EventLog, LoggedEvent } from '../kernel/index.ts';
import { SharedScan } from './shared-scan.ts';

function fakeLog(total: number): EventLog & { scans: number } {
  const events = Array.from(
    { length: total },
    (_, i): LoggedEvent => ({
      seq: i + 1,
      messageId: `m${i + 1}`,
      kind: 'track',
      type: 'product_viewed',
      name: 'Product Viewed',
      userId: null,
      anonymousId: `a${i % 7}`,
      timestamp: i,
      receivedAt: i,
      storeId: null,
      source: 'test',
      payload: {},
    }),
  );
  const log = {
    scans: 0,
    append: async () => ({ appended: [], duplicates: [] }),
    page: async () => ({ events: [], next: null }),
    count: async () => total,
    lastSeq: async () => total,
    scan: async (after: number, limit: number) => {
      log.scans++;
      await new Promise((r) => setImmediate(r));
      return events.filter((e) => e.seq > after).slice(0, limit);
    },
  };
  return log;
}

async function readAll(log: EventLog, pageSize: number, work = 0): Promise<number[]> {
  const seqs: number[] = [];
  let after = 0;
  for (;;) {
    const page = await log.scan(after, pageSize);
    if (page.length === 0) return seqs;
    for (const e of page) seqs.push(e.seq);
    after = page[page.length - 1]!.seq;
    for (let i = 0; i < work; i++) await new Promise((r) => setImmediate(r));
  }
}

describe('SharedScan', () => {
  it('reads each page once for two readers, and each reader sees the whole log in order', async () => {
    const log = fakeLog(1050);
    const shared = new SharedScan(log, 2, 3);
    const [a, b] = await Promise.all([readAll(shared.reader(), 100), readAll(shared.reader(), 100, 3)]);
    const expected = Array.from({ length: 1050 }, (_, i) => i + 1);
    expect(a).toEqual(expected);
    expect(b).toEqual(expected);
    expect(log.scans).toBe(12); // 11 pages and the empty one, not 24
  });

  it('reads straight through once ended, and pages no other reader asks for do not block', async () => {
    const log = fakeLog(500);
    const shared = new SharedScan(log, 2, 2);
    const lone = readAll(shared.reader(), 50); // the second reader never comes
    await new Promise((r) => setImmediate(r));
    shared.end();
    expect(await lone).toHaveLength(500);
    const before = log.scans;
    expect(await readAll(shared.reader(), 100)).toHaveLength(500);
    expect(log.scans - before).toBe(6);
  });
});
