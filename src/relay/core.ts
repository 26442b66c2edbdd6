/**
 * The relay itself, whatever the server: routing, the origin check, the rate limit, validation,
 * the BASIS ID call and the log line, on a `RelayRequest` (a small description of a request),
 * answering a `Reply`. `createRelay` feeds it web Requests; the Node adapter feeds it Node
 * messages directly, because building a Request, its Headers and streams and then a Response
 * was most of the relay's own cost per request on Node.
 */
import { baseCheckSchema, checkBaseCheck } from '../form/schema.js';
import { failure, refuse, toReply, type Answer, type Reply, type RequestReason } from './answer.js';
import { clientKey, forwardedFor } from './client-ip.js';
import { jsonLineLogger, logMethod } from './log.js';
import { ALLOWED_METHODS, corsHeaders, judgeOrigin, preflightHeaders, type OriginFacts, type OriginVerdict } from './origin.js';
import { HEALTH_PATH, settingsOf, type RelayOptions } from './options.js';
import { readJsonObject, type BodySource } from './read-body.js';
import { callUpstream, upstreamBody } from './upstream.js';

/** What the relay needs of a request. Header names are asked in lower case. */
export interface RelayRequest extends BodySource, OriginFacts {
  method: string;
  /** The URL's path, without the query. */
  pathname: string;
  /** The peer's address, where the server knows it. */
  clientIp: string | undefined;
  /** The client is known to have gone away (e.g. it reset the connection): nothing is done on its behalf. */
  clientGone(): boolean;
  /** The request as a web Request, for the `clientIp` option only (the Node adapter builds it on demand, without the body). */
  toRequest(): Request;
}

export interface RelayCore {
  (request: RelayRequest): Promise<Reply>;
  /**
   * The answer to what the server could not read as a request (a method its parser refuses, a
   * client too slow to finish): headed and logged like every other answer. `note` is for the log.
   */
  unreadable(status: number, reason: RequestReason, note: string): Reply;
}

/** What the log line tells of a request. */
type Described = Pick<RelayRequest, 'method' | 'pathname'>;

// Methods fetch forbids: no web Request can carry them, so neither path serves them.
const UNREPRESENTABLE = new Set(['CONNECT', 'TRACE', 'TRACK']);
const UNREAD: Described = { method: '(other)', pathname: '' };
const NO_ORIGIN: OriginVerdict = { kind: 'none' };

export function createRelayCore(options: RelayOptions): RelayCore {
  const settings = settingsOf(options);
  const schema = baseCheckSchema({
    requiredFields: options.requiredFields ?? [],
    ...(options.minAge !== undefined ? { minAge: options.minAge } : {}),
  });
  const logger = options.logger === false ? undefined : (options.logger ?? jsonLineLogger);

  function clientAddress(request: RelayRequest): string | undefined {
    const explicit = options.clientIp?.(request.toRequest());
    if (explicit) return explicit;
    const forwarded = forwardedFor(request.header('x-forwarded-for'), settings.proxyHops);
    return forwarded ?? request.clientIp;
  }

  /** Counts the attempt; a 429 answer when over the limit. */
  async function limit(request: RelayRequest, notes: string[]): Promise<Answer | null> {
    if (!settings.limiter) return null;
    const address = clientAddress(request);
    if (!address) notes.push('no-client-ip');
    // A limiter that throws is a fault (500), never a pass: its own store failures it survives itself.
    const decision = await settings.limiter.consume(address ? clientKey(address) : 'unknown');
    if (decision.allowed) return null;
    return { ...refuse(429, 'rate_limited', { 'Retry-After': String(decision.retryAfterSeconds) }), note: 'rate-limited' };
  }

  async function check(request: RelayRequest, notes: string[]): Promise<Answer> {
    // Before the limit too: a gone client has no address to count, and no bucket is shared for it.
    if (request.clientGone()) return { ...refuse(400, 'aborted'), note: 'client-gone' };
    const limited = await limit(request, notes);
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

  async function route(request: RelayRequest, verdict: OriginVerdict, notes: string[]): Promise<Answer> {
    const { method, pathname } = request;
    if (UNREPRESENTABLE.has(method)) return refuse(400, 'malformed');
    if (pathname === HEALTH_PATH) {
      const probe = method === 'GET' || method === 'HEAD';
      return probe ? { status: 200, body: { status: 'ok' } } : refuse(405, 'method', { Allow: 'GET, HEAD' });
    }
    if (pathname !== settings.path) return refuse(404, 'not_found');
    if (verdict.kind === 'denied') return { ...refuse(403, 'origin'), note: 'origin-denied' };
    if (method === 'OPTIONS') return { status: 204, headers: { Allow: ALLOWED_METHODS, ...preflightHeaders(verdict) } };
    if (method !== 'POST') return refuse(405, 'method', { Allow: ALLOWED_METHODS });
    return check(request, notes);
  }

  function log(request: Described, answer: Answer, arrived: number, started: number, requestId: string, notes: string[]): void {
    if (!logger) return;
    const { pathname } = request;
    try {
      logger({
        time: new Date(arrived).toISOString(),
        requestId,
        method: logMethod(request.method),
        path: pathname === settings.path || pathname === HEALTH_PATH ? pathname : '(other)',
        status: answer.status,
        durationMs: Math.round(performance.now() - started),
        ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
      });
    } catch {
      // A broken logger must not break answers.
    }
  }

  /** The one way out, for every answer: the log line, and the headers every answer carries. */
  function send(request: Described, answer: Answer, verdict: OriginVerdict, arrived: number, started: number, notes: string[]): Reply {
    const requestId = crypto.randomUUID();
    if (answer.note) notes.push(answer.note);
    log(request, answer, arrived, started, requestId, notes);
    return toReply(answer, { ...corsHeaders(verdict), 'X-Request-Id': requestId });
  }

  const core = async (request: RelayRequest): Promise<Reply> => {
    const started = performance.now();
    const arrived = Date.now();
    const notes: string[] = [];
    // CORS and the origin check govern the form's route only.
    const verdict: OriginVerdict = request.pathname === settings.path ? judgeOrigin(request, settings.allowed) : NO_ORIGIN;
    let answer: Answer;
    try {
      answer = await route(request, verdict, notes);
    } catch {
      answer = failure(500, 'relay:error', 'relay-internal');
    }
    return send(request, answer, verdict, arrived, started, notes);
  };
  return Object.assign(core, {
    unreadable: (status: number, reason: RequestReason, note: string): Reply =>
      send(UNREAD, { ...refuse(status, reason), note }, NO_ORIGIN, Date.now(), performance.now(), []),
  });
}
