/** Shared fixtures for the relay's verification journey: sessions, uploads, signed callbacks, a recording BASIS ID. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FetchLike } from '../../../src/relay/index.js';
import { signSession } from '../../../src/relay/core/session.js';
import { json } from './relay.js';

export const SESSION_SECRET = 'session-secret-for-the-tests';
export const SECRET2 = 'secret-two-from-the-cabinet';
export const BASIS_URL = 'https://basis.example:8443/custom/base-check?debug=1';
export const RELAY = 'https://relay.test/api/kyc';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/files/${name}`, import.meta.url));
export const JPEG = fixture('photo.jpg');
export const PNG = fixture('photo.png');
export const PDF = fixture('statement.pdf');

const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const pngChunk = (type: string, data: number[]) => [...u32(data.length), ...Buffer.from(type, 'latin1'), ...data, 0, 0, 0, 0];
/** A well-formed PNG of a few bytes that declares 20 000 × 20 000 pixels. */
export const PIXEL_BOMB = new Uint8Array([
  ...[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  ...pngChunk('IHDR', [...u32(20_000), ...u32(20_000), 8, 2, 0, 0, 0]),
  ...pngChunk('IDAT', [1, 2, 3]),
  ...pngChunk('IEND', []),
]);
/** Starts as a JPEG, carries a page after it. */
export const POLYGLOT = new Uint8Array([...JPEG, ...Buffer.from('<html><script>alert(1)</script></html>')]);

export const USER = { userHash: 'c0ffee'.repeat(10), userId: '4711' };
export const OTHER_USER = { userHash: 'beef'.repeat(16), userId: '815' };

export const sessionOf = (user = USER, secret = SESSION_SECRET, now = Date.now()) => signSession(user, secret, now);

type Fields = Record<string, string | Blob>;
export const fileOf = (bytes: Uint8Array, name = 'photo.jpg', type = 'image/jpeg') => new File([bytes as Uint8Array<ArrayBuffer>], name, { type });

export function formOf(fields: Fields): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

/** The fields of a valid upload for each step. */
export const STEP_FIELDS = {
  document: () => ({ file: fileOf(JPEG), side: '1', type: 'passport' }),
  selfie: () => ({ file: fileOf(PNG, 'me.png', 'image/png') }),
  'address-proof': () => ({ file: fileOf(PDF, 'bill.pdf', 'application/pdf') }),
} as const;

/** A browser's upload to a step route, with its session as `Authorization: Bearer`. */
export function uploadRequest(step: string, fields: Fields, token: string | null, headers: Record<string, string> = {}): Request {
  return new Request(`${RELAY}/${step}`, {
    method: 'POST',
    headers: { ...(token !== null ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: formOf(fields),
  });
}

export const statusRequest = (token: string | null, headers: Record<string, string> = {}) =>
  new Request(`${RELAY}/status`, { headers: { ...(token !== null ? { Authorization: `Bearer ${token}` } : {}), ...headers } });

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

type Body = Record<string, unknown>;
/** Signed as BASIS ID documents it: the first shape, or the second when callback_type is set. */
export function signedCallback(body: Body, secret = SECRET2): Body {
  const s = (key: string) => (body[key] == null ? '' : String(body[key]));
  const rest = s('callback_type') !== '' ? s('reason') + s('request') + s('message') : s('autocheck_bad_reasons');
  return { ...body, signature: sha256(secret + s('user_id') + s('user_hash') + s('status') + rest) };
}

export const APPROVED = { user_id: 4711, user_hash: USER.userHash, status: 10, autocheck_bad_reasons: '' };
export const DECLINED = { user_id: '4711', user_hash: USER.userHash, status: '11', autocheck_bad_reasons: 'pep, black_list' };
export const MORE_DATA = { user_id: 4711, user_hash: USER.userHash, status: 2, callback_type: 'request', reason: 'blurry', request: 'document', message: '' };

export const callbackRequest = (body: Body | string, headers: Record<string, string> = {}) =>
  new Request(`${RELAY}/callback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

export interface BasisCall {
  url: string;
  method: string;
  form: FormData | null;
}

/**
 * BASIS ID's step and lookup endpoints, recording every call: steps answer ok (with a file path
 * the browser must never see), `users/info` answers `userStatus` (or what `info` gives).
 */
export function recordingBasis(options: { step?: () => Response; info?: () => Response; userStatus?: number } = {}) {
  const calls: BasisCall[] = [];
  const fetch: FetchLike = async (input, init = {}) => {
    const url = String(input);
    calls.push({ url, method: init.method ?? 'GET', form: init.body instanceof FormData ? init.body : null });
    if (url.includes('/users/info/')) return options.info ? options.info() : json({ status: 'ok', user_status: options.userStatus ?? 1 });
    return options.step ? options.step() : json({ status: 'ok', file: '/var/basis/uploads/secret-path.jpg' });
  };
  return { fetch, calls };
}

/** Resolves when `predicate` holds, checking every few milliseconds (for the sandbox's delayed callbacks). */
export async function until(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
