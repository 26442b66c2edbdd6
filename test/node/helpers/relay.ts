/** Shared fixtures for the relay tests: a valid form, a recording upstream, request builders. */
import type { FetchLike, RelayLogEntry } from '../../../src/relay/index.js';

export const KEY = 'sk_live_TOPSECRET_9f2c1e';
export const RELAY_URL = 'https://relay.test/api/kyc/base-check';

/** A complete, valid form as the element sends it. */
export const VALID = Object.freeze({
  first_name: 'Anna',
  last_name: 'Smith',
  email: 'anna.smith@example.com',
  phone: '49-15123456789',
  birthday_day: '7',
  birthday_month: '3',
  birthday_year: '1990',
  country_nationality: 'DE',
  country_residence: 'DE',
});

export const TOKENS = {
  api_access_token: 'ACCESS_tok_123456',
  api_refresh_token: 'REFRESH_tok_654321',
  blockchain_read_token: 'CHAIN_tok_777',
};

export const BASIS_OK = { status: 'ok', user_hash: 'a1b2c3d4e5f6', user_id: 4711, ...TOKENS };

export interface UpstreamCall {
  url: string;
  init: RequestInit;
  body: Record<string, unknown>;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

/** An upstream stand-in that records every call and answers with `reply` (a Response or a function). */
export function recordingFetch(reply: Response | ((call: UpstreamCall) => Response | Promise<Response>) = json(BASIS_OK)) {
  const calls: UpstreamCall[] = [];
  const fetch: FetchLike = async (input, init = {}) => {
    const call = { url: String(input), init, body: JSON.parse(String(init.body)) as Record<string, unknown> };
    calls.push(call);
    return typeof reply === 'function' ? reply(call) : reply.clone();
  };
  return { fetch, calls };
}

/**
 * A fetch that never answers: it rejects only when its signal aborts (as real fetch does).
 * It holds the event loop open like a real socket would (AbortSignal.timeout's timer does not).
 */
export const hangingFetch: FetchLike = (_input, init) =>
  new Promise((_resolve, reject) => {
    const signal = init?.signal;
    if (!signal) return;
    const socket = setInterval(() => {}, 1000);
    signal.addEventListener(
      'abort',
      () => {
        clearInterval(socket);
        reject(signal.reason);
      },
      { once: true },
    );
  });

export interface PostOptions {
  headers?: Record<string, string>;
  contentType?: string | null;
  method?: string;
  url?: string;
}

/** A browser-like POST of `body` (an object is sent as JSON, a string as it is). */
export function post(body: unknown, options: PostOptions = {}): Request {
  const headers = new Headers(options.headers);
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  if (contentType !== null) headers.set('content-type', contentType);
  return new Request(options.url ?? RELAY_URL, {
    method: options.method ?? 'POST',
    headers,
    body: typeof body === 'string' || body instanceof ReadableStream ? body : JSON.stringify(body),
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}

export function captureLogs() {
  const entries: RelayLogEntry[] = [];
  return { entries, logger: (entry: RelayLogEntry) => entries.push(entry), text: () => entries.map((e) => JSON.stringify(e)).join('\n') };
}

/** Everything a client could see of a response: status line, headers and body. */
export async function visible(response: Response): Promise<string> {
  const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  return `${response.status}\n${headers}\n\n${await response.clone().text()}`;
}
