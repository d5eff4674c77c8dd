import type { EventBus, LoggedEvent, Logger } from '../../kernel/index.ts';

/**
 * In-process bus: handlers run after the append has been acknowledged, never inside the ingest call.
 * The batches published before a delivery reach each handler as one batch, in publish order: a commit
 * acknowledges many requests at once, and a projection's fixed costs per call (its segment evaluation
 * pass, the append of what it emits) are then paid once for all of them.
 */
export class LocalBus implements EventBus {
  private readonly handlers = new Set<(events: readonly LoggedEvent[]) => void>();
  private pending: (readonly LoggedEvent[])[] = [];

  constructor(private readonly logger: Logger) {}

  publish(events: readonly LoggedEvent[]): void {
    if (this.handlers.size === 0 || events.length === 0) return;
    this.pending.push(events);
    if (this.pending.length === 1) setImmediate(this.deliver);
  }

  subscribe(handler: (events: readonly LoggedEvent[]) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.pending = [];
  }

  private readonly deliver = (): void => {
    const batches = this.pending;
    this.pending = [];
    if (batches.length === 0) return;
    const events = batches.length === 1 ? batches[0]! : batches.flat();
    for (const handler of this.handlers) {
      try {
        handler(events);
      } catch (err) {
        this.logger.error({ err }, 'event bus handler failed');
      }
    }
  };
}
