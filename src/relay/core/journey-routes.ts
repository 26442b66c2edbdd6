/**
 * The routes after base-check: a step's upload, the verdict `status`, and BASIS ID's `callback`.
 * Each answers an `Answer`; routing, CORS and the log line are the core's (relay-core.ts).
 */
import { errorAnswer, refuse, type Answer } from './answer.js';
import { CALLBACK_MAX_BYTES, judgeCallback } from './callback.js';
import type { RelayOptions, Settings } from './options.js';
import { discardBody, isJsonContentType, readBodyText } from './read-body.js';
import { readUpload } from './read-upload.js';
import { bearerToken, verifySession, type Session } from './session.js';
import { sessionKey } from './step-limit.js';
import type { Step } from './step.js';
import { lookupVerdict, sendStep } from './steps-upstream.js';
import type { RateLimiter } from './rate-limit.js';

export interface JourneyRoutes {
  step(request: Request, step: Step): Promise<Answer>;
  status(request: Request): Promise<Answer>;
  callback(request: Request): Promise<Answer>;
}

const limited = (retryAfterSeconds: number, note: string): Answer => ({
  ...refuse(429, 'rate_limited', { 'Retry-After': String(retryAfterSeconds) }),
  note,
});

export function createJourneyRoutes(settings: Settings, options: Pick<RelayOptions, 'onStatus'>): JourneyRoutes {
  const basis = { fetch: settings.stepsFetch, basisUrl: settings.upstreamUrl, timeoutMs: settings.timeoutMs };

  /** The session of `Authorization: Bearer`, counted against its limit; else the refusal (the body left unread). */
  async function sessionOf(request: Request): Promise<{ ok: true; session: Session } | { ok: false; answer: Answer }> {
    const token = bearerToken(request.headers.get('authorization'));
    const session = token ? await verifySession(token, settings.sessionSecret, Date.now()) : null;
    if (!session) {
      await discardBody(request);
      return { ok: false, answer: { ...refuse(401, 'session'), note: 'session-invalid' } };
    }
    const decision = await settings.stepLimiter.consume(sessionKey(session));
    if (!decision.allowed) {
      await discardBody(request);
      return { ok: false, answer: limited(decision.retryAfterSeconds, 'session-rate-limited') };
    }
    return { ok: true, session };
  }

  async function step(request: Request, step: Step): Promise<Answer> {
    const session = await sessionOf(request);
    if (!session.ok) return session.answer;
    const upload = await readUpload(request, step);
    if (!upload.ok) return upload.answer;
    const outcome = await sendStep({ ...basis, session: session.session, step, upload: upload.upload });
    switch (outcome.kind) {
      case 'ok':
        return { status: 200, body: { status: 'ok' } };
      case 'session':
        return { ...refuse(401, 'session'), note: 'upstream-unknown-user' };
      case 'invalid-file':
        return errorAnswer(422, 'invalid:file', 'upstream-bad-file');
      case 'unavailable':
        return errorAnswer(502, 'upstream:unavailable', outcome.note);
      case 'timeout':
        return errorAnswer(504, 'upstream:timeout', 'upstream-timeout');
    }
  }

  /** BASIS ID's `users/info`, at most once a minute per user, when SECRET2 allows it (never in the sandbox). */
  async function lookup(userHash: string, limiter: RateLimiter): Promise<void> {
    if (settings.sandbox || settings.secret2 === '') return;
    if (!(await limiter.consume(`lookup:${userHash}`)).allowed) return;
    const found = await lookupVerdict({ ...basis, apiKey: settings.apiKey, secret2: settings.secret2, userHash });
    // A lookup has no signature: its verdict is recorded under a key of its own.
    if (found.verdict !== 'pending') await settings.verdictStore.record(userHash, found, `lookup:${found.verdict}:${found.reasons.join(',')}`);
  }

  async function status(request: Request): Promise<Answer> {
    const session = await sessionOf(request);
    if (!session.ok) return session.answer;
    const { userHash } = session.session;
    let verdict = await settings.verdictStore.get(userHash);
    if (!verdict) {
      await lookup(userHash, settings.lookupLimiter);
      verdict = await settings.verdictStore.get(userHash);
    }
    return { status: 200, body: { status: 'ok', verdict: verdict?.verdict ?? 'pending', reasons: verdict?.reasons ?? [] } };
  }

  async function callback(request: Request): Promise<Answer> {
    if (!isJsonContentType(request.headers.get('content-type'))) {
      await discardBody(request);
      return refuse(415, 'content_type');
    }
    const text = await readBodyText(request, CALLBACK_MAX_BYTES);
    if (!text.ok) {
      if (text.reason === 'too_large') return refuse(413, 'too_large');
      return text.reason === 'aborted' ? refuse(400, 'aborted') : { ...refuse(400, 'invalid_json'), note: 'callback-invalid' };
    }
    const judged = await judgeCallback(text.text, settings.secret2);
    if (judged.kind === 'invalid') return { ...refuse(400, 'invalid_json'), note: 'callback-invalid' };
    if (judged.kind === 'forged') return { ...refuse(401, 'signature'), note: 'callback-signature' };
    // By signature, not by address: BASIS ID calls from few addresses, a replay always has the same one.
    const decision = await settings.stepLimiter.consume(`callback:${judged.signature}`);
    if (!decision.allowed) return limited(decision.retryAfterSeconds, 'callback-rate-limited');
    const { userHash, userId, signature } = judged;
    const ok: Answer = { status: 200, text: 'OK' };
    if (!(await settings.verdictStore.record(userHash, judged.verdict, signature))) return { ...ok, note: 'callback-replay' };
    try {
      await options.onStatus?.({ userHash, userId, ...judged.verdict });
    } catch {
      // Stored already: answering otherwise would only make BASIS ID send a replay, which is ignored.
      return { ...ok, note: 'on-status-failed' };
    }
    return ok;
  }

  return { step, status, callback };
}
