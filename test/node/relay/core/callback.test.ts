/**
 * BASIS ID's callback: both signature shapes against signatures computed here with node:crypto,
 * the verdicts, and every forged, tampered or malformed body refused.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CALLBACK_MAX_BYTES, judgeCallback, readCallbackFields } from '../../../../src/relay/core/callback.js';

const SECRET2 = 'secret-two-from-the-cabinet';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

type Body = Record<string, unknown>;
/** Signed as BASIS ID documents it: the first shape, or the second when callback_type is set. */
const signed = (body: Body, secret = SECRET2): Body => {
  const s = (key: string) => (body[key] == null ? '' : String(body[key]));
  const rest = s('callback_type') !== '' ? s('reason') + s('request') + s('message') : s('autocheck_bad_reasons');
  return { ...body, signature: sha256(secret + s('user_id') + s('user_hash') + s('status') + rest) };
};
const judge = (body: Body | string, secret = SECRET2) => judgeCallback(typeof body === 'string' ? body : JSON.stringify(body), secret);

const HASH = 'a1'.repeat(32);
const APPROVED = { user_id: 123456, user_hash: HASH, status: 10, autocheck_bad_reasons: '' };
const DECLINED = { user_id: '123456', user_hash: HASH, status: '11', autocheck_bad_reasons: ' pep, sanctions,,black_list ' };
const MORE = { user_id: 123456, user_hash: HASH, status: 2, callback_type: 'request', reason: 'blurry', request: 'document', message: '' };

describe('callback verdicts (signed as BASIS ID does)', () => {
  const cases: [string, Body, { verdict: string; reasons: string[] }][] = [
    ['status 10 (numbers) is approved', APPROVED, { verdict: 'approved', reasons: [] }],
    ['status "11" (strings) is declined with the reasons, trimmed, empty dropped', DECLINED, { verdict: 'declined', reasons: ['pep', 'sanctions', 'black_list'] }],
    ['another status is pending', { ...APPROVED, status: 4 }, { verdict: 'pending', reasons: [] }],
    ['a callback_type callback asks for more data, with its non-empty texts', MORE, { verdict: 'more-data', reasons: ['blurry', 'document'] }],
    ['a callback_type callback is more-data whatever its status', { ...MORE, status: 10 }, { verdict: 'more-data', reasons: ['blurry', 'document'] }],
    ['keys in any case', { USER_ID: 123456, User_Hash: HASH, Status: 10, AutoCheck_Bad_Reasons: '' }, { verdict: 'approved', reasons: [] }],
    ['a missing autocheck_bad_reasons counts as ""', { user_id: 1, user_hash: HASH, status: 11 }, { verdict: 'declined', reasons: [] }],
    ['null counts as ""', { user_id: 1, user_hash: HASH, status: 11, autocheck_bad_reasons: null }, { verdict: 'declined', reasons: [] }],
    ['an empty callback_type uses the first shape', { ...APPROVED, callback_type: '', reason: 'x' }, { verdict: 'approved', reasons: [] }],
    ['unknown fields are tolerated', { ...APPROVED, profile: { a: [1] }, extra: true }, { verdict: 'approved', reasons: [] }],
    ['non-ASCII text is hashed as UTF-8', { ...MORE, message: 'Фото размыто' }, { verdict: 'more-data', reasons: ['blurry', 'document', 'Фото размыто'] }],
  ];
  for (const [name, body, expected] of cases) {
    it(name, async () => {
      // Signed from lower-case names, sent with the body's own spelling.
      const lower = Object.fromEntries(Object.entries(body).map(([k, v]) => [k.toLowerCase(), v]));
      const judged = await judge({ ...body, signature: signed(lower).signature });
      assert.deepEqual(judged, {
        kind: 'verified',
        userHash: HASH,
        userId: String(lower.user_id),
        signature: signed(lower).signature,
        verdict: expected,
      });
    });
  }

  it('the two shapes really differ: a callback_type body signed with the first shape is forged', async () => {
    const firstShape = sha256(SECRET2 + MORE.user_id + MORE.user_hash + MORE.status + '');
    assert.deepEqual(await judge({ ...MORE, signature: firstShape }), { kind: 'forged' });
  });
});

describe('callback refusals', () => {
  const good = signed(DECLINED);
  const forged: [string, Body | (() => Body)][] = [
    ['no signature', DECLINED],
    ['an empty signature', { ...DECLINED, signature: '' }],
    ['a made-up signature', { ...DECLINED, signature: 'f'.repeat(64) }],
    ['signed with another secret', signed(DECLINED, 'another-secret')],
    ['signed with no secret', signed(DECLINED, '')],
    ['upper-case hex (BASIS ID writes lower case)', { ...good, signature: String(good.signature).toUpperCase() }],
    ['a truncated signature', { ...good, signature: String(good.signature).slice(0, 63) }],
    ['a signature with a trailing space', { ...good, signature: `${good.signature} ` }],
    ['a numeric signature', { ...good, signature: 12345 }],
    ['tampered user_id', { ...good, user_id: '123457' }],
    ['tampered user_hash', { ...good, user_hash: 'b2'.repeat(32) }],
    ['tampered status (declined to approved)', { ...good, status: '10' }],
    ['tampered autocheck_bad_reasons', { ...good, autocheck_bad_reasons: '' }],
    ['an added callback_type', { ...good, callback_type: 'request' }],
    ['tampered reason', { ...signed(MORE), reason: 'fine' }],
    ['tampered request', { ...signed(MORE), request: 'selfie' }],
    ['tampered message', { ...signed(MORE), message: 'hello' }],
    ['a removed callback_type', { ...signed(MORE), callback_type: '' }],
    ['status as 10.5 (not what was signed)', { ...signed(APPROVED), status: 10.5 }],
  ];
  for (const [name, body] of forged) {
    it(`forged: ${name}`, async () => assert.deepEqual(await judge(typeof body === 'function' ? body() : body), { kind: 'forged' }));
  }

  const invalid: [string, string][] = [
    ['not JSON', 'user_id=1&status=10'],
    ['empty', ''],
    ['a JSON string', JSON.stringify('hello')],
    ['null', 'null'],
    ['a number', '10'],
    ['an array', JSON.stringify([good])],
    ['no user_hash', JSON.stringify(signed({ user_id: 1, status: 10 }))],
    ['the same field twice in different case', JSON.stringify({ ...good, STATUS: '10' })],
    ['an object value', JSON.stringify({ ...good, status: { $gt: 0 } })],
    ['an array value', JSON.stringify({ ...good, autocheck_bad_reasons: ['pep'] })],
    ['a boolean value', JSON.stringify({ ...good, status: true })],
    ['a huge body', JSON.stringify({ ...good, padding: 'x'.repeat(CALLBACK_MAX_BYTES) })],
    ['a body just over the limit in UTF-8 bytes', JSON.stringify({ ...good, padding: 'é'.repeat(CALLBACK_MAX_BYTES / 2) })],
  ];
  for (const [name, text] of invalid) {
    it(`invalid: ${name}`, async () => assert.deepEqual(await judge(text), { kind: 'invalid' }));
  }

  it('a body at the limit is still read', () => {
    const text = JSON.stringify({ ...good, padding: '' });
    const padded = JSON.stringify({ ...good, padding: 'x'.repeat(CALLBACK_MAX_BYTES - text.length) });
    assert.equal(padded.length, CALLBACK_MAX_BYTES);
    assert.ok(readCallbackFields(padded));
  });

  it('refuses to work without SECRET2, since anyone could sign then', async () => {
    await assert.rejects(judge(signed(APPROVED, ''), ''), RangeError);
  });
});
