/**
 * Fixed-window rate limiting per client, behind a store interface so that one relay
 * keeps counts in memory and several relays can share them (see redis-store.ts).
 */

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

export interface MemoryStoreOptions {
  /** Most keys kept at once; the oldest window is dropped first when full. Default 10 000. */
  maxKeys?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** Counts in this process. Bounded: expired windows are swept, and the oldest go first when full. */
export class MemoryStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxKeys = Math.max(1, options.maxKeys ?? 10_000);
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.windows.size;
  }

  hit(key: string, windowMs: number): RateLimitHit {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      this.windows.delete(key);
      this.makeRoom(now);
      window = { count: 0, resetAt: now + windowMs };
      // Insertion order = age order, which makeRoom relies on.
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetMs: window.resetAt - now };
  }

  private makeRoom(now: number): void {
    if (this.windows.size < this.maxKeys) return;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
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
