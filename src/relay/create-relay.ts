/**
 * `createRelay(options)`: the web-standard handler that checks a browser's form, adds the
 * secret BASIS ID key server side and forwards it, answering with the contract's table.
 */
import type { OptionalField } from '../form/fields.js';
import { baseCheckSchema, checkBaseCheck, type BaseCheckInput } from '../form/schema.js';
import { failure, refuse, toResponse, type Answer } from './answer.js';
import { clientKey, forwardedFor } from './client-ip.js';
import { jsonLineLogger, logMethod, type RelayLogger } from './log.js';
import {
  ALLOWED_METHODS,
  assertOrigin,
  corsHeaders,
  judgeOrigin,
  preflightHeaders,
  type OriginVerdict,
} from './origin.js';
import { createRateLimiter, parseRateLimit, type RateLimiter } from './rate-limit.js';
import { isJsonContentType, readBodyText } from './read-body.js';
import { createSandbox, type SandboxOptions } from './sandbox.js';
import {
  callUpstream,
  DEFAULT_UPSTREAM_URL,
  upstreamBody,
  type BasisOkResult,
  type FetchLike,
} from './upstream.js';

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
  /** The client's address, where the platform knows it (e.g. a header your CDN sets). */
  clientIp?: (request: Request) => string | null | undefined;
  /** Where the form is posted. Default `/api/kyc/base-check`. */
  path?: string;
}

/** What a server adapter knows beyond the `Request`. */
export interface RelayContext {
  /** The peer's address (the Node adapter passes the socket's). */
  clientIp?: string;
}

export type RelayHandler = (request: Request, context?: RelayContext) => Promise<Response>;

interface Settings {
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

function settingsOf(options: RelayOptions): Settings {
  const sandbox = options.sandbox === true ? {} : options.sandbox || undefined;
  if (sandbox && options.fetch) throw new TypeError('createRelay: pass either `sandbox` or `fetch`, not both');
  if (!sandbox && !options.apiKey) {
    throw new TypeError('createRelay: `apiKey` (the BASIS ID key) is required unless `sandbox` is on');
  }
  const upstreamUrl = new URL(options.upstreamUrl ?? DEFAULT_UPSTREAM_URL);
  if (upstreamUrl.protocol !== 'https:' && upstreamUrl.protocol !== 'http:') {
    throw new TypeError(`createRelay: upstreamUrl must be http(s), got ${upstreamUrl.protocol}`);
  }
  const hops = options.trustProxy === true ? 1 : Number(options.trustProxy || 0);
  if (!Number.isInteger(hops) || hops < 0) throw new RangeError(`trustProxy must be a boolean or a whole number, got ${hops}`);
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
    proxyHops: hops,
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
    path,
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function createRelay(options: RelayOptions): RelayHandler {
  const settings = settingsOf(options);
  const schema = baseCheckSchema({
    requiredFields: options.requiredFields ?? [],
    ...(options.minAge !== undefined ? { minAge: options.minAge } : {}),
  });
  const logger = options.logger === false ? undefined : (options.logger ?? jsonLineLogger);

  function clientAddress(request: Request, context?: RelayContext): string | undefined {
    const explicit = options.clientIp?.(request);
    if (explicit) return explicit;
    const forwarded = forwardedFor(request.headers.get('x-forwarded-for'), settings.proxyHops);
    return forwarded ?? context?.clientIp;
  }

  /** Counts the attempt; a 429 answer when over the limit. A failing store lets requests through. */
  async function limit(request: Request, context: RelayContext | undefined, notes: string[]): Promise<Answer | null> {
    if (!settings.limiter) return null;
    const address = clientAddress(request, context);
    if (!address) notes.push('no-client-ip');
    let decision;
    try {
      decision = await settings.limiter.consume(address ? clientKey(address) : 'unknown');
    } catch {
      // Failing open: a broken store must not take signups down; the log says so.
      notes.push('rate-limit-store-failed');
      return null;
    }
    if (decision.allowed) return null;
    return { ...refuse(429, 'rate_limited', { 'Retry-After': String(decision.retryAfterSeconds) }), note: 'rate-limited' };
  }

  async function check(request: Request, context: RelayContext | undefined, notes: string[]): Promise<Answer> {
    const limited = await limit(request, context, notes);
    if (limited) return limited;
    if (!isJsonContentType(request.headers.get('content-type'))) {
      await request.body?.cancel().catch(() => {});
      return refuse(415, 'content_type');
    }
    const text = await readBodyText(request, settings.maxBodyBytes);
    if (!text.ok) {
      if (text.reason === 'too_large') return refuse(413, 'too_large');
      return refuse(400, text.reason === 'aborted' ? 'aborted' : 'invalid_json');
    }
    let json: unknown;
    try {
      json = JSON.parse(text.text);
    } catch {
      return refuse(400, 'invalid_json');
    }
    if (!isRecord(json)) return refuse(400, 'invalid_json');
    const checked = checkBaseCheck(json, {}, schema);
    if (!checked.ok) return { status: 422, body: { status: 'bad', errors: checked.errors }, note: 'invalid-input' };

    const outcome = await callUpstream({
      fetch: settings.fetch,
      url: settings.upstreamUrl,
      body: upstreamBody(checked.data, settings.apiKey),
      timeoutMs: settings.timeoutMs,
    });
    switch (outcome.kind) {
      case 'ok':
        try {
          await options.onVerified?.(outcome.result, checked.data);
        } catch {
          return failure(500, 'relay:error', 'on-verified-failed');
        }
        return { status: 200, body: { status: 'ok', userHash: outcome.userHash, userId: outcome.userId } };
      case 'bad':
        return { status: 422, body: { status: 'bad', errors: outcome.errors }, note: 'upstream-bad' };
      case 'unavailable':
        return failure(502, 'upstream:unavailable', outcome.note);
      case 'timeout':
        return failure(504, 'upstream:timeout', 'upstream-timeout');
    }
  }

  async function route(request: Request, pathname: string, verdict: OriginVerdict, context: RelayContext | undefined, notes: string[]): Promise<Answer> {
    if (pathname === HEALTH_PATH) {
      return request.method === 'GET' ? { status: 200, body: { status: 'ok' } } : refuse(405, 'method', { Allow: 'GET' });
    }
    if (pathname !== settings.path) return refuse(404, 'not_found');
    if (verdict.kind === 'denied') return { ...refuse(403, 'origin'), note: 'origin-denied' };
    if (request.method === 'OPTIONS') return { status: 204, headers: { Allow: ALLOWED_METHODS, ...preflightHeaders(verdict) } };
    if (request.method !== 'POST') return refuse(405, 'method', { Allow: ALLOWED_METHODS });
    return check(request, context, notes);
  }

  return async (request, context) => {
    const started = performance.now();
    const time = new Date().toISOString();
    const requestId = crypto.randomUUID();
    const notes: string[] = [];
    // A Request's url is always absolute.
    const { pathname } = new URL(request.url);
    const known = pathname === settings.path || pathname === HEALTH_PATH;
    // CORS and the origin check govern the form's route only.
    const verdict: OriginVerdict = pathname === settings.path ? judgeOrigin(request, settings.allowed) : { kind: 'none' };
    let answer: Answer;
    try {
      answer = await route(request, pathname, verdict, context, notes);
    } catch {
      answer = failure(500, 'relay:error', 'relay-internal');
    }
    if (answer.note) notes.push(answer.note);
    try {
      logger?.({
        time,
        requestId,
        method: logMethod(request.method),
        path: known ? pathname : '(other)',
        status: answer.status,
        durationMs: Math.round(performance.now() - started),
        ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
      });
    } catch {
      // A broken logger must not break answers.
    }
    return toResponse(answer, { ...corsHeaders(verdict), 'X-Request-Id': requestId });
  };
}
