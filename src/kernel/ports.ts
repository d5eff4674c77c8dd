import type { LoggedEvent, PanierEvent } from './event.ts';

/** Small ports every module may depend on; adapters implement them. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};

/** Progress of a long job; the CLI renders a bar on a TTY and structured logs otherwise. */
export interface Progress {
  start(total: number, label?: string): void;
  update(done: number): void;
  increment(by?: number): void;
  stop(): void;
}

export const noProgress: Progress = { start() {}, update() {}, increment() {}, stop() {} };

/** Which events to read back from the log. */
export interface EventFilter {
  types?: readonly string[];
  userId?: string;
  anonymousId?: string;
  /** Inclusive lower bound on event time (ms). */
  from?: number;
  /** Exclusive upper bound on event time (ms). */
  to?: number;
}

export interface AppendResult {
  appended: LoggedEvent[];
  /** messageIds already in the log, accepted but not stored again. */
  duplicates: string[];
}

export interface AppendOptions {
  /**
   * Derived events (Segment Entered/Exited): the append may wait a few milliseconds to share the commit
   * of the next ordinary append instead of paying a commit of its own. Still acknowledged only once
   * committed.
   */
  lazy?: boolean;
}

/** The append-only, idempotent event log: every fact enters here before it is acknowledged. */
export interface EventLog {
  /** Appends durably (committed before the promise resolves); a known messageId is skipped. */
  append(events: readonly PanierEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** Newest first; `before` is an exclusive seq cursor. */
  page(
    filter: EventFilter,
    before: number | null,
    limit: number,
  ): Promise<{ events: LoggedEvent[]; next: number | null }>;
  count(filter: EventFilter): Promise<number>;
  /** Oldest first, for projections and rebuilds. */
  scan(afterSeq: number, limit: number): Promise<LoggedEvent[]>;
  lastSeq(): Promise<number>;
}

/** In-process or broker-backed fan-out of appended events to live projections. */
export interface EventBus {
  publish(events: readonly LoggedEvent[]): void;
  subscribe(handler: (events: readonly LoggedEvent[]) => void): () => void;
  close(): Promise<void>;
}
