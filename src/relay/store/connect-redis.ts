/**
 * One Redis connection for everything the relay shares between instances (the rate limit and
 * the verdicts). The `redis` package is an optional peer dependency (front-end users never
 * install it), loaded only when a connection is asked for.
 */
import type { RedisEvalClient } from './redis-rate-store.js';
import type { RedisVerdictClient } from './redis-verdict-store.js';

export interface RedisConnection {
  /** What the rate-limit and verdict stores need of a node-redis client. */
  client: RedisEvalClient & RedisVerdictClient;
  /** Closes the connection (without waiting on commands Redis will never answer while it is down). */
  close(): Promise<void>;
}

export interface ConnectRedisOptions {
  /** Connection problems (once per outage). Default: none (the rate limiter says when its store fails). */
  onError?: (error: Error) => void;
}

export async function connectRedis(url: string, options: ConnectRedisOptions = {}): Promise<RedisConnection> {
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
    throw new Error(`cannot reach Redis: ${(lastError ?? (error as Error)).message}`);
  }
  return {
    client,
    close: async () => {
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
}
