#!/usr/bin/env node
/**
 * `kyc-relay`: serves the relay with Node, configured by the environment only
 * (see config.ts). Exits 1 with a message when the configuration is unusable.
 */
import { ConfigError, readRelayConfig, relayOptionsOf, type RelayConfig } from './config.js';
import { createRateLimiter } from '../core/rate-limit.js';
import { startRelayServer } from './node-server.js';
import { connectRedisStore } from '../store/redis-rate-store.js';
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
  const store = config.redisUrl && config.rateLimit ? await connectRedisStore(config.redisUrl) : undefined;
  const rateLimiter = config.rateLimit && createRateLimiter({ ...config.rateLimit, ...(store ? { store } : {}) });
  const server = await startRelayServer({
    ...relayOptionsOf(config),
    rateLimiter,
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
    await store?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
