/**
 * The bin's configuration: the environment table of the contract,
 * read once at start, each bad value refused with a message naming the variable.
 */
import { OPTIONAL_FIELDS, type OptionalField } from '../../form/fields.js';
import { DEFAULT_RATE_LIMIT, DEFAULT_TIMEOUT_MS, type RelayOptions } from '../core/options.js';
import { assertOrigin } from '../core/origin.js';
import { parseRateLimit, type RateLimit } from '../core/rate-limit.js';
import { MIN_SECRET_LENGTH } from '../core/session.js';
import { DEFAULT_UPSTREAM_URL, upstreamUrlOf } from '../core/upstream.js';

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
  /** As the element's `min-age`, enforced here. */
  minAge?: number;
  /** As the element's `required-fields`, enforced here. */
  requiredFields?: OptionalField[];
  /** Signs the steps' session tokens; absent: a random secret per process. */
  sessionSecret?: string;
  /** BASIS ID's SECRET2: verifies callbacks and signs status lookups. */
  secret2?: string;
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

function minAge(env: Env): number | undefined {
  return env.KYC_MIN_AGE?.trim() ? integer(env, 'KYC_MIN_AGE', 0, 1, 150) : undefined;
}

function requiredFields(env: Env): OptionalField[] | undefined {
  const words = (env.KYC_REQUIRED_FIELDS ?? '').split(/[\s,]+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const unknown = words.filter((word) => !(OPTIONAL_FIELDS as readonly string[]).includes(word));
  if (unknown.length > 0) {
    throw new ConfigError(
      `KYC_REQUIRED_FIELDS: ${unknown.map((word) => JSON.stringify(word)).join(', ')} not understood: ` +
        `use space- or comma-separated names from: ${OPTIONAL_FIELDS.join(' ')}`,
    );
  }
  return OPTIONAL_FIELDS.filter((field) => words.includes(field));
}

function redisUrl(env: Env): string | undefined {
  const raw = env.KYC_REDIS_URL?.trim();
  if (!raw) return undefined;
  if (!/^rediss?:\/\/./.test(raw) || !URL.canParse(raw)) {
    throw new ConfigError('KYC_REDIS_URL must be a redis:// or rediss:// URL');
  }
  return raw;
}

function sessionSecret(env: Env): string | undefined {
  const raw = env.KYC_SESSION_SECRET?.trim();
  if (!raw) return undefined;
  if (raw.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`KYC_SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters (a long random value, the same on every instance)`);
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
  const age = minAge(env);
  const required = requiredFields(env);
  const session = sessionSecret(env);
  const secret2 = env.BASISID_SECRET2?.trim() || undefined;
  return {
    ...(apiKey ? { apiKey } : {}),
    upstreamUrl: upstream(env),
    sandbox,
    allowedOrigins: origins(env),
    timeoutMs: integer(env, 'KYC_TIMEOUT_MS', DEFAULT_TIMEOUT_MS, 1, 600_000),
    rateLimit: rateLimit(env),
    trustProxy: trustProxy(env),
    ...(redis ? { redisUrl: redis } : {}),
    ...(age !== undefined ? { minAge: age } : {}),
    ...(required ? { requiredFields: required } : {}),
    ...(session ? { sessionSecret: session } : {}),
    ...(secret2 ? { secret2 } : {}),
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
    ...(config.minAge !== undefined ? { minAge: config.minAge } : {}),
    ...(config.requiredFields ? { requiredFields: config.requiredFields } : {}),
    ...(config.sessionSecret ? { sessionSecret: config.sessionSecret } : {}),
    ...(config.secret2 ? { secret2: config.secret2 } : {}),
  };
}
