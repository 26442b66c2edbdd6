import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorMessage, shownError, type ErrorState } from '../../../src/form/shown-error.js';
import { en } from '../../../src/i18n/en.js';
import { translator } from '../../../src/i18n/index.js';

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

describe('the text of an error code', () => {
  const t = translator('en');

  test('its own message, else its kind’s', () => {
    assert.equal(errorMessage(t, 'too_young:birthday_year', 18), 'You must be at least 18 years old.');
    assert.equal(errorMessage(t, 'empty:first_name', undefined), en['error.empty']);
  });

  test('a kind the tables do not know shows the field’s "invalid" message, or the generic one, never a raw key', () => {
    assert.equal(errorMessage(t, 'error:first_name', undefined), en['error.invalid:first_name']);
    assert.equal(errorMessage(t, 'error:city', undefined), en['error.invalid']);
    assert.equal(errorMessage(t, 'not a code', undefined), en['error.invalid']);
  });
});
