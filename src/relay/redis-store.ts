/**
 * A rate-limit store in Redis, so that several relays share one limit. Counting and
 * expiry happen in one Lua script, atomically. The `redis` package is an optional peer
 * dependency (front-end users never install it), loaded only when a store is created from a URL.
 */
import type { RateLimitHit, RateLimitStore } from './rate-limit.js';

/** The one client method the store needs; a node-redis v5 client fits. */
export interface RedisEvalClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

// INCR, start the window on the first hit, and repair a key that somehow lost its TTL.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

export interface RedisStoreOptions {
  /** Key prefix, to share a Redis with other uses. Default `kyc-relay:rate:`. */
  prefix?: string;
}

export class RedisStore implements RateLimitStore {
  private readonly prefix: string;

  constructor(
    private readonly client: RedisEvalClient,
    options: RedisStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'kyc-relay:rate:';
  }

  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    const reply = await this.client.eval(HIT_SCRIPT, {
      keys: [this.prefix + key],
      arguments: [String(Math.max(1, Math.round(windowMs)))],
    });
    const [count, resetMs] = Array.isArray(reply) ? reply.map(Number) : [];
    if (!Number.isFinite(count) || !Number.isFinite(resetMs)) throw new Error('unexpected reply from the Redis rate-limit script');
    return { count: count!, resetMs: resetMs! };
  }
}

export interface ConnectedRedisStore extends RedisStore {
  /** Closes the connection this store opened. */
  close(): Promise<void>;
}

export interface ConnectRedisStoreOptions extends RedisStoreOptions {
  /**
   * Connection problems (once per outage). Default: none, as the rate limiter that uses the store
   * already says when it fails and recovers (`createRateLimiter`'s `onStoreChange`).
   */
  onError?: (error: Error) => void;
}

/** Connects to `url` with the `redis` package and returns a store that owns the connection. */
export async function connectRedisStore(url: string, options: ConnectRedisStoreOptions = {}): Promise<ConnectedRedisStore> {
  let redis: typeof import('redis');
  try {
    redis = await import('redis');
  } catch {
    throw new Error('a shared Redis store (KYC_REDIS_URL) needs the `redis` package, an optional peer dependency of kyc-signup: npm install redis');
  }
  let connected = false;
  const client = redis.createClient({
    url,
    // While Redis is away, fail fast (the limiter then counts in memory) instead of queueing.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 5_000,
      // A Redis that cannot be reached at start is a configuration error: give up so it is
      // reported. Once connected, keep reconnecting through outages.
      reconnectStrategy: (retries: number, cause: Error) =>
        connected ? Math.min(100 * 2 ** retries, 5_000) : retries < 2 ? 200 : cause,
    },
  });
  const onError = options.onError ?? (() => {});
  let reported = false;
  let lastError: Error | undefined;
  client.on('error', (error: Error) => {
    lastError = error;
    if (connected && !reported) onError(error);
    reported = true;
  });
  client.on('ready', () => {
    connected = true;
    reported = false;
  });
  try {
    await client.connect();
  } catch (error) {
    if (client.isOpen) client.destroy();
    throw new Error(`cannot reach Redis for the rate limit: ${(lastError ?? (error as Error)).message}`);
  }
  const store = new RedisStore(client, options) as ConnectedRedisStore;
  store.close = async () => {
    // close() waits for pending commands, which never come back while Redis is down.
    if (client.isReady) await client.close();
    else if (client.isOpen) client.destroy();
  };
  return store;
}
