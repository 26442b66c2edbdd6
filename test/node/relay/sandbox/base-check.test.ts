/** The in-process BASIS ID simulator, alone and behind the relay. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRelay, createSandbox } from '../../../../src/relay/index.js';
import { captureLogs, post, VALID } from '../../helpers/relay.js';

const UPSTREAM = 'https://api.basisid.com/auth/base-check';

async function ask(sandbox: ReturnType<typeof createSandbox>, body: unknown) {
  const response = await sandbox(UPSTREAM, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, body: JSON.parse(await response.text()) as Record<string, unknown> };
}

describe('sandbox: answers like BASIS ID', () => {
  it('ok with a 64-hex user_hash, a numeric user_id and fake tokens', async () => {
    const sandbox = createSandbox();
    const { status, body } = await ask(sandbox, { key: 'k', ...VALID });
    assert.equal(status, 200);
    assert.equal(body.status, 'ok');
    assert.match(body.user_hash as string, /^[0-9a-f]{64}$/);
    assert.equal(typeof body.user_id, 'number');
    for (const token of ['api_access_token', 'api_refresh_token', 'blockchain_read_token']) {
      assert.match(body[token] as string, /^[0-9a-f]{48}$/);
    }
    const second = await ask(sandbox, { ...VALID, email: 'other@example.com', phone: '49-15100000000' });
    assert.notEqual(second.body.user_hash, body.user_hash);
    assert.equal(second.body.user_id, (body.user_id as number) + 1);
  });

  it('user:exists for an email (any case) or a phone seen before', async () => {
    const sandbox = createSandbox();
    await ask(sandbox, VALID);
    const sameEmail = await ask(sandbox, { ...VALID, email: VALID.email.toUpperCase(), phone: '49-15199999999' });
    assert.deepEqual(sameEmail.body, { status: 'bad', errors: ['user:exists'] });
    const samePhone = await ask(sandbox, { ...VALID, email: 'new@example.com' });
    assert.deepEqual(samePhone.body, { status: 'bad', errors: ['user:exists'] });
  });

  it('forgets the oldest people past maxUsers', async () => {
    const sandbox = createSandbox({ maxUsers: 2 });
    await ask(sandbox, VALID);
    await ask(sandbox, { ...VALID, email: 'b@example.com', phone: '49-15100000002' });
    assert.equal((await ask(sandbox, VALID)).body.status, 'ok');
  });

  it('empty:<field> codes, one error as a string like BASIS ID', async () => {
    const sandbox = createSandbox({ requiredFields: ['city'] });
    const one = await ask(sandbox, { ...VALID, city: 'Berlin', first_name: '' });
    assert.deepEqual(one.body, { status: 'bad', errors: 'empty:first_name' });
    const many = await ask(sandbox, { ...VALID, phone: 'x', birthday_month: '13' });
    assert.deepEqual(new Set(many.body.errors as string[]), new Set(['empty:phone', 'empty:birthday_month', 'empty:city']));
  });

  it('error:key for a wrong key when a key is configured; 400 for a body that is not JSON', async () => {
    const sandbox = createSandbox({ apiKey: 'right' });
    assert.deepEqual((await ask(sandbox, { ...VALID, key: 'wrong' })).body, { status: 'bad', errors: ['error:key'] });
    assert.equal((await ask(sandbox, { ...VALID, key: 'right' })).body.status, 'ok');
    assert.equal((await ask(sandbox, '{nope')).status, 400);
    assert.equal((await ask(sandbox, '[1]')).status, 400);
  });
});

describe('sandbox: behind the relay', () => {
  it('verifies, then refuses the same person', async () => {
    const relay = createRelay({ sandbox: true, logger: false, rateLimiter: false });
    const first = await relay(post(VALID));
    assert.equal(first.status, 200);
    const answer = (await first.json()) as Record<string, string>;
    assert.match(answer.userHash!, /^[0-9a-f]{64}$/);
    assert.match(answer.userId!, /^\d+$/);
    assert.deepEqual(Object.keys(answer).sort(), ['session', 'status', 'userHash', 'userId']);
    const again = await relay(post(VALID));
    assert.equal(again.status, 422);
    assert.deepEqual(await again.json(), { status: 'bad', errors: ['user:exists'] });
  });

  it('applies the relay`s required fields and checks its key', async () => {
    const relay = createRelay({ sandbox: true, requiredFields: ['zip'], logger: false, rateLimiter: false });
    assert.deepEqual(await (await relay(post(VALID))).json(), { status: 'bad', errors: ['empty:zip'] });
    const logs = captureLogs();
    const wrongKey = createRelay({ apiKey: 'mine', sandbox: { apiKey: 'theirs' }, logger: logs.logger, rateLimiter: false });
    assert.equal((await wrongKey(post(VALID))).status, 502);
    assert.equal(logs.entries[0]!.note, 'upstream-error-key');
  });
});
