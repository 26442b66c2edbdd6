/**
 * `createRelay`'s options: what an integrator may set, the defaults, and the checks that
 * refuse a nonsense setting at start rather than on the first request.
 */
import type { OptionalField } from '../../form/fields.js';
import type { BaseCheckInput } from '../../form/schema.js';
import { proxyHops } from './client-ip.js';
import type { RelayLogger } from './log.js';
import { assertOrigin } from './origin.js';
import { createRateLimiter, parseRateLimit, type RateLimiter } from './rate-limit.js';
import { createSandbox, type SandboxOptions } from '../sandbox/base-check.js';
import { DEFAULT_UPSTREAM_URL, upstreamUrlOf, type BasisOkResult, type FetchLike } from './upstream.js';

export const DEFAULT_PATH = '/api/kyc/base-check';
export const HEALTH_PATH = '/healthz';
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_RATE_LIMIT = '5/60';
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

export interface RelayOptions {
  /** The BASIS ID API key. Required unless `sandbox` is on. */
  apiKey?: string;
  /** Fixed upstream; never taken from a request. Default: BASIS ID's `base-check`. */
  upstreamUrl?: string | URL;
  /** Exact origins (`https://shop.example`) allowed to call from a browser. Default: same origin only. */
  allowedOrigins?: readonly string[];
  /** Upstream time limit (connect, answer and body). Default 15 000. */
  timeoutMs?: number;
  /** Per-client limiter, or `false` for none. Default: 5 requests a minute, in memory. */
  rateLimiter?: RateLimiter | false;
  /** Stands in for the global `fetch` (tests, custom agents). */
  fetch?: FetchLike;
  /**
   * Server-side hook for a verified person: BASIS ID's full answer (tokens included) and
   * the validated input (`tax_identification_number` included). Awaited before answering;
   * if it throws, the browser gets 500 `relay:error`.
   */
  onVerified?: (result: BasisOkResult, input: BaseCheckInput) => void | Promise<void>;
  /** Optional fields this BASIS ID account requires (as the element's `required-fields`). */
  requiredFields?: readonly OptionalField[];
  /** Refuse people younger than this (as the element's `min-age`). */
  minAge?: number;
  /** Answer from the in-process simulator instead of BASIS ID. */
  sandbox?: boolean | SandboxOptions;
  /** One entry per request, or `false` for none. Default: a JSON line on stdout. */
  logger?: RelayLogger | false;
  /** Proxies in front that append to `X-Forwarded-For` (`true` = 1). Default: none, the header is ignored. */
  trustProxy?: boolean | number;
  /** Largest accepted request body. Default 16 KiB. */
  maxBodyBytes?: number;
  /**
   * The client's address, where the platform knows it (e.g. a header your CDN sets). Through the
   * Node adapter it is given a Request with the method, URL and headers only: the relay reads the body.
   */
  clientIp?: (request: Request) => string | null | undefined;
  /** Where the form is posted. Default `/api/kyc/base-check`. */
  path?: string;
}

/** Options resolved and checked. */
export interface Settings {
  apiKey: string;
  upstreamUrl: string;
  fetch: FetchLike;
  allowed: ReadonlySet<string>;
  timeoutMs: number;
  limiter: RateLimiter | false;
  proxyHops: number;
  maxBodyBytes: number;
  path: string;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

export function settingsOf(options: RelayOptions): Settings {
  const sandbox = options.sandbox === true ? {} : options.sandbox || undefined;
  if (sandbox && options.fetch) throw new TypeError('createRelay: pass either `sandbox` or `fetch`, not both');
  if (!sandbox && !options.apiKey) {
    throw new TypeError('createRelay: `apiKey` (the BASIS ID key) is required unless `sandbox` is on');
  }
  const upstreamUrl = upstreamUrlOf(options.upstreamUrl ?? DEFAULT_UPSTREAM_URL, 'createRelay: upstreamUrl');
  const path = options.path ?? DEFAULT_PATH;
  if (!path.startsWith('/') || path === HEALTH_PATH) throw new TypeError(`createRelay: bad path ${JSON.stringify(path)}`);
  const fetch: FetchLike = sandbox
    ? createSandbox({ ...sandbox, requiredFields: sandbox.requiredFields ?? options.requiredFields ?? [] })
    : (options.fetch ?? ((input, init) => globalThis.fetch(input, init)));
  return {
    apiKey: options.apiKey ?? 'sandbox',
    upstreamUrl: upstreamUrl.href,
    fetch,
    allowed: new Set((options.allowedOrigins ?? []).map(assertOrigin)),
    timeoutMs: positive('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    limiter: options.rateLimiter ?? createRateLimiter(parseRateLimit(DEFAULT_RATE_LIMIT)),
    proxyHops: proxyHops(options.trustProxy),
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
    path,
  };
}
