/**
 * Full-jitter exponential backoff: `random(0, min(max, base * 2^attempt))`.
 * Full jitter spreads many clients that lost the same server over the whole window,
 * so they do not reconnect in lockstep.
 */
export function backoffDelay(attempt: number, base: number, max: number, random: () => number = Math.random): number {
  // 2^attempt overflows to Infinity for large attempts; min() then clamps it to max.
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}
