/**
 * `kyc-signup/relay`: the server half. Keeps the BASIS ID key on the server, forwards the
 * element's form and the verification steps' files, and takes BASIS ID's verdict callbacks.
 * Server only: never import this into a page.
 */
export { createRelay, type RelayContext, type RelayHandler } from './core/create-relay.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_PATH,
  DEFAULT_RATE_LIMIT,
  DEFAULT_TIMEOUT_MS,
  HEALTH_PATH,
  type RelayOptions,
  type StatusEvent,
} from './core/options.js';
export type { AnswerBody as RelayBody } from './core/answer.js';
export type { BaseCheckAnswer, StatusAnswer, StepAnswer } from '../form/relay-contract.js';
export type { RelayLogEntry, RelayLogger } from './core/log.js';
export {
  createRateLimiter,
  parseRateLimit,
  type RateLimit,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimiterOptions,
  type RateLimitHit,
  type RateLimitStore,
} from './core/rate-limit.js';
export { MemoryStore, type MemoryStoreOptions } from './store/memory-rate-store.js';
export {
  connectRedisStore,
  RedisStore,
  type ConnectedRedisStore,
  type ConnectRedisStoreOptions,
  type RedisEvalClient,
  type RedisStoreOptions,
} from './store/redis-rate-store.js';
export { connectRedis, type ConnectRedisOptions, type RedisConnection } from './store/connect-redis.js';
export { MemoryVerdictStore, type MemoryVerdictStoreOptions } from './store/memory-verdict-store.js';
export { RedisVerdictStore, type RedisVerdictClient, type RedisVerdictStoreOptions } from './store/redis-verdict-store.js';
export { VERDICT_TTL_MS, type VerdictStore } from './store/verdict-store.js';
export type { Verdict, VerdictName } from './core/verdict.js';
export { createSandbox, type SandboxOptions } from './sandbox/base-check.js';
export type { SandboxUser } from './sandbox/steps.js';
export { DEFAULT_UPSTREAM_URL, redactUrl, type BasisOkResult, type FetchLike } from './core/upstream.js';
export {
  createNodeListener,
  startRelayServer,
  toRequest,
  type NodeListenerOptions,
  type RelayServer,
  type RelayServerOptions,
} from './node/node-server.js';
export { ConfigError, readRelayConfig, relayOptionsOf, type RelayConfig } from './node/config.js';
export type { BaseCheckInput } from '../form/schema.js';
