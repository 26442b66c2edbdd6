/**
 * The steps sandbox, driven by the relay's own forwarder (sendStep): it knows the users the
 * base-check sandbox created, answers like BASIS ID, and sends itself signed callbacks that the
 * relay's callback check accepts.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createStepsSandbox, type StepsSandbox } from '../../../../src/relay/sandbox/steps.js';
import { sendStep } from '../../../../src/relay/core/steps-upstream.js';
import { judgeCallback } from '../../../../src/relay/core/callback.js';
import type { Upload } from '../../../../src/relay/core/read-upload.js';

const JPEG = readFileSync(new URL('../../../fixtures/files/photo.jpg', import.meta.url));
const BASIS = 'https://api.basisid.com/auth/base-check';
const USER = { userHash: 'ab'.repeat(32), userId: '100001', lastName: 'Doe' };
const upload = (bytes: Uint8Array<ArrayBuffer> = JPEG): Upload => ({ kind: 'jpeg', side: 1, file: new Blob([bytes], { type: 'image/jpeg' }) });

let sandboxes: StepsSandbox[] = [];
afterEach(() => {
  sandboxes.forEach((sandbox) => sandbox.close());
  sandboxes = [];
});

/** A sandbox whose callbacks are collected; `next()` waits for the next one. */
function sandboxWithInbox(options: { secret2?: string; callbackDelayMs?: number } = {}) {
  const inbox: string[] = [];
  let wake: () => void = () => {};
  const sandbox = createStepsSandbox({
    callbackDelayMs: 10,
    ...options,
    sendCallback: (body) => {
      inbox.push(body);
      wake();
    },
  });
  sandboxes.push(sandbox);
  const next = async () => {
    while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return inbox.shift()!;
  };
  return { sandbox, inbox, next };
}
const send = (sandbox: StepsSandbox, step: 'document' | 'selfie' | 'address-proof', session = USER, file = upload()) =>
  sendStep({ fetch: sandbox.fetch, basisUrl: BASIS, timeoutMs: 2000, session, step, upload: file });

describe('steps sandbox', () => {
  it('accepts each step for a user it knows, and sends an approved callback the relay verifies', async () => {
    const { sandbox, next } = sandboxWithInbox({ secret2: 'configured-secret-two' });
    sandbox.rememberUser(USER);
    for (const step of ['document', 'selfie', 'address-proof'] as const) assert.deepEqual(await send(sandbox, step), { kind: 'ok' });
    const judged = await judgeCallback(await next(), 'configured-secret-two');
    assert.deepEqual(judged, {
      kind: 'verified',
      userHash: USER.userHash,
      userId: USER.userId,
      signature: (judged as { signature: string }).signature,
      verdict: { verdict: 'approved', reasons: [] },
    });
  });

  for (const lastName of ['declined', 'DECLINED', ' Declined ']) {
    it(`declines a person whose last name is ${JSON.stringify(lastName)}`, async () => {
      const { sandbox, next } = sandboxWithInbox();
      sandbox.rememberUser({ ...USER, lastName });
      await send(sandbox, 'selfie');
      const judged = await judgeCallback(await next(), sandbox.secret2);
      assert.equal(judged.kind, 'verified');
      assert.deepEqual((judged as { verdict: unknown }).verdict, { verdict: 'declined', reasons: ['black_list'] });
    });
  }

  it('signs with a random per-process secret when none is set', async () => {
    const one = sandboxWithInbox();
    const two = sandboxWithInbox();
    assert.notEqual(one.sandbox.secret2, two.sandbox.secret2);
    assert.ok(one.sandbox.secret2.length >= 32);
    one.sandbox.rememberUser(USER);
    await send(one.sandbox, 'selfie');
    const body = await one.next();
    assert.equal((await judgeCallback(body, one.sandbox.secret2)).kind, 'verified');
    assert.equal((await judgeCallback(body, two.sandbox.secret2)).kind, 'forged');
  });

  it('answers 404 (the relay: session) for a user it does not know or a wrong check_id, and sends nothing', async () => {
    const { sandbox, inbox } = sandboxWithInbox();
    sandbox.rememberUser(USER);
    assert.deepEqual(await send(sandbox, 'selfie', { ...USER, userHash: 'cd'.repeat(32) }), { kind: 'session' });
    assert.deepEqual(await send(sandbox, 'selfie', { ...USER, userId: '100002' }), { kind: 'session' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(inbox, []);
  });

  it('answers 400 (the relay: invalid file) for an empty file', async () => {
    const { sandbox } = sandboxWithInbox();
    sandbox.rememberUser(USER);
    assert.deepEqual(await send(sandbox, 'selfie', USER, upload(new Uint8Array())), { kind: 'invalid-file' });
  });

  it('answers 400 for a document without a valid step, and 404 for other paths or methods', async () => {
    const { sandbox } = sandboxWithInbox();
    sandbox.rememberUser(USER);
    const form = new FormData();
    form.append('user_hash', USER.userHash);
    form.append('check_id', USER.userId);
    form.append('file', new Blob([JPEG]));
    form.append('step', '3');
    assert.equal((await sandbox.fetch('https://api.basisid.com/auth/send-document', { method: 'POST', body: form })).status, 400);
    assert.equal((await sandbox.fetch('https://api.basisid.com/auth/send-video', { method: 'POST', body: form })).status, 404);
    assert.equal((await sandbox.fetch('https://api.basisid.com/auth/send-image')).status, 404);
    assert.equal((await sandbox.fetch('https://api.basisid.com/auth/send-image', { method: 'POST', body: 'x' })).status, 400);
  });

  it('close() cancels the callbacks not sent yet', async () => {
    const { sandbox, inbox } = sandboxWithInbox({ callbackDelayMs: 30 });
    sandbox.rememberUser(USER);
    await send(sandbox, 'selfie');
    sandbox.close();
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.deepEqual(inbox, []);
  });

  it('forgets the oldest users past maxUsers', async () => {
    const sandbox = createStepsSandbox({ maxUsers: 1, callbackDelayMs: 10, sendCallback: () => {} });
    sandboxes.push(sandbox);
    sandbox.rememberUser(USER);
    sandbox.rememberUser({ ...USER, userHash: 'cd'.repeat(32) });
    assert.deepEqual(await send(sandbox, 'selfie'), { kind: 'session' });
  });

  it('a failing delivery is ignored (no unhandled rejection)', async () => {
    let attempted: () => void = () => {};
    const attempt = new Promise<void>((resolve) => (attempted = resolve));
    const sandbox = createStepsSandbox({
      callbackDelayMs: 5,
      sendCallback: async () => {
        attempted();
        throw new Error('relay down');
      },
    });
    sandboxes.push(sandbox);
    sandbox.rememberUser(USER);
    await send(sandbox, 'selfie');
    await attempt;
    // An unhandled rejection would fail this test file; give it the turn to surface.
    await new Promise((resolve) => setImmediate(resolve));
  });
});
