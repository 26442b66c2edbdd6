/** Deriv asks for a ping every 30 s and closes a connection after two minutes without traffic. */
export const DEFAULT_PING_INTERVAL = 30_000;

/**
 * The ping interval to use for a requested one: a number of at least `min` ms, else the default.
 * Pings never turn off: without them Deriv closes every idle connection and we would reconnect forever.
 */
export function pingInterval(requested: unknown, min = 1_000): number {
  return typeof requested === 'number' && requested >= min && Number.isFinite(requested) ? requested : DEFAULT_PING_INTERVAL;
}
