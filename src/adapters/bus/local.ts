import type { EventBus, LoggedEvent, Logger } from '../../kernel/index.ts';

/** In-process bus: handlers run after the append has been acknowledged, never inside the ingest call. */
export class LocalBus implements EventBus {
  private readonly handlers = new Set<(events: readonly LoggedEvent[]) => void>();

  constructor(private readonly logger: Logger) {}

  publish(events: readonly LoggedEvent[]): void {
    if (this.handlers.size === 0) return;
    setImmediate(() => {
      for (const handler of this.handlers) {
        try {
          handler(events);
        } catch (err) {
          this.logger.error({ err }, 'event bus handler failed');
        }
      }
    });
  }

  subscribe(handler: (events: readonly LoggedEvent[]) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
