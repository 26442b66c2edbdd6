/**
 * The crypto pieces the verification journey shares: SHA-256 hex digests, base64url, HMAC,
 * random secrets and constant-time text equality. Web-standard, so the same code runs in
 * Node 20+ and in workers; HMAC uses Node's own where there is one.
 */

const UTF8 = new TextEncoder();

export const utf8 = (text: string): Uint8Array<ArrayBuffer> => UTF8.encode(text);

const toHex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/** `sha256_hex` as BASIS ID writes it: lower-case hex of the UTF-8 text's digest. */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text))));
}

export function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The bytes, or null for anything that is not unpadded base64url. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  // A length of 4n+1 cannot come from any bytes.
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  // Unused low bits must be zero, so that each byte string has exactly one spelling.
  return toBase64url(bytes) === text ? bytes : null;
}

/** 32 random bytes as base64url: a per-process secret when none is configured. */
export const randomSecret = (): string => toBase64url(crypto.getRandomValues(new Uint8Array(32)));

type NodeCrypto = typeof import('node:crypto');
// Node's own HMAC answers at once; Web Crypto's goes through the thread pool, which cost a
// base-check more CPU than all the rest of the relay's work (measured). Elsewhere: Web Crypto.
const nodeCrypto = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:crypto') as
  | NodeCrypto
  | undefined;

// Web Crypto keys, imported once per secret (a process has one, a test run a few: a bound, not a policy).
const keys = new Map<string, Promise<CryptoKey>>();
const MAX_KEYS = 16;

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= MAX_KEYS) keys.clear();
    key = crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, key);
  }
  return key;
}

/** HMAC-SHA256 of the UTF-8 `text` with the UTF-8 `secret`. */
export async function hmacSha256(secret: string, text: string): Promise<Uint8Array> {
  if (nodeCrypto) return new Uint8Array(nodeCrypto.createHmac('sha256', secret).update(text, 'utf8').digest());
  return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), utf8(text)));
}

/**
 * Equality whose time depends only on the lengths, never on where the texts differ (a
 * signature's length is public; its bytes are not).
 */
export function equalInConstantTime(a: string, b: string): boolean {
  const left = utf8(a);
  const right = utf8(b);
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let i = 0; i < left.length; i++) difference |= left[i]! ^ right[i]!;
  return difference === 0;
}
