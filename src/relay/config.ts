/**
 * The bin's configuration: the environment table of the contract (plus `KYC_REDIS_URL`),
 * read once at start, each bad value refused with a message naming the variable.
 */
import { DEFAULT_RATE_LIMIT, DEFAULT_TIMEOUT_MS, type RelayOptions } from './options.js';
import { assertOrigin } from './origin.js';
import { parseRateLimit, type RateLimit } from './rate-limit.js';
import { DEFAULT_UPSTREAM_URL, upstreamUrlOf } from './upstream.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface RelayConfig {
  /** Absent only in sandbox mode. */
  apiKey?: string;
  upstreamUrl: string;
  sandbox: boolean;
  allowedOrigins: string[];
  timeoutMs: number;
  /** `false` when `KYC_RATE_LIMIT=off`. */
  rateLimit: RateLimit | false;
  /** Proxies trusted to append `X-Forwarded-For` (0 = none). */
  trustProxy: number;
  /** A shared rate-limit store, for several relays. */
  redisUrl?: string;
  host: string;
  port: number;
}

type Env = Record<string, string | undefined>;

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['', '0', 'false', 'no', 'off']);

function flag(env: Env, name: string): boolean {
  const value = (env[name] ?? '').trim().toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new ConfigError(`${name}=${JSON.stringify(env[name])} is not understood: use 1 (on) or 0 (off)`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) {
    throw new ConfigError(`${name}=${JSON.stringify(raw)} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function upstream(env: Env): string {
  try {
    return upstreamUrlOf(env.BASISID_URL?.trim() || DEFAULT_UPSTREAM_URL, 'BASISID_URL').href;
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function origins(env: Env): string[] {
  const list = (env.KYC_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    return list.map(assertOrigin);
  } catch (error) {
    throw new ConfigError(`KYC_ALLOWED_ORIGINS: ${(error as Error).message}`);
  }
}

function rateLimit(env: Env): RateLimit | false {
  const raw = env.KYC_RATE_LIMIT?.trim() || DEFAULT_RATE_LIMIT;
  if (raw.toLowerCase() === 'off') return false;
  try {
    return parseRateLimit(raw);
  } catch (error) {
    throw new ConfigError(`KYC_RATE_LIMIT: ${(error as Error).message}, or off`);
  }
}

function trustProxy(env: Env): number {
  const raw = (env.KYC_TRUST_PROXY ?? '').trim().toLowerCase();
  if (FALSE.has(raw)) return 0;
  if (TRUE.has(raw)) return 1;
  return integer(env, 'KYC_TRUST_PROXY', 0, 0, 10);
}

function redisUrl(env: Env): string | undefined {
  const raw = env.KYC_REDIS_URL?.trim();
  if (!raw) return undefined;
  if (!/^rediss?:\/\/./.test(raw) || !URL.canParse(raw)) {
    throw new ConfigError('KYC_REDIS_URL must be a redis:// or rediss:// URL');
  }
  return raw;
}

export function readRelayConfig(env: Env = process.env): RelayConfig {
  const sandbox = flag(env, 'KYC_SANDBOX');
  const apiKey = env.BASISID_API_KEY?.trim() || undefined;
  if (!apiKey && !sandbox) {
    throw new ConfigError(
      'BASISID_API_KEY is not set. The relay adds this secret BASIS ID key to every check, so it will not start ' +
        'without it. Set BASISID_API_KEY, or set KYC_SANDBOX=1 to answer from the built-in simulator.',
    );
  }
  const redis = redisUrl(env);
  return {
    ...(apiKey ? { apiKey } : {}),
    upstreamUrl: upstream(env),
    sandbox,
    allowedOrigins: origins(env),
    timeoutMs: integer(env, 'KYC_TIMEOUT_MS', DEFAULT_TIMEOUT_MS, 1, 600_000),
    rateLimit: rateLimit(env),
    trustProxy: trustProxy(env),
    ...(redis ? { redisUrl: redis } : {}),
    host: env.HOST?.trim() || '127.0.0.1',
    port: integer(env, 'PORT', 8787, 0, 65_535),
  };
}

/** The relay options a configuration sets (servers add the rate limiter, logger and address). */
export function relayOptionsOf(config: RelayConfig): RelayOptions {
  return {
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    upstreamUrl: config.upstreamUrl,
    sandbox: config.sandbox,
    allowedOrigins: config.allowedOrigins,
    timeoutMs: config.timeoutMs,
    trustProxy: config.trustProxy,
  };
}
