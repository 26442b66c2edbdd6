/**
 * `createRelay(options)`: the web-standard handler that checks a browser's form, adds the
 * secret BASIS ID key server side and forwards it, answering with the contract's table.
 */
import { baseCheckSchema, checkBaseCheck } from '../form/schema.js';
import { failure, refuse, toResponse, type Answer } from './answer.js';
import { clientKey, forwardedFor } from './client-ip.js';
import { jsonLineLogger, logMethod } from './log.js';
import { ALLOWED_METHODS, corsHeaders, judgeOrigin, preflightHeaders, type OriginVerdict } from './origin.js';
import { HEALTH_PATH, settingsOf, type RelayOptions } from './options.js';
import { readJsonObject } from './read-body.js';
import { callUpstream, upstreamBody } from './upstream.js';

/** What a server adapter knows beyond the `Request`. */
export interface RelayContext {
  /** The peer's address (the Node adapter passes the socket's). */
  clientIp?: string;
}

export type RelayHandler = (request: Request, context?: RelayContext) => Promise<Response>;

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
    const form = await readJsonObject(request, settings.maxBodyBytes);
    if (!form.ok) return refuse(form.status, form.reason);
    const checked = checkBaseCheck(form.value, {}, schema);
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
      const probe = request.method === 'GET' || request.method === 'HEAD';
      return probe ? { status: 200, body: { status: 'ok' } } : refuse(405, 'method', { Allow: 'GET, HEAD' });
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
