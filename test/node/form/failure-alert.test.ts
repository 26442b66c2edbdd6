import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failureView } from '../../../src/form/failure-alert.js';

const shown = (name: string) => ['first_name', 'email', 'phone'].includes(name);

test('codes of shown controls go to their controls, the first per control', () => {
  assert.deepEqual(failureView(['empty:first_name', 'invalid:first_name', 'empty:email'], 422, shown), {
    fieldErrors: { first_name: 'empty:first_name', email: 'empty:email' },
    alert: 'alert.fix',
  });
});

test('a code for a control the form does not show is form-level', () => {
  assert.deepEqual(failureView(['empty:city'], 422, shown), { fieldErrors: {}, alert: 'alert.failed' });
});

const alerts: Array<[string, string[], number | null, string]> = [
  ['user exists', ['user:exists'], 200, 'alert.user:exists'],
  ['network down', ['network:unreachable'], null, 'alert.network'],
  ['timed out', ['network:timeout'], null, 'alert.network'],
  ['rate limited', ['request:rate_limited'], 429, 'alert.rate_limited'],
  ['refused request', ['request:origin'], 403, 'alert.rejected'],
  ['forbidden without a code', [], 403, 'alert.rejected'],
  ['upstream down', ['upstream:unavailable'], 502, 'alert.unavailable'],
  ['relay error', ['relay:invalid_answer'], 200, 'alert.unavailable'],
  ['server error without a code', [], 500, 'alert.unavailable'],
  ['unknown refusal', ['error:key'], 422, 'alert.failed'],
];
for (const [name, codes, status, alert] of alerts) {
  test(`alert for ${name}`, () => assert.equal(failureView(codes, status, shown).alert, alert));
}

test('user:exists wins over field errors in the alert', () => {
  assert.equal(failureView(['empty:email', 'user:exists'], 200, shown).alert, 'alert.user:exists');
});
