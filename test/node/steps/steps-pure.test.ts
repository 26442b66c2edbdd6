import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Country } from '../../../src/deriv/residence-list.js';
import { DEFAULT_DOCUMENTS, documentChoices, isTwoSided, stepSlots } from '../../../src/steps/documents.js';
import { fitWithin, MAX_SIDE } from '../../../src/steps/image-size.js';
import { pollDelay, POLL_SCHEDULE } from '../../../src/steps/poll-schedule.js';
import { parseSteps } from '../../../src/steps/step-names.js';
import { stepUrl } from '../../../src/steps/step-urls.js';
import { statusAnswer, uploadFailure } from '../../../src/steps/upload-answer.js';

test('fitWithin: a 12 MP photo (4000x3000) scales to 2000x1500, portrait too', () => {
  assert.deepEqual(fitWithin({ width: 4000, height: 3000 }), { width: 2000, height: 1500 });
  assert.deepEqual(fitWithin({ width: 3000, height: 4000 }), { width: 1500, height: 2000 });
  assert.deepEqual(fitWithin({ width: 4000, height: 4000 }), { width: 2000, height: 2000 });
});

test('fitWithin: never scales up, keeps at least one pixel on the short side', () => {
  assert.deepEqual(fitWithin({ width: 1999, height: 10 }), { width: 1999, height: 10 });
  assert.deepEqual(fitWithin({ width: MAX_SIDE, height: MAX_SIDE }), { width: MAX_SIDE, height: MAX_SIDE });
  assert.deepEqual(fitWithin({ width: 100_000, height: 1 }), { width: 2000, height: 1 });
});

test('pollDelay: 5 s, growing by half each time, capped at 60 s', () => {
  const delays = Array.from({ length: 10 }, (_, i) => pollDelay(i));
  assert.deepEqual(delays, [5000, 7500, 11250, 16875, 25313, 37969, 56953, 60000, 60000, 60000]);
  assert.equal(pollDelay(10_000), POLL_SCHEDULE.max);
});

test('parseSteps: known names in the contract order, each once', () => {
  assert.deepEqual(parseSteps('address-proof  document selfie document bogus'), ['document', 'selfie', 'address-proof']);
  assert.deepEqual(parseSteps(''), []);
  assert.deepEqual(parseSteps(null), []);
});

test('stepUrl: siblings of the base-check URL, resolved against the page', () => {
  const page = 'https://shop.example/account/signup';
  assert.equal(stepUrl('/api/kyc/base-check', 'document', page), 'https://shop.example/api/kyc/document');
  assert.equal(stepUrl('kyc/base-check', 'status', page), 'https://shop.example/account/kyc/status');
  assert.equal(stepUrl('https://relay.example/v1/base-check', 'address-proof', page), 'https://relay.example/v1/address-proof');
});

test('uploadFailure: every relay answer maps to its message', () => {
  const error = (code: string) => ({ status: 'error', errors: [code] });
  assert.equal(uploadFailure(200, { status: 'ok' }), null);
  assert.equal(uploadFailure(401, error('request:session')), 'session');
  assert.equal(uploadFailure(413, error('request:too_large')), 'too_large');
  assert.equal(uploadFailure(415, error('request:file_type')), 'file_type');
  assert.equal(uploadFailure(422, { status: 'bad', errors: 'invalid:file' }), 'unreadable');
  assert.equal(uploadFailure(429, error('request:rate_limited')), 'rate_limited');
  assert.equal(uploadFailure(502, error('upstream:unavailable')), 'unavailable');
  assert.equal(uploadFailure(504, null), 'unavailable');
  assert.equal(uploadFailure(null, null), 'network');
  assert.equal(uploadFailure(403, error('request:origin')), 'rejected');
  // A 200 that is not the relay's ok is not a success.
  assert.equal(uploadFailure(200, '<html>'), 'rejected');
});

test('statusAnswer: verdicts, an expired session, and everything else asks again', () => {
  assert.deepEqual(statusAnswer(200, { status: 'ok', verdict: 'declined', reasons: ['mrz'] }), {
    kind: 'verdict',
    verdict: 'declined',
    reasons: ['mrz'],
  });
  assert.deepEqual(statusAnswer(200, { status: 'ok', verdict: 'pending' }), { kind: 'verdict', verdict: 'pending', reasons: [] });
  assert.deepEqual(statusAnswer(401, { status: 'error', errors: ['request:session'] }), { kind: 'expired' });
  for (const [status, body] of [
    [500, null],
    [503, { status: 'error' }],
    [null, null],
    [200, { status: 'ok', verdict: 'maybe' }],
    [429, null],
  ] as const) {
    assert.deepEqual(statusAnswer(status, body), { kind: 'retry' }, `${status}`);
  }
});

const country = (services: object): Country => ({ text: 'X', value: 'xx', identity: { services } }) as Country;

test('documentChoices: the residence country photo documents (onfido), once each; defaults otherwise', () => {
  const gh = country({
    idv: { is_country_supported: 1, documents_supported: { ssnit: { display_name: 'SSNIT' }, passport: { display_name: 'Passport' } } },
    onfido: {
      is_country_supported: 1,
      documents_supported: { passport: { display_name: 'Passport' }, driving_licence: { display_name: 'Driving Licence' } },
    },
  });
  assert.deepEqual(documentChoices(gh), [
    { type: 'passport', name: 'Passport' },
    { type: 'driving_licence', name: 'Driving Licence' },
  ]);
  assert.deepEqual(documentChoices(undefined), DEFAULT_DOCUMENTS);
  assert.deepEqual(documentChoices(country({ onfido: { is_country_supported: 0, documents_supported: { visa: {} } } })), DEFAULT_DOCUMENTS);
});

test('two-sided documents ask for front and back; a passport for one page', () => {
  assert.equal(isTwoSided('passport'), false);
  assert.equal(isTwoSided('visa'), false);
  assert.equal(isTwoSided('driving_licence'), true);
  assert.deepEqual(stepSlots('document', 'passport'), [{ name: 'document_front', side: 1 }]);
  assert.deepEqual(stepSlots('document', 'national_identity_card'), [
    { name: 'document_front', side: 1 },
    { name: 'document_back', side: 2 },
  ]);
  assert.deepEqual(stepSlots('selfie', 'passport'), [{ name: 'selfie', side: 1 }]);
  assert.deepEqual(stepSlots('address-proof', ''), [{ name: 'address_proof', side: 1 }]);
});
