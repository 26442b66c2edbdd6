/**
 * The Web Crypto pieces the verification journey shares: SHA-256 hex digests, base64url,
 * HMAC keys, random secrets and constant-time text equality. Web-standard only, so the
 * same code runs in Node 20+ and in workers.
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

export const hmacKey = (secret: string): Promise<CryptoKey> =>
  crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);

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
