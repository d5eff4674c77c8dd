import type { EventLog, LoggedEvent } from '../kernel/index.ts';

interface Page {
  events: Promise<LoggedEvent[]>;
  /** Readers that have not taken it yet. */
  left: number;
}

/** How long a reader that is `window` pages ahead waits for the others before reading on its own. */
const WAIT_MS = 2000;

/**
 * One read of the log for several rebuilds that scan it from the start side by side (profiles and
 * recommendations at start): each page is read and decoded once and handed to every reader, instead of
 * once per reader. Pages are matched by their `(afterSeq, limit)`; a reader `window` pages ahead of the
 * slowest waits for it (so at most about `window` pages are held), and reads on alone after `WAIT_MS`
 * (a reader that stopped early cannot block the others). `end()` drops the sharing: later scans (a
 * retrain) read the log directly. The readers get the same event objects, which they only read.
 */
export class SharedScan {
  private readonly pages = new Map<string, Page>();
  private waiters: Array<() => void> = [];
  private ended = false;

  constructor(
    private readonly log: EventLog,
    private readonly readers: number,
    private readonly window = 4,
  ) {}

  /** The log as one reader sees it: shared scans, everything else straight through. */
  reader(): EventLog {
    const { log } = this;
    return {
      append: (events, options) => log.append(events, options),
      page: (filter, before, limit) => log.page(filter, before, limit),
      count: (filter) => log.count(filter),
      lastSeq: () => log.lastSeq(),
      scan: (afterSeq, limit) => this.scan(afterSeq, limit),
    };
  }

  end(): void {
    this.ended = true;
    this.pages.clear();
    this.wake();
  }

  private async scan(afterSeq: number, limit: number): Promise<LoggedEvent[]> {
    if (this.ended || this.readers < 2) return this.log.scan(afterSeq, limit);
    const key = `${afterSeq}:${limit}`;
    let page = this.pages.get(key);
    if (!page) {
      if (this.pages.size >= this.window) await this.roomOrTimeout();
      page = this.pages.get(key); // another reader may have read it meanwhile
      if (!page) {
        if (this.ended) return this.log.scan(afterSeq, limit);
        page = { events: this.log.scan(afterSeq, limit), left: this.readers };
        this.pages.set(key, page);
      }
    }
    page.left--;
    if (page.left <= 0) {
      this.pages.delete(key);
      this.wake();
    }
    return page.events;
  }

  private roomOrTimeout(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, WAIT_MS);
      timer.unref?.();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}
