import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BASIS_REQUIRED_FIELDS,
  OPTIONAL_FIELDS,
  PAYLOAD_FIELDS,
  PHONE_CONTROLS,
  TEXT_CONTROLS,
} from '../../../src/form/fields.js';
import { baseCheckSchema } from '../../../src/form/schema.js';
import { INPUT_MAX_LENGTH } from '../../../src/form/safe-pattern.js';

test("the payload's fields are the schema's, in BASIS ID's order", () => {
  assert.deepEqual(PAYLOAD_FIELDS, Object.keys(baseCheckSchema().def.shape));
  assert.deepEqual(PAYLOAD_FIELDS, [
    'first_name', 'last_name', 'middle_name', 'email', 'phone', 'phone2', 'gender',
    'birthday_day', 'birthday_month', 'birthday_year', 'country_nationality', 'country_residence',
    'city', 'address', 'address2', 'zip', 'tax_identification_number',
  ]);
});

test('the optional fields an integrator may show', () => {
  assert.deepEqual(OPTIONAL_FIELDS, ['middle_name', 'phone2', 'gender', 'city', 'address', 'address2', 'zip', 'tax_identification_number']);
});

test('BASIS ID requires everything we do but the residence', () => {
  assert.deepEqual(BASIS_REQUIRED_FIELDS, [
    'first_name', 'last_name', 'email', 'phone', 'birthday_day', 'birthday_month', 'birthday_year', 'country_nationality',
  ]);
});

test('text controls carry their autocomplete token and length cap', () => {
  const tokens = Object.fromEntries(Object.entries(TEXT_CONTROLS).map(([name, c]) => [name, [c.autocomplete, c.maxlength]]));
  assert.deepEqual(tokens, {
    first_name: ['given-name', 100],
    last_name: ['family-name', 100],
    middle_name: ['additional-name', 100],
    email: ['email', 254],
    city: ['address-level2', 100],
    address: ['address-line1', 200],
    address2: ['address-line2', 200],
    zip: ['postal-code', 12],
    tax_identification_number: ['off', 50],
  });
});

test('each phone has its calling-code control; the second its own autofill section', () => {
  assert.deepEqual(PHONE_CONTROLS, [
    { name: 'phone', idd: 'phone_idd', section: '' },
    { name: 'phone2', idd: 'phone2_idd', section: 'section-phone2 ' },
  ]);
});

test("the tax ID control's cap is the longest input a Deriv pattern is judged on", () => {
  assert.equal(TEXT_CONTROLS.tax_identification_number.maxlength, INPUT_MAX_LENGTH);
});
