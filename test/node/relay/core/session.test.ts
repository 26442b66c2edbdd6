/** Session tokens of the verification steps: what is issued, and every token that must be refused. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { bearerToken, SESSION_LIFETIME_MS, signSession, verifySession } from '../../../../src/relay/core/session.js';
import { randomSecret } from '../../../../src/relay/core/crypto.js';

const SECRET = 'a-session-secret-of-some-length';
const NOW = Date.UTC(2030, 0, 1, 12);
const DATA = { userHash: 'f'.repeat(64), userId: '123456' };

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
/** A token made without the module, as a forger who knows the secret (or not) would. */
const sign = (encoded: string, secret = SECRET) => `${encoded}.${createHmac('sha256', secret).update(encoded).digest('base64url')}`;
const forge = (payload: unknown, secret = SECRET) => sign(b64url(JSON.stringify(payload)), secret);
const PAYLOAD = { user_hash: DATA.userHash, user_id: DATA.userId, exp: Math.floor((NOW + SESSION_LIFETIME_MS) / 1000) };

describe('session tokens', () => {
  it('round-trips user_hash and user_id, expiring two hours on', async () => {
    const token = await signSession(DATA, SECRET, NOW);
    assert.deepEqual(await verifySession(token, SECRET, NOW), { ...DATA, expiresAt: NOW + SESSION_LIFETIME_MS });
    assert.ok(await verifySession(token, SECRET, NOW + SESSION_LIFETIME_MS - 1000), 'valid until the end');
  });

  it('is HMAC-SHA256 over the base64url payload, which holds only the three fields', async () => {
    const token = await signSession(DATA, SECRET, NOW);
    assert.equal(token, forge(PAYLOAD));
    const [payload] = token.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(payload!, 'base64url').toString()), PAYLOAD);
  });

  it('refuses to issue a token it would not accept', async () => {
    await assert.rejects(signSession({ userHash: '', userId: '1' }, SECRET, NOW));
    await assert.rejects(signSession({ userHash: 'a'.repeat(513), userId: '1' }, SECRET, NOW));
    await assert.rejects(signSession({ userHash: 'a', userId: '1'.repeat(65) }, SECRET, NOW));
  });

  it('refuses a secret too short to be one', async () => {
    await assert.rejects(signSession(DATA, 'short', NOW), RangeError);
    await assert.rejects(verifySession('x.y', '', NOW), RangeError);
  });

  it('accepts a token signed with the same secret by another instance', async () => {
    assert.ok(await verifySession(forge(PAYLOAD), SECRET, NOW));
  });

  describe('refuses', async () => {
    const good = await signSession(DATA, SECRET, NOW);
    const [payload, mac] = good.split('.') as [string, string];
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const hostile: [string, string | (() => Promise<string>), number?][] = [
      ['expired', good, NOW + SESSION_LIFETIME_MS],
      ['long expired', good, NOW + 365 * 24 * 3600 * 1000],
      ['signed with another secret', forge(PAYLOAD, 'another-secret-of-some-length')],
      ['signed with a random secret', () => signSession(DATA, randomSecret(), NOW)],
      ['a tampered payload (another user, same MAC)', `${b64url(JSON.stringify({ ...PAYLOAD, user_hash: 'e'.repeat(64) }))}.${mac}`],
      ['a tampered payload (later expiry, same MAC)', `${b64url(JSON.stringify({ ...PAYLOAD, exp: PAYLOAD.exp + 3600 }))}.${mac}`],
      ['a flipped payload character', `${flip(payload, 5)}.${mac}`],
      ['a flipped MAC character', `${payload}.${flip(mac, 10)}`],
      ['a truncated MAC', `${payload}.${mac.slice(0, -1)}`],
      ['a MAC one character longer', `${payload}.${mac}A`],
      ['a truncated payload', `${payload.slice(0, -2)}.${mac}`],
      ['no MAC', payload],
      ['an empty MAC', `${payload}.`],
      ['no payload', `.${mac}`],
      ['three parts', `${payload}.${mac}.${mac}`],
      ['padding', `${payload}=.${mac}`],
      ['standard base64 characters', `${payload}+/.${mac}`],
      ['whitespace', ` ${good}`],
      ['empty', ''],
      ['oversized', `${'A'.repeat(100_000)}.${mac}`],
      ['an unsigned JWT-looking token', `${b64url('{"alg":"none"}')}.${payload}.`],
      // Correctly signed, but not a payload the relay issues:
      ['a payload that is not JSON', sign(b64url('not json'))],
      ['a payload that is not UTF-8', sign(b64url(Buffer.from([0xff, 0xfe, 0x7b])))],
      ['a JSON array payload', forge([PAYLOAD])],
      ['a payload with an extra field', forge({ ...PAYLOAD, email: 'a@example.com' })],
      ['a payload without exp', forge({ user_hash: DATA.userHash, user_id: DATA.userId })],
      ['a string exp', forge({ ...PAYLOAD, exp: String(PAYLOAD.exp) })],
      ['a fractional exp', forge({ ...PAYLOAD, exp: PAYLOAD.exp + 0.5 })],
      ['a numeric user_id', forge({ ...PAYLOAD, user_id: 123456 })],
      ['an empty user_hash', forge({ ...PAYLOAD, user_hash: '' })],
    ];
    for (const [name, token, now = NOW] of hostile) {
      it(name, async () => {
        const text = typeof token === 'function' ? await token() : token;
        assert.equal(await verifySession(text, SECRET, now), null);
      });
    }
  });
});

describe('bearerToken', () => {
  const cases: [string | null | undefined, string | null][] = [
    ['Bearer abc.def', 'abc.def'],
    ['bearer abc.def', 'abc.def'],
    ['BEARER  abc.def ', 'abc.def'],
    [null, null],
    [undefined, null],
    ['', null],
    ['Bearer', null],
    ['Bearer ', null],
    ['Basic dXNlcjpwYXNz', null],
    ['Bearer a b', null],
    ['Bearerabc.def', null],
    ['Bearer\tabc.def', null],
    [`Bearer ${'a'.repeat(5000)}`, null],
  ];
  for (const [header, token] of cases) {
    it(`${JSON.stringify(header)?.slice(0, 40)} -> ${token}`, () => assert.equal(bearerToken(header), token));
  }
});
