#!/usr/bin/env node
/**
 * `kyc-relay`: serves the relay with Node, configured by the environment only
 * (see config.ts). Exits 1 with a message when the configuration is unusable.
 */
import { ConfigError, readRelayConfig, relayOptionsOf, type RelayConfig } from './config.js';
import { createRateLimiter } from '../core/rate-limit.js';
import { startRelayServer } from './node-server.js';
import { connectRedis } from '../store/connect-redis.js';
import { RedisStore } from '../store/redis-rate-store.js';
import { RedisVerdictStore } from '../store/redis-verdict-store.js';
import { redactUrl } from '../core/upstream.js';

function fail(message: string): never {
  console.error(`kyc-relay: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: RelayConfig;
  try {
    config = readRelayConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  // One connection serves every shared store: the rate limits and the verdicts.
  const redis = config.redisUrl ? await connectRedis(config.redisUrl) : undefined;
  const rateStore = redis && new RedisStore(redis.client);
  const rateLimiter = config.rateLimit && createRateLimiter({ ...config.rateLimit, ...(rateStore ? { store: rateStore } : {}) });
  const server = await startRelayServer({
    ...relayOptionsOf(config),
    rateLimiter,
    ...(redis ? { rateStore, verdictStore: new RedisVerdictStore(redis.client) } : {}),
    host: config.host,
    port: config.port,
  });
  const mode = config.sandbox ? 'sandbox: answers come from the built-in simulator, not BASIS ID' : `upstream ${redactUrl(config.upstreamUrl)}`;
  console.log(`kyc-relay listening on ${server.url} (${mode})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`kyc-relay: ${signal}, stopping`);
    // Answers in flight may wait on BASIS ID; give them the upstream time limit.
    await server.close(config.timeoutMs + 1_000);
    await redis?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
