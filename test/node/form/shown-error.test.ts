import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shownError, type ErrorState } from '../../../src/form/shown-error.js';

const base: ErrorState = {
  serverErrors: {},
  touched: new Set(),
  submitted: false,
  check: { ok: false, errors: ['empty:first_name', 'invalid:email'] },
};

test('an untouched control shows no error of ours before a submit', () => {
  assert.equal(shownError('first_name', base), undefined);
});

test('a touched control shows its first error', () => {
  assert.equal(shownError('email', { ...base, touched: new Set(['email']) }), 'invalid:email');
  assert.equal(shownError('first_name', { ...base, touched: new Set(['email']) }), undefined);
});

test('after a submit every control shows its error', () => {
  assert.equal(shownError('first_name', { ...base, submitted: true }), 'empty:first_name');
  assert.equal(shownError('last_name', { ...base, submitted: true }), undefined);
});

test("the relay's verdict shows even on an untouched control, and wins over ours", () => {
  const serverErrors = { email: 'empty:email' };
  assert.equal(shownError('email', { ...base, serverErrors }), 'empty:email');
  assert.equal(shownError('email', { ...base, serverErrors, submitted: true }), 'empty:email');
  assert.equal(shownError('email', { ...base, serverErrors, check: { ok: true, data: {} as never } }), 'empty:email');
});
