/**
 * The session token of the verification steps: which BASIS ID user a browser may add files
 * to, and until when. `<base64url payload>.<base64url HMAC-SHA256>`; the payload holds the
 * user_hash, the user_id (BASIS ID's check_id) and an expiry, never personal data.
 */
import { z } from '../../zod.js';
import { fromBase64url, hmacKey, toBase64url, utf8 } from './crypto.js';

export const SESSION_LIFETIME_MS = 2 * 60 * 60 * 1000;
// A short secret is a configuration mistake, not a secret.
export const MIN_SECRET_LENGTH = 16;
// user_hash and user_id are capped below, so a real payload stays far under this.
const MAX_PAYLOAD_CHARS = 1024;
const HMAC_CHARS = 43;
const TOKEN = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_PAYLOAD_CHARS}}\\.[A-Za-z0-9_-]{${HMAC_CHARS}}$`);

export interface SessionData {
  userHash: string;
  userId: string;
}

export interface Session extends SessionData {
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

const payloadSchema = z.strictObject({
  user_hash: z.string().check(z.minLength(1), z.maxLength(512)),
  user_id: z.string().check(z.minLength(1), z.maxLength(64)),
  exp: z.int().check(z.positive()),
});

// Imported once per secret: importing a key for every token took longer than signing it.
const keys = new Map<string, Promise<CryptoKey>>();
// A process has one secret, a test run a few: a bound, not an eviction policy.
const MAX_KEYS = 16;

function keyOf(secret: string): Promise<CryptoKey> {
  if (secret.length < MIN_SECRET_LENGTH) throw new RangeError(`the session secret must be at least ${MIN_SECRET_LENGTH} characters`);
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= MAX_KEYS) keys.clear();
    key = hmacKey(secret);
    keys.set(secret, key);
  }
  return key;
}

export async function signSession({ userHash, userId }: SessionData, secret: string, now: number): Promise<string> {
  // Checked with the reader's schema, so the relay never issues a token it would refuse.
  const payload = payloadSchema.parse({ user_hash: userHash, user_id: userId, exp: Math.floor((now + SESSION_LIFETIME_MS) / 1000) });
  const encoded = toBase64url(utf8(JSON.stringify(payload)));
  const mac = await crypto.subtle.sign('HMAC', await keyOf(secret), utf8(encoded));
  return `${encoded}.${toBase64url(new Uint8Array(mac))}`;
}

/** The session, or null for any token that is malformed, forged, signed with another secret or expired. */
export async function verifySession(token: string, secret: string, now: number): Promise<Session | null> {
  const key = await keyOf(secret);
  if (!TOKEN.test(token)) return null;
  const [encoded, signature] = token.split('.') as [string, string];
  const mac = fromBase64url(signature);
  // The MAC is checked (in constant time, by Web Crypto) before the payload is even decoded.
  if (!mac || !(await crypto.subtle.verify('HMAC', key, mac, utf8(encoded)))) return null;
  const bytes = fromBase64url(encoded);
  if (!bytes) return null;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  const payload = payloadSchema.safeParse(json);
  if (!payload.success) return null;
  const expiresAt = payload.data.exp * 1000;
  if (expiresAt <= now) return null;
  return { userHash: payload.data.user_hash, userId: payload.data.user_id, expiresAt };
}

const BEARER = /^Bearer +([^\s]+) *$/i;

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(authorization: string | null | undefined): string | null {
  if (!authorization || authorization.length > MAX_PAYLOAD_CHARS + HMAC_CHARS + 32) return null;
  return BEARER.exec(authorization)?.[1] ?? null;
}
