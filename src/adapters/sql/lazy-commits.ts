/**
 * How long a lazy append may wait for an eager one to share its commit. Under load an ingest append
 * comes within a few milliseconds; when none comes, the lazy events commit alone after this wait.
 */
export const LAZY_COMMIT_WAIT_MS = 25;

export interface LazyCommitOptions {
  /** How long lazy appends wait for an eager one (default `LAZY_COMMIT_WAIT_MS`). */
  lazyWaitMs?: number;
}

/**
 * Decides when a queue of appends may start a commit: at once when one of them is eager, after the wait
 * when all are lazy (derived events such as Segment Entered/Exited, which would otherwise pay a
 * transaction and an fsync of their own and hold back the ingest group queued behind them).
 */
export class LazyCommits {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private forced = false;

  /** `start` is called when the wait is over (or a flush forces it) to commit the queue. */
  constructor(
    private readonly start: () => void,
    private readonly waitMs = LAZY_COMMIT_WAIT_MS,
  ) {}

  /** True when the queued appends may be committed now; otherwise the wait starts (once). */
  ready(queue: readonly { lazy?: boolean }[]): boolean {
    if (this.forced || queue.some((g) => !g.lazy)) {
      this.forced = false;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      return true;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.forced = true;
      this.start();
    }, this.waitMs);
    return false;
  }

  /** A flush: the next commit goes without waiting, and a wait under way ends now. */
  hurry(): void {
    this.forced = true;
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.start();
  }

  get waiting(): boolean {
    return this.timer !== null;
  }
}
