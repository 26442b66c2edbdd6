/**
 * Fixed-window rate limiting per client, behind a store interface so that one relay
 * keeps counts in memory and several relays can share them (../store/).
 */
import { MemoryStore } from '../store/memory-rate-store.js';

/** One window's count for a key, after counting this hit. */
export interface RateLimitHit {
  count: number;
  /** Milliseconds until the window (and the count) resets. */
  resetMs: number;
}

/** Where counts live. `hit` must count and read atomically. */
export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<RateLimitHit> | RateLimitHit;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds to wait before the next attempt can pass (for `Retry-After`). */
  retryAfterSeconds: number;
}

/** What the relay asks: may this client go on? */
export interface RateLimiter {
  consume(key: string): Promise<RateLimitDecision>;
}

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/** Parses `<requests>/<seconds>` (e.g. `5/60`). */
export function parseRateLimit(text: string): RateLimit {
  const match = /^\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*$/.exec(text);
  const limit = Number(match?.[1]);
  const seconds = Number(match?.[2]);
  if (!match || limit < 1 || seconds < 1) {
    throw new RangeError(`rate limit ${JSON.stringify(text)} is not <requests>/<seconds> with both at least 1, e.g. 5/60`);
  }
  return { limit, windowMs: seconds * 1000 };
}

export interface RateLimiterOptions extends RateLimit {
  /** Default: a new MemoryStore. */
  store?: RateLimitStore;
  /**
   * Told when `store` fails (once per outage) and when it answers again. Meanwhile this limiter
   * counts in its own memory, so a broken store never means no limit. Default: a line on stderr.
   */
  onStoreChange?: (message: string) => void;
}

const reportOnStderr = (message: string) => console.error(`kyc-relay: ${message}`);

export function createRateLimiter({ limit, windowMs, store, onStoreChange = reportOnStderr }: RateLimiterOptions): RateLimiter {
  const memory = new MemoryStore();
  let outage = false;
  const hit = async (key: string): Promise<RateLimitHit> => {
    if (!store) return memory.hit(key, windowMs);
    try {
      const shared = await store.hit(key, windowMs);
      if (outage) {
        outage = false;
        onStoreChange('rate-limit store is back: counting there again');
      }
      return shared;
    } catch (error) {
      if (!outage) {
        outage = true;
        onStoreChange(`rate-limit store failed (${(error as Error)?.message ?? error}): counting in this instance's memory until it is back`);
      }
      return memory.hit(key, windowMs);
    }
  };
  return {
    async consume(key) {
      const { count, resetMs } = await hit(key);
      return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)) };
    },
  };
}
