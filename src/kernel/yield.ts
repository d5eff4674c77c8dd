/**
 * Lets pending I/O (HTTP requests) run between chunks of a long rebuild: awaiting a synchronous driver
 * resolves in microtasks, which would otherwise starve the event loop for the whole rebuild.
 *
 * It yields through `setImmediate`, never `setTimeout(0)`: immediates queued during the check phase run
 * on the next loop turn, after the poll phase has served I/O. Two rebuilds yielding with `setTimeout(0)`
 * (profiles and recommendations start side by side) keep the timers phase busy for good: each chunk takes
 * longer than the 1 ms timeout, so the other loop's timer is always due again and libuv never reaches the
 * poll phase; `panier serve` answered no HTTP, not even /health, for the whole rebuild.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
