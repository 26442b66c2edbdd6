/**
 * BASIS ID's base-check call: the body rebuilt from validated fields, one attempt, a time limit,
 * no redirects (fetch-once.ts), and BASIS ID's answer read into a small set of outcomes.
 */
import { normalizeErrors, parseCode } from '../../form/errors.js';
import { BASIS_FIELDS } from '../../form/fields.js';
import type { BaseCheckInput } from '../../form/schema.js';
import { fetchOnce, type FetchLike, type Unreachable } from './fetch-once.js';
import { readBodyText } from './read-body.js';

export type { FetchLike };

export const DEFAULT_UPSTREAM_URL = 'https://api.basisid.com/auth/base-check';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** A URL as it may be printed: without credentials, query or fragment (they may hold secrets). */
export function redactUrl(url: string | URL): string {
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  shown.search = '';
  shown.hash = '';
  return shown.href;
}

/**
 * The upstream URL, checked: https, or plain http to this machine only (tests, local mocks),
 * since the key travels in the request. `name` says where it came from, in the TypeError.
 */
export function upstreamUrlOf(value: string | URL, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Not echoed: an unparseable value cannot be redacted.
    throw new TypeError(`${name} is not a URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    throw new TypeError(`${name} must be an https:// URL (http:// is allowed only for localhost), got ${redactUrl(url)}`);
  }
  return url;
}

/** BASIS ID's success answer, tokens included: for the server-side `onVerified` hook only. */
export interface BasisOkResult {
  status: 'ok';
  user_hash: string;
  user_id?: string | number;
  check_id?: string | number;
  api_access_token?: string;
  api_refresh_token?: string;
  blockchain_read_token?: string;
  [field: string]: unknown;
}

export type UpstreamOutcome =
  | { kind: 'ok'; result: BasisOkResult; userHash: string; userId: string }
  | { kind: 'bad'; errors: string[] }
  /** `note` says why, for the operator's log; it never reaches the browser. */
  | Unreachable;

// BASIS ID's answers are small; anything bigger is not an answer we understand.
const MAX_ANSWER_BYTES = 64 * 1024;

/** The upstream JSON body: the key, then the allowed fields that have a value. */
export function upstreamBody(input: BaseCheckInput, key: string): Record<string, string | number> {
  const body: Record<string, string | number> = { key };
  for (const field of BASIS_FIELDS) {
    const value = input[field];
    if (value !== undefined && value !== '') body[field] = value;
  }
  return body;
}

export interface UpstreamCall {
  fetch: FetchLike;
  url: string;
  body: Record<string, string | number>;
  timeoutMs: number;
}

// The same for every call: built once (frozen, as a custom fetch sees it).
const REQUEST_HEADERS = Object.freeze({ 'Content-Type': 'application/json', Accept: 'application/json' });

export function callUpstream({ fetch, url, body, timeoutMs }: UpstreamCall): Promise<UpstreamOutcome> {
  return fetchOnce<UpstreamOutcome>(fetch, url, { method: 'POST', headers: REQUEST_HEADERS, body: JSON.stringify(body) }, timeoutMs, readBaseCheckAnswer);
}

async function readBaseCheckAnswer(response: Response): Promise<UpstreamOutcome> {
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    return { kind: 'unavailable', note: `upstream-http-${response.status}` };
  }
  const text = await readBodyText(response, MAX_ANSWER_BYTES);
  return text.ok ? readAnswer(text.text) : { kind: 'unavailable', note: `upstream-answer-${text.reason}` };
}

// What the browser is given of BASIS ID's answer is bounded, like everything the relay sends.
const MAX_SHOWN_LENGTH = 512;

/** Non-empty text no longer than the bound, or undefined. */
const shown = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' && value.length <= MAX_SHOWN_LENGTH ? value : undefined;

/** An id as text: a string or a finite number, bounded like any text shown. */
const idText = (value: unknown): string | undefined => shown(typeof value === 'number' && Number.isFinite(value) ? String(value) : value);

/** Reads BASIS ID's JSON answer. Unknown shapes are a server fault, never passed on. */
export function readAnswer(text: string): UpstreamOutcome {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return { kind: 'unavailable', note: 'upstream-unparseable' };
  }
  if (typeof answer !== 'object' || answer === null) return { kind: 'unavailable', note: 'upstream-unparseable' };
  const record = answer as Record<string, unknown>;
  if (record.status === 'ok') {
    const userId = idText(record.user_id ?? record.check_id);
    const userHash = shown(record.user_hash);
    if (userHash === undefined || userId === undefined) return { kind: 'unavailable', note: 'upstream-unparseable' };
    return { kind: 'ok', result: record as BasisOkResult, userHash, userId };
  }
  if (record.status === 'bad') {
    const errors = normalizeErrors(record.errors);
    // `error:*` (a wrong key above all) is the operator's problem, not the visitor's.
    if (errors.some((code) => code.startsWith('error:'))) {
      return { kind: 'unavailable', note: errors.includes('error:key') ? 'upstream-error-key' : 'upstream-error' };
    }
    // Only well-formed codes go back to the browser.
    const codes = errors.filter((code) => parseCode(code) !== null);
    return { kind: 'bad', errors: codes.length > 0 ? codes : ['invalid:form'] };
  }
  return { kind: 'unavailable', note: 'upstream-unparseable' };
}
