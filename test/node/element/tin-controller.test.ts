import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Country } from '../../../src/deriv/residence-list.js';
import { TinController } from '../../../src/element/tin-controller.js';
import { countingHost } from './counting-host.js';

const DE: Country = { text: 'Germany', value: 'de', tin_format: ['^\\d{11}$'] };
const NO_FORMATS: Country = { text: 'Aland Islands', value: 'ax' };

// One file, one process: the checker module is loaded once, so the order of these tests matters.
test('the checker is not loaded while the tax ID is hidden or the residence has no formats', () => {
  const h = countingHost();
  const tin = new TinController(h);
  assert.equal(tin.matcher(['city'], DE), undefined);
  assert.equal(tin.matcher(['tax_identification_number'], NO_FORMATS), undefined);
  assert.equal(tin.matcher(['tax_identification_number'], undefined), undefined);
  assert.equal(tin.pending(), undefined, 'nothing for a submit to wait for');
});

test('the tax ID shown for a residence with formats loads the checker once, then the host re-renders', async () => {
  const h = countingHost();
  const tin = new TinController(h);
  assert.equal(tin.matcher(['tax_identification_number'], DE), undefined);
  const pending = tin.pending();
  assert.ok(pending, 'a submit waits for the load');
  tin.matcher(['tax_identification_number'], DE);
  await pending;
  assert.equal(h.updates, 1);
  const matches = tin.matcher(['tax_identification_number'], DE);
  assert.equal(matches?.('12345678901', DE.tin_format!), true);
  assert.equal(tin.pending(), undefined, 'loaded: nothing left to wait for');
});
