/**
 * The session token of the verification steps: which BASIS ID user a browser may add files
 * to, and until when. `<base64url payload>.<base64url HMAC-SHA256>`; the payload holds the
 * user_hash, the user_id (BASIS ID's check_id) and an expiry, never personal data.
 */
import { z } from '../../zod.js';
import { equalInConstantTime, fromBase64url, hmacSha256, toBase64url, utf8 } from './crypto.js';

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

function checked(secret: string): string {
  if (secret.length < MIN_SECRET_LENGTH) throw new RangeError(`the session secret must be at least ${MIN_SECRET_LENGTH} characters`);
  return secret;
}

export async function signSession({ userHash, userId }: SessionData, secret: string, now: number): Promise<string> {
  // Checked with the reader's schema, so the relay never issues a token it would refuse.
  const payload = payloadSchema.parse({ user_hash: userHash, user_id: userId, exp: Math.floor((now + SESSION_LIFETIME_MS) / 1000) });
  const encoded = toBase64url(utf8(JSON.stringify(payload)));
  return `${encoded}.${toBase64url(await hmacSha256(checked(secret), encoded))}`;
}

/** The session, or null for any token that is malformed, forged, signed with another secret or expired. */
export async function verifySession(token: string, secret: string, now: number): Promise<Session | null> {
  checked(secret);
  if (!TOKEN.test(token)) return null;
  const [encoded, signature] = token.split('.') as [string, string];
  // The MAC is checked (in constant time) before the payload is even decoded; base64url has one spelling per MAC.
  if (!equalInConstantTime(signature, toBase64url(await hmacSha256(secret, encoded)))) return null;
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
