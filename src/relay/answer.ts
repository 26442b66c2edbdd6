/**
 * What the relay answers: the contract's JSON bodies and the headers every answer carries.
 * Handlers build plain `Answer`s; one function (`toReply`) turns them into what is sent, so
 * no answer can leave without the security headers, whichever server adapter sends it.
 */

/** The relay's body shapes (the contract's answer table). */
export type RelayBody =
  | { status: 'ok'; userHash: string; userId: string }
  | { status: 'bad'; errors: string[] }
  | { status: 'error'; errors: string[] };

export interface Answer {
  status: number;
  /** Absent for 204. */
  body?: RelayBody | { status: 'ok' };
  headers?: Record<string, string>;
  /** A fixed operator note for the log line (never user data). */
  note?: string;
}

/** `request:<reason>` codes the relay itself produces for a refused request. */
export type RequestReason =
  | 'invalid_json'
  | 'content_type'
  | 'too_large'
  | 'method'
  | 'not_found'
  | 'origin'
  | 'rate_limited'
  | 'aborted'
  /** Not a request the relay can serve: a method fetch forbids (TRACE), or one the server cannot parse. */
  | 'malformed'
  /** The client did not send its headers, or its whole request, within the server's limits. */
  | 'timeout';

export const refuse = (status: number, reason: RequestReason, headers?: Record<string, string>): Answer => ({
  status,
  body: { status: 'error', errors: [`request:${reason}`] },
  ...(headers ? { headers } : {}),
});

export const failure = (status: number, code: string, note?: string): Answer => ({
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
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

export function toReply(answer: Answer, extraHeaders: Record<string, string>): Reply {
  return {
    status: answer.status,
    headers: { ...SECURITY_HEADERS, ...extraHeaders, ...answer.headers },
    body: answer.body === undefined ? null : JSON.stringify(answer.body),
  };
}

export const toResponse = (reply: Reply): Response => new Response(reply.body, { status: reply.status, headers: reply.headers });
