import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LazyCommits } from './lazy-commits.ts';

describe('LazyCommits', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lets a queue with an eager append go at once, and makes a lazy-only queue wait once', () => {
    const start = vi.fn();
    const lazy = new LazyCommits(start, 25);
    expect(lazy.ready([{ lazy: true }, {}])).toBe(true);
    expect(lazy.ready([{ lazy: true }])).toBe(false);
    expect(lazy.ready([{ lazy: true }, { lazy: true }])).toBe(false); // one wait, not one per look
    vi.advanceTimersByTime(24);
    expect(start).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(start).toHaveBeenCalledTimes(1);
    expect(lazy.ready([{ lazy: true }])).toBe(true); // the wait is over
    expect(lazy.ready([{ lazy: true }])).toBe(false); // and the next lazy queue waits again
  });

  it('ends a wait on hurry, and an eager arrival cancels it', () => {
    const start = vi.fn();
    const lazy = new LazyCommits(start, 25);
    expect(lazy.ready([{ lazy: true }])).toBe(false);
    lazy.hurry();
    expect(start).toHaveBeenCalledTimes(1);
    expect(lazy.ready([{ lazy: true }])).toBe(true);
    expect(lazy.ready([{ lazy: true }])).toBe(false);
    expect(lazy.ready([{ lazy: true }, {}])).toBe(true);
    expect(lazy.waiting).toBe(false);
    vi.advanceTimersByTime(100);
    expect(start).toHaveBeenCalledTimes(1); // the cancelled wait never fires
  });
});
