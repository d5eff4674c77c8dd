/**
 * Lets pending I/O (HTTP requests) run between chunks of a long rebuild: awaiting a synchronous driver
 * resolves in microtasks, which would otherwise starve the event loop for the whole rebuild.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
