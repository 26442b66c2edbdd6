/**
 * What the relay answers: the contract's JSON bodies and the headers every answer carries.
 * Handlers build plain `Answer`s; one function (`serializeAnswer`) turns them into what is
 * sent, so no answer can leave without the security headers, whichever server sends it.
 */
import type { BaseCheckAnswer, ErrorCode, RequestReason, StatusAnswer, StepAnswer } from '../../form/relay-contract.js';

/** Every JSON body the relay answers (`/healthz` answers `{ status: 'ok' }`, a StepAnswer's shape). */
export type AnswerBody = BaseCheckAnswer | StepAnswer | StatusAnswer;

export interface Answer {
  status: number;
  /** Absent for 204 (and for a `text` answer). */
  body?: AnswerBody;
  /** A plain-text body instead (BASIS ID's callback expects `OK`). */
  text?: string;
  headers?: Record<string, string>;
  /** A fixed operator note for the log line (never user data). */
  note?: string;
}

export type { RequestReason };

/** The relay refused the request itself: `request:<reason>`. */
export const refuse = (status: number, reason: RequestReason, headers?: Record<string, string>): Answer => ({
  status,
  body: { status: 'error', errors: [`request:${reason}`] },
  ...(headers ? { headers } : {}),
});

/** 422 with codes from the schema or from BASIS ID (`<kind>:<field>` by construction). */
export const badAnswer = (errors: readonly string[], note: string): Answer => ({
  status: 422,
  body: { status: 'bad', errors: errors as ErrorCode[] },
  note,
});

/** An error answer with any code (`upstream:timeout`, `relay:error`, ...). */
export const errorAnswer = (status: number, code: ErrorCode, note?: string): Answer => ({
  status,
  body: { status: 'error', errors: [code] },
  ...(note ? { note } : {}),
});

// A JSON API never needs to be framed, sniffed, cached or to load anything.
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Type': 'application/json',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  // CORS headers depend on the request's Origin, so shared caches must key on it.
  Vary: 'Origin',
};

/** An answer ready to send: every header, and the body serialized (`null` for 204). */
export interface SerializedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

export function serializeAnswer(answer: Answer, extraHeaders: Record<string, string>): SerializedAnswer {
  const headers = { ...SECURITY_HEADERS, ...extraHeaders, ...answer.headers };
  if (answer.text !== undefined) {
    headers['Content-Type'] = 'text/plain; charset=utf-8';
    return { status: answer.status, headers, body: answer.text };
  }
  return { status: answer.status, headers, body: answer.body === undefined ? null : JSON.stringify(answer.body) };
}
