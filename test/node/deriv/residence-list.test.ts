import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { countrySchema, parseCountries } from '../../../src/deriv/residence-list.js';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/residence_list.json', import.meta.url), 'utf8'));
const germany = fixture.residence_list.find((c: { value: string }) => c.value === 'de');

test('the recorded list parses whole, hints included', () => {
  const countries = parseCountries(fixture.residence_list)!;
  assert.equal(countries.length, 249);
  const de = countries.find((c) => c.value === 'de')!;
  assert.deepEqual(de.tin_format, germany.tin_format);
  assert.deepEqual(de.identity, germany.identity);
  assert.deepEqual(de.common_reporting_standard, germany.common_reporting_standard);
});

test('a malformed hint is dropped, the country kept; a malformed name, code or calling code drops the country', () => {
  const base = { text: 'Xland', value: 'xx' };
  const malformedHints = [
    { tin_format: '^\\d$' },
    { tin_format: [1] },
    { identity: 'x' },
    { identity: { services: { idv: { is_country_supported: 2 } } } },
    { identity: { services: { onfido: { documents_supported: { passport: { display_name: 7 } } } } } },
    { identity: { services: { idv: { documents_supported: [null] } } } },
    { common_reporting_standard: { tax: { tin_format: 'x' } } },
    { common_reporting_standard: null },
  ];
  for (const hint of malformedHints) {
    assert.deepEqual(parseCountries([{ ...base, ...hint }]), [base], JSON.stringify(hint));
    assert.equal(countrySchema.safeParse({ ...base, ...hint }).success, false, `the schema alone refuses ${JSON.stringify(hint)}`);
  }
  const good = {
    ...base,
    phone_idd: null,
    tin_format: ['^\\d$'],
    identity: { services: { idv: { is_country_supported: 1, documents_supported: { passport: { display_name: 'Passport' } } } } },
    common_reporting_standard: { tax: { tin_format: ['^x$'] } },
  };
  assert.deepEqual(parseCountries([good]), [good]);
  for (const bad of [{ text: '' }, { value: 'XX' }, { phone_idd: 5 }, { disabled: 1 }]) {
    assert.deepEqual(parseCountries([{ ...base, ...bad }]), [], JSON.stringify(bad));
  }
});
