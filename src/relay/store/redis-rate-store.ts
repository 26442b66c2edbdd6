/**
 * A rate-limit store in Redis, so that several relays share one limit. Counting and
 * expiry happen in one Lua script, atomically. The `redis` package is an optional peer
 * dependency (front-end users never install it), loaded only when a store is created from a URL.
 */
import type { RateLimitHit, RateLimitStore } from '../core/rate-limit.js';
import { connectRedis, type ConnectRedisOptions } from './connect-redis.js';

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

export type ConnectRedisStoreOptions = RedisStoreOptions & ConnectRedisOptions;

/** Connects to `url` and returns a store that owns the connection. */
export async function connectRedisStore(url: string, options: ConnectRedisStoreOptions = {}): Promise<ConnectedRedisStore> {
  const connection = await connectRedis(url, options);
  const store = new RedisStore(connection.client, options) as ConnectedRedisStore;
  store.close = connection.close;
  return store;
}
