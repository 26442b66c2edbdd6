import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Country } from '../../../src/deriv/residence-list.js';
import { withCallingCodes, withDefaultResidence } from '../../../src/form/residence.js';

const country = (value: string, phone_idd: string, extra: Partial<Country> = {}): Country =>
  ({ value, text: value.toUpperCase(), phone_idd, ...extra }) as Country;
const de = country('de', '49', { selected: 'selected' });
const gb = country('gb', '44');
const ir = country('ir', '98', { disabled: 'DISABLED' });
const countries = [de, gb, ir];

test('no countries: the values stay as they are', () => {
  assert.deepEqual(withDefaultResidence({}, []), {});
});

test("the detected country becomes the residence and fills both calling codes", () => {
  assert.deepEqual(withDefaultResidence({}, countries), { country_residence: 'de', phone_idd: '49', phone2_idd: '49' });
});

test('the residence attribute wins over detection, in any case', () => {
  assert.equal(withDefaultResidence({}, countries, 'GB').country_residence, 'gb');
});

test('a disabled country is never preselected', () => {
  assert.equal(withDefaultResidence({}, countries, 'ir').country_residence, 'de');
  assert.deepEqual(withDefaultResidence({}, [ir]), {});
});

test("a residence already chosen stays; its calling code fills empty ones only", () => {
  assert.deepEqual(withDefaultResidence({ country_residence: 'gb', phone_idd: '7' }, countries), {
    country_residence: 'gb',
    phone_idd: '7',
    phone2_idd: '44',
  });
});

test("calling codes follow the residence unless the person chose another one", () => {
  assert.deepEqual(withCallingCodes({ phone_idd: '49', phone2_idd: '7' }, de, gb), { phone_idd: '44', phone2_idd: '7' });
});
