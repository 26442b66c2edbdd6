import { test } from 'node:test';
import fc from 'fast-check';
import * as z from 'zod/mini';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkBaseCheck, type CheckContext } from '../../../src/form/schema.js';
import { PERSON_PAYLOAD } from '../../fixtures/person.js';
import { parseCountries, type Country } from '../../../src/deriv/residence-list.js';
import { toPayload, toFormValues } from '../../../src/form/payload.js';
import { issueCodes, normalizeErrors, parseCode } from '../../../src/form/errors.js';
import { matchesTin } from '../../../src/form/tin.js';
import { isSafePattern, PATTERN_MAX_LENGTH } from '../../../src/form/safe-pattern.js';
import { parseFieldList } from '../../../src/form/fields.js';
import { baseCheckSchema as publicSchema, checkBaseCheck as publicCheck } from '../../../src/schema-entry.js';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/residence_list.json', import.meta.url), 'utf8'));
const countries = parseCountries(fixture.residence_list) as Country[];
const today = new Date(2026, 10, 22);

const valid = PERSON_PAYLOAD;

const errorsOf = (input: unknown, ctx: CheckContext = {}) => {
  const result = checkBaseCheck(input, { today, matchTin: matchesTin, ...ctx });
  return result.ok ? [] : result.errors;
};

test('accepts a complete request and normalises it', () => {
  const result = checkBaseCheck(
    { ...valid, first_name: '  Zoë ', birthday_day: '05', country_residence: 'de', key: 'stolen', extra: 1 },
    { countries, today },
  );
  assert.ok(result.ok);
  assert.equal(result.data.first_name, 'Zoë');
  assert.equal(result.data.birthday_day, '5');
  assert.equal(result.data.country_residence, 'DE');
  assert.equal('key' in result.data, false, 'a client key is dropped');
  assert.equal('extra' in result.data, false, 'unknown fields are dropped');
});

const accepted: Array<[string, Record<string, unknown>]> = [
  ['Chinese name', { first_name: '李', last_name: '小龙' }],
  ['Arabic name', { first_name: 'محمد', last_name: 'عبد الله' }],
  ['Persian name with ZWNJ', { first_name: 'می\u200cخواهم' }],
  ['apostrophe and hyphen', { last_name: "O'Neil-Smith" }],
  ['initial with period', { middle_name: 'J.' }],
  ['Cyrillic', { first_name: 'Анна', last_name: 'Ковалёва' }],
  ['long calling code', { phone: '35818-1234567' }],
  ['15 digits in all', { phone: '1-23456789012345' }],
  ['second phone', { phone2: '44-7911123456' }],
  ['gender other', { gender: 2 }],
  ['29 February of a leap year', { birthday_day: '29', birthday_month: '2', birthday_year: '2000' }],
  ['oldest year', { birthday_year: '1917' }],
  ['Hindi name with ZWJ', { first_name: 'क्\u200dष' }],
  ['four combining marks on a letter', { last_name: 'Zo\u0308\u0301\u0300\u0302e' }],
  ['Korean name', { first_name: '민준', last_name: '김' }],
  ['address with unicode', { city: 'São Paulo', address: 'Rua Augusta, 1500 — ap. 12', zip: '01304-001' }],
  ['empty optional fields', { middle_name: '', city: '', zip: '', phone2: '' }],
];
for (const [label, change] of accepted) {
  test(`accepts: ${label}`, () => assert.deepEqual(errorsOf({ ...valid, ...change }, { countries }), []));
}

/** Invisible and format characters, lone surrogates, line and paragraph separators. */
const hiddenCharacters: Array<[string, string]> = [
  ['zero-width space', '\u200b'],
  ['BOM', '\ufeff'],
  ['left-to-right mark', '\u200e'],
  ['right-to-left mark', '\u200f'],
  ['Arabic letter mark', '\u061c'],
  ['line separator', '\u2028'],
  ['paragraph separator', '\u2029'],
  ['lone high surrogate', '\ud800'],
  ['lone low surrogate', '\udc00'],
  ['soft hyphen', '\u00ad'],
  ['word joiner', '\u2060'],
  ['Hangul filler', '\u3164'],
  ['variation selector', '\ufe0f'],
];

const refused: Array<[string, Record<string, unknown>, string[], CheckContext?]> = [
  ['missing first name', { first_name: undefined }, ['empty:first_name']],
  ['blank first name', { first_name: '   ' }, ['empty:first_name']],
  ['digits in a name', { last_name: 'Smith2' }, ['invalid:last_name']],
  ['control character in a name', { first_name: 'Zo\u0007e' }, ['invalid:first_name']],
  ['name over 100 characters', { first_name: 'a'.repeat(101) }, ['invalid:first_name']],
  ['email without domain', { email: 'zoe@' }, ['invalid:email']],
  ['email with spaces', { email: 'zo e@example.com' }, ['invalid:email']],
  ['phone without separator', { phone: '79181234567' }, ['invalid:phone']],
  ['phone with letters', { phone: '7-918abc4567' }, ['invalid:phone']],
  ['phone too short', { phone: '7-123' }, ['invalid:phone']],
  ['phone over 15 digits', { phone: '44-12345678901234' }, ['invalid:phone']],
  ['missing phone', { phone: undefined }, ['empty:phone']],
  ['gender out of range', { gender: 3 }, ['invalid:gender']],
  ['gender as text', { gender: 'female' }, ['invalid:gender']],
  ['30 February', { birthday_day: '30', birthday_month: '2' }, ['invalid:birthday_day']],
  ['29 February of a common year', { birthday_day: '29', birthday_month: '2', birthday_year: '2001' }, ['invalid:birthday_day']],
  ['day 32', { birthday_day: '32' }, ['invalid:birthday_day']],
  ['month 13', { birthday_month: '13' }, ['invalid:birthday_month']],
  ['year before 1917', { birthday_year: '1916' }, ['invalid:birthday_year']],
  ['year after this one', { birthday_year: '2027' }, ['invalid:birthday_year']],
  ['later this year', { birthday_day: '1', birthday_month: '12', birthday_year: '2026' }, ['future:birthday_year']],
  ['numeric birthday parts', { birthday_day: 5 }, ['invalid:birthday_day']],
  // A missing part (the element omits empty ones) is named as missing, not as a date that does not exist.
  ['missing birth day', { birthday_day: undefined }, ['empty:birthday_day']],
  ['missing birth month', { birthday_month: undefined }, ['empty:birthday_month']],
  ['missing birth year', { birthday_year: undefined }, ['empty:birthday_year']],
  ['blank birth year', { birthday_year: '' }, ['empty:birthday_year']],
  ['17 years old with min-age 18', { birthday_day: '23', birthday_month: '11', birthday_year: '2008' }, ['too_young:birthday_year'], { minAge: 18 }],
  ['lower-case-only junk country', { country_nationality: 'R' }, ['invalid:country_nationality']],
  ['country not in the list', { country_nationality: 'XX' }, ['invalid:country_nationality']],
  ['disabled residence', { country_residence: 'US' }, ['not_allowed:country_residence']],
  ['bidi override in an address', { address: 'Main St \u202e1' }, ['invalid:address']],
  ['zip with symbols', { zip: '12$45' }, ['invalid:zip']],
  ...hiddenCharacters.flatMap(([label, char]): typeof refused => [
    [`${label} in a name`, { first_name: `Zo${char}e` }, ['invalid:first_name']],
    [`${label} in a middle name`, { middle_name: `J${char}J` }, ['invalid:middle_name']],
    [`${label} in a city`, { city: `Ber${char}lin` }, ['invalid:city']],
    [`${label} in an address`, { address: `Main${char} St 1` }, ['invalid:address']],
    [`${label} in a zip`, { zip: `10${char}115` }, ['invalid:zip']],
    [`${label} in a tax ID`, { country_residence: 'AU', tax_identification_number: `12${char}34` }, ['invalid:tax_identification_number']],
  ]),
  ['ZWJ in an address', { address: 'Main\u200d St 1' }, ['invalid:address']],
  ['ZWNJ at the end of a name', { last_name: 'Smith\u200c' }, ['invalid:last_name']],
  ['five combining marks in a row in a name', { first_name: `Zo${'\u0308'.repeat(5)}e` }, ['invalid:first_name']],
  ['99 combining marks in an address', { address: `Main St 1${'\u0301'.repeat(99)}` }, ['invalid:address']],
  ['a name of Hangul fillers only', { first_name: '\u3164\u3164' }, ['invalid:first_name']],
  ['a name of a combining mark only', { last_name: '\u0301' }, ['invalid:last_name']],
  ['a middle name of Hangul fillers only', { middle_name: '\u3164' }, ['invalid:middle_name']],
  ['required city left empty', { city: '' }, ['empty:city'], { requiredFields: ['city', 'address'] }],
];
for (const [label, change, codes, ctx] of refused) {
  test(`refuses: ${label}`, () => {
    const errors = errorsOf({ ...valid, address: 'Main St 1', ...change }, { countries, ...ctx });
    assert.deepEqual(errors, codes);
  });
}

test('exactly 18 today passes min-age 18; a day younger does not', () => {
  assert.deepEqual(errorsOf({ ...valid, birthday_day: '22', birthday_month: '11', birthday_year: '2008' }, { minAge: 18 }), []);
  assert.deepEqual(
    errorsOf({ ...valid, birthday_day: '23', birthday_month: '11', birthday_year: '2008' }, { minAge: 18 }),
    ['too_young:birthday_year'],
  );
});

test('every problem is reported at once, one code per field', () => {
  assert.deepEqual(errorsOf({}), [
    'empty:first_name',
    'empty:last_name',
    'empty:email',
    'empty:phone',
    'empty:birthday_day',
    'empty:birthday_month',
    'empty:birthday_year',
    'empty:country_nationality',
    'empty:country_residence',
  ]);
  assert.deepEqual(errorsOf({ ...valid, first_name: '', birthday_day: '31', birthday_month: '4' }, { countries }), [
    'empty:first_name',
    'invalid:birthday_day',
  ]);
});

test('a field that is not text is refused without holding back the rules across fields', () => {
  // A relay gets any JSON: a number where text belongs is one more problem, reported with the rest.
  assert.deepEqual(errorsOf({ ...valid, first_name: 5, last_name: null, birthday_day: '31', birthday_month: '4' }, { countries }), [
    'invalid:first_name',
    'empty:last_name',
    'invalid:birthday_day',
  ]);
  // A date part that is not text is no date to judge.
  assert.deepEqual(errorsOf({ ...valid, birthday_day: '31', birthday_month: 2 }, { countries }), ['invalid:birthday_month']);
});

test('a body that is not an object is refused, not thrown', () => {
  for (const input of [null, 42, 'text', [], true]) assert.notDeepEqual(errorsOf(input), []);
});

test('without a country list only the code shape is checked', () => {
  assert.deepEqual(errorsOf({ ...valid, country_residence: 'US' }), []);
});

test('tax ID must match the residence format when it has one', () => {
  const albania = { ...valid, country_residence: 'AL' };
  assert.deepEqual(errorsOf({ ...albania, tax_identification_number: 'A12345678B' }, { countries }), []);
  assert.deepEqual(errorsOf({ ...albania, tax_identification_number: '12345' }, { countries }), [
    'invalid:tax_identification_number',
  ]);
  // Australia has no pattern in the recorded list: any tidy value passes.
  assert.equal(countries.find((c) => c.value === 'au')?.tin_format, undefined);
  assert.deepEqual(errorsOf({ ...valid, country_residence: 'AU', tax_identification_number: 'anything-1' }, { countries }), []);
});

test('without the tax ID checker, a tax ID for a residence with formats is refused, never passed unjudged', () => {
  const albania = { ...valid, country_residence: 'AL', tax_identification_number: 'A12345678B' };
  assert.deepEqual(errorsOf(albania, { countries, matchTin: undefined }), ['invalid:tax_identification_number']);
  // A residence without formats needs no checker.
  assert.deepEqual(errorsOf({ ...albania, country_residence: 'AU' }, { countries, matchTin: undefined }), []);
});

test('kyc-signup/schema judges tax IDs without being handed the checker', () => {
  const albania = { ...valid, country_residence: 'AL' };
  const errors = (tin: string) => {
    const result = publicCheck({ ...albania, tax_identification_number: tin }, { countries, today });
    return result.ok ? [] : result.errors;
  };
  assert.deepEqual(errors('A12345678B'), []);
  assert.deepEqual(errors('12345'), ['invalid:tax_identification_number']);
  assert.equal(publicSchema({ countries, today }).safeParse({ ...albania, tax_identification_number: '12345' }).success, false);
});

test('tax ID patterns: bad patterns skipped, input capped, both sources read', () => {
  assert.equal(matchesTin('abc', ['(unclosed', '^abc$']), true);
  assert.equal(matchesTin('abd', ['(unclosed', '^abc$']), false);
  assert.equal(matchesTin('anything', ['(unclosed']), true, 'no usable pattern means no constraint');
  assert.equal(matchesTin('a'.repeat(51), ['^a+$']), false);
  // Exponential backtracking shapes are skipped rather than run (run, this input would hang).
  assert.equal(matchesTin(`${'a'.repeat(40)}!`, ['^(a+)+$']), true);
  assert.equal(matchesTin('x', ['^(\\d*x?){2,}$', '^\\d{3}$']), false, 'the safe pattern still applies');
  const crs = [{ text: 'X', value: 'xx', common_reporting_standard: { tax: { tin_format: ['^\\d{3}$'] } } }] as Country[];
  assert.deepEqual(errorsOf({ ...valid, country_nationality: 'XX', country_residence: 'XX', tax_identification_number: '12' }, { countries: crs }), [
    'invalid:tax_identification_number',
  ]);
});

const safeShapes: string[] = [
  '^\\d{9}$',
  '^(\\d{11}|\\d{14})$', // alternation in a group that is not repeated
  '^(?:GHA)-[0-9]{8,9}-[0-9]{1}$',
  '^[01239]\\d{3}\\/?\\d{3}\\/?\\d{3}$',
  '^(?:[A-Z]\\d)+$', // a repeated group of single characters
  '^(?=\\d{3})\\d+$', // a lookahead, not repeated
  '^[(|+*]+$', // a class holding group, alternation and quantifier characters
  '^(\\(\\d\\))+$', // escaped parentheses are characters, not groups
  '^(a\\|b)+$', // an escaped bar is a character, not an alternation
  '^(x[)]+)$', // a class closing parenthesis does not close the group
  '^\\d{2,}x?$', // variable quantifiers, not in a group, few choices
  '^a{,3}$', // not a count without the u flag: literal braces
  '^[]a[^]$',
  '^(\\d)\\0$', // \0 is the NUL character, not a backreference
];
const unsafeShapes: Array<[string, string]> = [
  ['^((\\d)+)+$', 'a quantifier inside a repeated group, at depth two'],
  ['^(\\d|\\d)+$', 'an alternation inside a repeated group'],
  ['^(a+)+$', 'nested plus'],
  ['^(\\d*x?){2,}$', 'quantifiers inside a repeated group'],
  ['^(\\d{2})+$', 'a count inside a repeated group'],
  ['^(a|b){5}$', 'an alternation repeated a fixed number of times'],
  ['^(?:x(?:y|z))*$', 'an alternation deeper down in a repeated group'],
  ['^(x(y(z+)))?$', 'a quantifier three groups down in an optional group'],
  ['^(?:(?=a+)a)+$', 'a quantifier inside a lookahead in a repeated group'],
  ['^(a+?)+?$', 'lazy quantifiers are quantifiers'],
  ['^[(](a+)+$', 'a class does not hide what follows it'],
  ['^\\((a+)+\\)$', 'escaped parentheses do not hide a real group'],
  ['^(\\d+)\\1$', 'a backreference'],
  ['^(?<n>\\d)\\k<n>$', 'a named backreference'],
  ['^\\d*\\d*$', 'stacked variable quantifiers: their choices multiply'],
  [`^${'(1|1)'.repeat(9)}$`, 'a chain of alternations: their choices multiply'],
  ['^(20|23|24|25|26|27|30|33)\\d{1,40}$', 'many branches times many lengths'],
  ['^(\\d+$', 'an unclosed group'],
  ['^\\d+)$', 'an unopened group'],
  [`^${'a'.repeat(PATTERN_MAX_LENGTH)}$`, 'too long'],
];

test('tax ID patterns: the safe subset accepts plain shapes', () => {
  for (const pattern of safeShapes) assert.equal(isSafePattern(pattern), true, pattern);
});

test('tax ID patterns: the safe subset refuses shapes that backtrack badly', () => {
  for (const [pattern, why] of unsafeShapes) assert.equal(isSafePattern(pattern), false, `${pattern}: ${why}`);
  // A refused pattern is not run (a value it would refuse passes); a safe one beside it still applies.
  for (const [pattern] of unsafeShapes) assert.equal(matchesTin('1!', [pattern]), true, pattern);
  assert.equal(matchesTin('1!', ['^((\\d)+)+$', '^\\d{3}$']), false);
});

test('tax ID patterns: every recorded Deriv pattern is in the safe subset', () => {
  const recorded = fixture.residence_list.flatMap((c: { tin_format?: string[] }) => c.tin_format ?? []) as string[];
  assert.equal(recorded.length, 98);
  assert.deepEqual(recorded.filter((pattern) => !isSafePattern(pattern)), []);
});

test('form values become the payload: cleaned phone, numbers, upper-case countries, empties omitted', () => {
  const payload = toPayload(
    {
      first_name: ' Zoë ',
      last_name: 'Ōkubo',
      middle_name: '  ',
      email: 'zoe@example.com',
      phone_idd: '+7',
      phone: '(918) 123-45 67',
      phone2_idd: '44',
      phone2: '',
      gender: '1',
      birthday_day: '5',
      birthday_month: '2',
      birthday_year: '1990',
      country_nationality: 'ru',
      country_residence: 'de',
      city: 'Berlin',
      zip: '10115',
      tax_identification_number: 'hidden',
    },
    ['middle_name', 'phone2', 'gender', 'city', 'zip'],
  );
  assert.deepEqual(payload, {
    first_name: 'Zoë',
    last_name: 'Ōkubo',
    email: 'zoe@example.com',
    birthday_day: '5',
    birthday_month: '2',
    birthday_year: '1990',
    country_nationality: 'RU',
    country_residence: 'DE',
    phone: '7-9181234567',
    gender: 1,
    city: 'Berlin',
    zip: '10115',
  });
});

test('prefill values become control values', () => {
  assert.deepEqual(toFormValues({ phone: '7-9181234567', gender: 1, country_residence: 'DE', first_name: 'Ann' }), {
    phone_idd: '7',
    phone: '9181234567',
    gender: '1',
    country_residence: 'de',
    first_name: 'Ann',
  });
});

test('error codes: parsing, BASIS shapes, issues', () => {
  assert.deepEqual(parseCode('empty:first_name'), { kind: 'empty', field: 'first_name' });
  assert.equal(parseCode('<img src=x>'), null);
  assert.deepEqual(normalizeErrors('user:exists'), ['user:exists']);
  assert.deepEqual(normalizeErrors(['empty:email', 3, '']), ['empty:email']);
  assert.deepEqual(normalizeErrors(undefined), []);
  assert.deepEqual(issueCodes([], {}), []);
});

test('field lists ignore unknown words', () => {
  assert.deepEqual(parseFieldList(' city  zip key <b> '), ['city', 'zip']);
  assert.deepEqual(parseFieldList(null), []);
});

test('email: the same rule as zod\'s z.email(), checked as a plain pattern', () => {
  const zodEmail = z.string().check(z.email());
  const emails = fc.oneof(
    fc.constantFrom('a@b.c', 'a@b.co', 'a..b@c.de', '.a@b.de', 'a.@b.de', "o'neil@x.io", 'a@-b.de', 'a@b-.de', 'a@b..de', 'a+b@c_d.de'),
    fc.emailAddress(),
    fc.string({ unit: fc.constantFrom('a', 'Z', '0', '_', "'", '+', '-', '.', '@', ' ', 'é', '!') }),
  );
  fc.assert(
    // Within the 254-character cap, which is ours alone.
    fc.property(emails.filter((email) => email.trim().length <= 254), (email) => {
      const ours = !errorsOf({ ...valid, email }).some((code) => code.endsWith(':email'));
      assert.equal(ours, zodEmail.safeParse(email.trim()).success, email);
    }),
    { numRuns: 3000 },
  );
});
