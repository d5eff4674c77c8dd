import { describe, expect, it } from 'vitest';
import { type LoggedEvent, silentLogger } from '../../kernel/index.ts';
import { LocalBus } from './local.ts';

const batch = (...seqs: number[]) => seqs.map((seq) => ({ seq }) as LoggedEvent);
const turn = () => new Promise((r) => setImmediate(r));

describe('local bus', () => {
  it('delivers after the publishing call returns, batches published together as one, in order', async () => {
    const bus = new LocalBus(silentLogger);
    const seen: number[][] = [];
    bus.subscribe((events) => seen.push(events.map((e) => e.seq)));
    bus.publish(batch(1, 2));
    bus.publish(batch(3));
    bus.publish([]);
    expect(seen).toEqual([]);
    await turn();
    expect(seen).toEqual([[1, 2, 3]]);
    bus.publish(batch(4));
    await turn();
    expect(seen).toEqual([[1, 2, 3], [4]]);
  });

  it('keeps delivering to the other handlers when one throws, and logs it', async () => {
    const errors: unknown[] = [];
    const logger = { ...silentLogger, error: (o: unknown) => void errors.push(o) };
    const bus = new LocalBus(logger);
    const seen: number[] = [];
    bus.subscribe(() => {
      throw new Error('boom');
    });
    const off = bus.subscribe((events) => seen.push(...events.map((e) => e.seq)));
    bus.publish(batch(1));
    await turn();
    off();
    bus.publish(batch(2));
    await turn();
    expect(seen).toEqual([1]);
    expect(errors).toHaveLength(2);
  });

  it('drops what is pending when closed', async () => {
    const bus = new LocalBus(silentLogger);
    const seen: number[] = [];
    bus.subscribe((events) => seen.push(...events.map((e) => e.seq)));
    bus.publish(batch(1));
    await bus.close();
    await turn();
    expect(seen).toEqual([]);
  });
});
