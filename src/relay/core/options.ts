/**
 * `createRelay`'s options: what an integrator may set, the defaults, and the checks that
 * refuse a nonsense setting at start rather than on the first request.
 */
import type { OptionalField } from '../../form/fields.js';
import type { BaseCheckInput } from '../../form/schema.js';
import { proxyHops } from './client-ip.js';
import type { RelayLogger } from './log.js';
import { assertOrigin } from './origin.js';
import { createRateLimiter, parseRateLimit, type RateLimiter, type RateLimitStore } from './rate-limit.js';
import { createSandbox, type SandboxOptions } from '../sandbox/base-check.js';
import { createStepsSandbox } from '../sandbox/steps.js';
import { MemoryVerdictStore } from '../store/memory-verdict-store.js';
import type { VerdictStore } from '../store/verdict-store.js';
import { randomSecret } from './crypto.js';
import { MIN_SECRET_LENGTH } from './session.js';
import { STEPS, type Step } from './step.js';
import { createStepLimiter } from './step-limit.js';
import type { VerdictName } from './verdict.js';
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
  /**
   * Answer from the in-process simulator instead of BASIS ID: base-check, every step, and a
   * signed verdict callback to this relay a few seconds after each accepted upload.
   */
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
  /**
   * Where the form is posted. Default `/api/kyc/base-check`. The verification steps are its
   * siblings: `document`, `selfie`, `address-proof`, `status` and `callback`.
   */
  path?: string;
  /**
   * Signs the session tokens of the verification steps (at least 16 characters). Default: a random
   * secret per process; set one (shared) when several instances serve one site.
   */
  sessionSecret?: string;
  /** BASIS ID's SECRET2: verifies its callbacks and signs `users/info` lookups. Without it (and outside the sandbox) `callback` answers 404. */
  secret2?: string;
  /**
   * Server-side hook for each distinct verified BASIS ID callback (a replay is not told again).
   * Awaited before answering BASIS ID; if it throws, the verdict is still stored and the callback answered.
   */
  onStatus?: (status: StatusEvent) => void | Promise<void>;
  /** Where callback verdicts live. Default: this process's memory. Several instances share a RedisVerdictStore. */
  verdictStore?: VerdictStore;
  /**
   * Where the per-session limit of the steps, the callback limit and the lookup limit count.
   * Default: memory. Several instances share a RedisStore.
   */
  rateStore?: RateLimitStore;
}

/** What `onStatus` is told: whose verdict, and the verdict. */
export interface StatusEvent {
  userHash: string;
  /** BASIS ID's user id, as its callback gives it. */
  userId: string;
  verdict: VerdictName;
  reasons: string[];
}

/** The relay's routes: the form's path and its siblings. */
export type Route = 'base-check' | Step | 'status' | 'callback';

/** Options resolved and checked. */
export interface Settings {
  apiKey: string;
  upstreamUrl: string;
  /** base-check's upstream. */
  fetch: FetchLike;
  /** The steps' and lookups' upstream. */
  stepsFetch: FetchLike;
  routes: ReadonlyMap<string, Route>;
  sandbox: boolean;
  sessionSecret: string;
  /** Empty when callbacks are not taken. */
  secret2: string;
  verdictStore: VerdictStore;
  stepLimiter: RateLimiter;
  /** One `users/info` lookup a minute per user. */
  lookupLimiter: RateLimiter;
  allowed: ReadonlySet<string>;
  timeoutMs: number;
  limiter: RateLimiter | false;
  proxyHops: number;
  maxBodyBytes: number;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

/** The routes beside `path` (`/api/kyc/base-check` → `/api/kyc/document`, ...). */
function routesOf(path: string): Map<string, Route> {
  if (!path.startsWith('/') || path.endsWith('/')) throw new TypeError(`createRelay: bad path ${JSON.stringify(path)}`);
  const sibling = (name: string) => new URL(name, `http://relay.invalid${path}`).pathname;
  const routes = new Map<string, Route>([[path, 'base-check']]);
  for (const name of [...STEPS, 'status', 'callback'] as const) routes.set(sibling(name), name);
  if (routes.size !== STEPS.length + 3 || routes.has(HEALTH_PATH)) throw new TypeError(`createRelay: bad path ${JSON.stringify(path)}`);
  return routes;
}

function sessionSecretOf(secret: string | undefined): string {
  if (secret === undefined) return randomSecret();
  if (secret.length < MIN_SECRET_LENGTH) throw new RangeError(`createRelay: sessionSecret must be at least ${MIN_SECRET_LENGTH} characters`);
  return secret;
}

/** `deliverCallback` hands a simulated BASIS ID callback to this relay (sandbox only). */
export function settingsOf(options: RelayOptions, deliverCallback: (body: string) => unknown): Settings {
  const sandbox = options.sandbox === true ? {} : options.sandbox || undefined;
  if (sandbox && options.fetch) throw new TypeError('createRelay: pass either `sandbox` or `fetch`, not both');
  if (!sandbox && !options.apiKey) {
    throw new TypeError('createRelay: `apiKey` (the BASIS ID key) is required unless `sandbox` is on');
  }
  const upstreamUrl = upstreamUrlOf(options.upstreamUrl ?? DEFAULT_UPSTREAM_URL, 'createRelay: upstreamUrl');
  const path = options.path ?? DEFAULT_PATH;
  const steps =
    sandbox &&
    createStepsSandbox({
      ...(options.secret2 ? { secret2: options.secret2 } : {}),
      ...(sandbox.callbackDelayMs !== undefined ? { callbackDelayMs: sandbox.callbackDelayMs } : {}),
      sendCallback: deliverCallback,
    });
  const upstream: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const fetch: FetchLike = steps
    ? createSandbox({ ...sandbox, requiredFields: sandbox.requiredFields ?? options.requiredFields ?? [], onUser: steps.rememberUser })
    : upstream;
  const store = options.rateStore;
  return {
    apiKey: options.apiKey ?? 'sandbox',
    upstreamUrl: upstreamUrl.href,
    fetch,
    stepsFetch: steps ? steps.fetch : upstream,
    routes: routesOf(path),
    sandbox: Boolean(steps),
    sessionSecret: sessionSecretOf(options.sessionSecret),
    secret2: steps ? steps.secret2 : (options.secret2 ?? ''),
    verdictStore: options.verdictStore ?? new MemoryVerdictStore(),
    stepLimiter: createStepLimiter(store),
    lookupLimiter: createRateLimiter({ limit: 1, windowMs: 60_000, ...(store ? { store } : {}) }),
    allowed: new Set((options.allowedOrigins ?? []).map(assertOrigin)),
    timeoutMs: positive('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    limiter: options.rateLimiter ?? createRateLimiter(parseRateLimit(DEFAULT_RATE_LIMIT)),
    proxyHops: proxyHops(options.trustProxy),
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
  };
}
