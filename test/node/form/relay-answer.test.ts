import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INVALID_ANSWER, relayOutcome as outcome } from '../../../src/form/relay-answer.js';

test('ok carries the user and, when the relay opened one, the session for the verification steps', () => {
  assert.deepEqual(outcome(200, { status: 'ok', userHash: 'h', userId: 7, session: 's.1' }), {
    kind: 'ok',
    userHash: 'h',
    userId: '7',
    session: 's.1',
  });
  assert.deepEqual(outcome(200, { status: 'ok', userHash: 'h', userId: '7' }), { kind: 'ok', userHash: 'h', userId: '7' });
});

test('bad and error keep their codes (one string or a list) and the HTTP status', () => {
  assert.deepEqual(outcome(422, { status: 'bad', errors: 'empty:email' }), { kind: 'bad', errors: ['empty:email'], status: 422 });
  assert.deepEqual(outcome(502, { status: 'error', errors: ['upstream:timeout'] }), {
    kind: 'error',
    errors: ['upstream:timeout'],
    status: 502,
  });
});

test('a refusal without codes still says which kind it was', () => {
  assert.deepEqual(outcome(200, { status: 'bad' }), {
    kind: 'bad',
    errors: ['relay:bad'],
    status: 200,
  });
  assert.deepEqual(outcome(500, { status: 'error', errors: [] }), { kind: 'error', errors: ['relay:error'], status: 500 });
});

test('anything else is an invalid answer', () => {
  for (const body of [null, 'ok', { status: 'ok' }, { status: 'maybe' }, []]) {
    assert.deepEqual(outcome(200, body), { kind: 'error', errors: [INVALID_ANSWER], status: 200 });
  }
});
