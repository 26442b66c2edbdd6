import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SubmitController } from '../../../src/element/submit-controller.js';

/** A host without rendering that takes its controllers off the page and back on demand. */
function host(): ReactiveControllerHost & { reconnect(): void } {
  const controllers: ReactiveController[] = [];
  return {
    addController: (c) => void controllers.push(c),
    removeController: () => {},
    requestUpdate: () => {},
    updateComplete: Promise.resolve(true),
    reconnect: () => {
      for (const c of controllers) c.hostDisconnected?.();
      for (const c of controllers) c.hostConnected?.();
    },
  };
}

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

/**
 * fetch answers at once, but the body arrives only when `finish` is called, and ignores the
 * abort: an answer that was already on its way when the element left the page.
 */
function answerLater(answers: object[]) {
  const finishers: Array<() => void> = [];
  globalThis.fetch = async () => {
    const body = JSON.stringify(answers.shift());
    let finish!: () => void;
    const read = new Promise<string>((resolve) => (finish = () => resolve(body)));
    finishers.push(finish);
    return { status: 200, text: () => read } as Response;
  };
  return finishers;
}

test('a result of a submission superseded by a disconnect and reconnect never lands', async () => {
  const finishers = answerLater([{ status: 'ok', userHash: 'old', userId: '1' }]);
  const h = host();
  const submitter = new SubmitController(h);
  const first = submitter.submit('/relay', {});
  await new Promise((resolve) => setImmediate(resolve));
  h.reconnect();
  assert.equal(submitter.busy, false);
  finishers[0]!();
  assert.equal(await first, null);
});

test("a superseded submission's end does not end the newer one", async () => {
  const finishers = answerLater([
    { status: 'ok', userHash: 'old', userId: '1' },
    { status: 'ok', userHash: 'new', userId: '2' },
  ]);
  const h = host();
  const submitter = new SubmitController(h);
  const first = submitter.submit('/relay', {});
  await new Promise((resolve) => setImmediate(resolve));
  h.reconnect();
  const second = submitter.submit('/relay', {});
  await new Promise((resolve) => setImmediate(resolve));
  finishers[0]!();
  assert.equal(await first, null);
  assert.equal(submitter.busy, true, 'the newer submission is still in flight');
  finishers[1]!();
  assert.deepEqual(await second, { kind: 'ok', userHash: 'new', userId: '2' });
  assert.equal(submitter.busy, false);
});

test('a submission while one is in flight sends nothing', async () => {
  const finishers = answerLater([{ status: 'ok', userHash: 'h', userId: '1' }]);
  const submitter = new SubmitController(host());
  const first = submitter.submit('/relay', {});
  assert.equal(await submitter.submit('/relay', {}), null);
  await new Promise((resolve) => setImmediate(resolve));
  finishers[0]!();
  assert.deepEqual(await first, { kind: 'ok', userHash: 'h', userId: '1' });
});
