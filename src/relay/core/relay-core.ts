/**
 * The relay itself, whatever the server: routing, the origin check, the rate limit, validation,
 * the BASIS ID call and the log line, on a web `Request` answering a `Response`. base-check is
 * here; the steps, status and BASIS ID's callback are in journey-routes.ts. Servers add a
 * small context (the peer's address, whether it went away); the Node adapter gives a Request
 * built only as far as it is read (node/node-request.ts) and writes the answer without ever
 * making a Response (answer-response.ts).
 */
import { baseCheckSchema, checkBaseCheck } from '../../form/schema.js';
import { badAnswer, errorAnswer, refuse, serializeAnswer, type Answer, type RequestReason, type SerializedAnswer } from './answer.js';
import { answerResponse } from './answer-response.js';
import { clientKey, forwardedFor } from './client-ip.js';
import { jsonLineLogger, logMethod } from './log.js';
import { corsHeaders, judgeOrigin, preflightHeaders, type OriginVerdict } from './origin.js';
import { HEALTH_PATH, settingsOf, type RelayOptions } from './options.js';
import { readJsonObject } from './read-body.js';
import { callUpstream, upstreamBody } from './upstream.js';
import { createJourneyRoutes } from './journey-routes.js';
import { signSession } from './session.js';

/** What a server adapter knows beyond the `Request`. */
export interface RelayContext {
  /** The peer's address (the Node adapter passes the socket's). */
  clientIp?: string | undefined;
  /**
   * The client is known to have gone away (e.g. it reset the connection): nothing is done on
   * its behalf. Default: the request's signal is aborted, as servers of web Requests do.
   */
  clientGone?: () => boolean;
}

export interface RelayCore {
  handle(request: Request, context?: RelayContext): Promise<Response>;
  /**
   * The answer to what the server could not read as a request (a method its parser refuses, a
   * client too slow to finish): headed and logged like every other answer. `note` is for the log.
   */
  unreadable(status: number, reason: RequestReason, note: string): SerializedAnswer;
}

/** What the log line tells of a request. */
interface Described {
  method: string;
  pathname: string;
}

// Methods fetch forbids: no real web Request can carry them (the Node adapter's can).
export const UNREPRESENTABLE = new Set(['CONNECT', 'TRACE', 'TRACK']);
const UNREAD: Described = { method: '(other)', pathname: '' };
const NO_ORIGIN: OriginVerdict = { kind: 'none' };

/** A Request's url is absolute and normalized: its path starts at the first `/` after the authority. */
export function splitUrl(url: string): { origin: string; pathname: string } {
  const pathStart = url.indexOf('/', url.indexOf('//') + 2);
  const origin = url.slice(0, pathStart);
  const end = url.slice(pathStart).search(/[?#]/);
  return { origin, pathname: end === -1 ? url.slice(pathStart) : url.slice(pathStart, pathStart + end) };
}

export function createRelayCore(options: RelayOptions): RelayCore {
  // The sandbox's verdict callbacks come back through this relay's own callback route.
  const settings = settingsOf(options, (body) => handle(callbackRequest(body)));
  const journey = createJourneyRoutes(settings, options);
  const callbackUrl = new URL([...settings.routes].find(([, name]) => name === 'callback')![0], 'http://sandbox.invalid').href;
  const callbackRequest = (body: string) => new Request(callbackUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

  /** The session token of the steps for a verified person; none (noted) if BASIS ID's ids cannot go in one. */
  async function sessionFor(user: { userHash: string; userId: string }, notes: string[]): Promise<{ session?: string }> {
    try {
      return { session: await signSession(user, settings.sessionSecret, Date.now()) };
    } catch {
      notes.push('session-unsigned');
      return {};
    }
  }
  const schema = baseCheckSchema({
    requiredFields: options.requiredFields ?? [],
    ...(options.minAge !== undefined ? { minAge: options.minAge } : {}),
  });
  const logger = options.logger === false ? undefined : (options.logger ?? jsonLineLogger);

  function clientAddress(request: Request, context: RelayContext): string | undefined {
    const explicit = options.clientIp?.(request);
    if (explicit) return explicit;
    const forwarded = forwardedFor(request.headers.get('x-forwarded-for'), settings.proxyHops);
    return forwarded ?? context.clientIp;
  }

  /** Counts the attempt; a 429 answer when over the limit. */
  async function limit(request: Request, context: RelayContext, notes: string[]): Promise<Answer | null> {
    if (!settings.limiter) return null;
    const address = clientAddress(request, context);
    if (!address) notes.push('no-client-ip');
    // A limiter that throws is a fault (500), never a pass: its own store failures it survives itself.
    const decision = await settings.limiter.consume(address ? clientKey(address) : 'unknown');
    if (decision.allowed) return null;
    return { ...refuse(429, 'rate_limited', { 'Retry-After': String(decision.retryAfterSeconds) }), note: 'rate-limited' };
  }

  async function baseCheck(request: Request, context: RelayContext, notes: string[]): Promise<Answer> {
    const limited = await limit(request, context, notes);
    if (limited) return limited;
    const form = await readJsonObject(request, settings.maxBodyBytes);
    if (!form.ok) return refuse(form.status, form.reason);
    const checked = checkBaseCheck(form.value, {}, schema);
    if (!checked.ok) return badAnswer(checked.errors, 'invalid-input');

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
          return errorAnswer(500, 'relay:error', 'on-verified-failed');
        }
        return { status: 200, body: { status: 'ok', userHash: outcome.userHash, userId: outcome.userId, ...(await sessionFor(outcome, notes)) } };
      case 'bad':
        return badAnswer(outcome.errors, 'upstream-bad');
      case 'unavailable':
        return errorAnswer(502, 'upstream:unavailable', outcome.note);
      case 'timeout':
        return errorAnswer(504, 'upstream:timeout', 'upstream-timeout');
    }
  }

  async function route(request: Request, context: RelayContext, described: Described, verdict: OriginVerdict, notes: string[]): Promise<Answer> {
    const { method, pathname } = described;
    if (UNREPRESENTABLE.has(method)) return refuse(400, 'malformed');
    if (pathname === HEALTH_PATH) {
      const probe = method === 'GET' || method === 'HEAD';
      return probe ? { status: 200, body: { status: 'ok' } } : refuse(405, 'method', { Allow: 'GET, HEAD' });
    }
    const name = settings.routes.get(pathname);
    if (!name) return refuse(404, 'not_found');
    if (name === 'callback') {
      // For BASIS ID only: not served without SECRET2, and never to browsers (no preflight, no CORS).
      if (!settings.secret2) return refuse(404, 'not_found');
      return method === 'POST' ? journey.callback(request) : refuse(405, 'method', { Allow: 'POST' });
    }
    if (verdict.kind === 'denied') return { ...refuse(403, 'origin'), note: 'origin-denied' };
    const expected = name === 'status' ? 'GET' : 'POST';
    const allow = `${expected}, OPTIONS`;
    if (method === 'OPTIONS') {
      const requestHeaders = name === 'base-check' ? 'Content-Type' : 'Authorization, Content-Type';
      return { status: 204, headers: { Allow: allow, ...preflightHeaders(verdict, allow, requestHeaders) } };
    }
    if (method !== expected) return refuse(405, 'method', { Allow: allow });
    // A gone client has no address to count, and nothing is done on its behalf.
    if (context.clientGone ? context.clientGone() : request.signal.aborted) return { ...refuse(400, 'aborted'), note: 'client-gone' };
    if (name === 'base-check') return baseCheck(request, context, notes);
    return name === 'status' ? journey.status(request) : journey.step(request, name);
  }

  function log(request: Described, answer: Answer, arrived: number, started: number, requestId: string, notes: string[]): void {
    if (!logger) return;
    const { pathname } = request;
    try {
      logger({
        time: new Date(arrived).toISOString(),
        requestId,
        method: logMethod(request.method),
        path: settings.routes.has(pathname) || pathname === HEALTH_PATH ? pathname : '(other)',
        status: answer.status,
        durationMs: Math.round(performance.now() - started),
        ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
      });
    } catch {
      // A broken logger must not break answers.
    }
  }

  /** The one way out, for every answer: the log line, and the headers every answer carries. */
  function send(request: Described, answer: Answer, verdict: OriginVerdict, arrived: number, started: number, notes: string[]): SerializedAnswer {
    const requestId = crypto.randomUUID();
    if (answer.note) notes.push(answer.note);
    log(request, answer, arrived, started, requestId, notes);
    return serializeAnswer(answer, { ...corsHeaders(verdict), 'X-Request-Id': requestId });
  }

  async function handle(request: Request, context: RelayContext = {}): Promise<Response> {
    const started = performance.now();
    const arrived = Date.now();
    const notes: string[] = [];
    const { origin, pathname } = splitUrl(request.url);
    const described: Described = { method: request.method, pathname };
    let verdict: OriginVerdict = NO_ORIGIN;
    let answer: Answer;
    try {
      // CORS and the origin check govern the browser's routes only: not the callback, not /healthz.
      const name = settings.routes.get(pathname);
      if (name && name !== 'callback') verdict = judgeOrigin(request.headers, origin, settings.allowed);
      answer = await route(request, context, described, verdict, notes);
    } catch {
      answer = errorAnswer(500, 'relay:error', 'relay-internal');
    }
    return answerResponse(send(described, answer, verdict, arrived, started, notes));
  }

  return {
    handle,
    unreadable: (status, reason, note) => send(UNREAD, { ...refuse(status, reason), note }, NO_ORIGIN, Date.now(), performance.now(), []),
  };
}
