/**
 * `kyc-signup/relay`: the server half. Keeps the BASIS ID key on the server and forwards
 * the element's form. Server only: never import this into a page.
 */
export { createRelay, type RelayContext, type RelayHandler } from './create-relay.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_PATH,
  DEFAULT_RATE_LIMIT,
  DEFAULT_TIMEOUT_MS,
  HEALTH_PATH,
  type RelayOptions,
} from './options.js';
export type { RelayBody } from './answer.js';
export type { RelayLogEntry, RelayLogger } from './log.js';
export {
  createRateLimiter,
  MemoryStore,
  parseRateLimit,
  type MemoryStoreOptions,
  type RateLimit,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimiterOptions,
  type RateLimitHit,
  type RateLimitStore,
} from './rate-limit.js';
export {
  connectRedisStore,
  RedisStore,
  type ConnectedRedisStore,
  type ConnectRedisStoreOptions,
  type RedisEvalClient,
  type RedisStoreOptions,
} from './redis-store.js';
export { createSandbox, type SandboxOptions } from './sandbox.js';
export { DEFAULT_UPSTREAM_URL, redactUrl, type BasisOkResult, type FetchLike } from './upstream.js';
export {
  createNodeListener,
  startRelayServer,
  toRequest,
  type NodeListenerOptions,
  type RelayServer,
  type RelayServerOptions,
} from './node-server.js';
export { ConfigError, readRelayConfig, relayOptionsOf, type RelayConfig } from './config.js';
export type { BaseCheckInput } from '../form/schema.js';
