import { expect, fixture, oneEvent } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import '../../../src/index.js';
import type { KycSignup } from '../../../src/element/kyc-signup.js';
import { tinMatcher } from '../../../src/element/tin-controller.js';
import { resetMocking, serve, startMocking, useHandlers, WS_URL } from '../helpers/fake-deriv.js';
import { until } from '../helpers/test-host.js';
import { PERSON } from '../../fixtures/person.js';

const BACKEND = '/api/kyc/base-check';

before(startMocking);
afterEach(() => {
  resetMocking();
  sessionStorage.clear();
});

const control = (el: KycSignup, name: string) => el.shadowRoot!.querySelector<HTMLInputElement>(`[name="${name}"]`)!;

function setValue(el: KycSignup, name: string, value: string): void {
  const input = control(el, name);
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
}

// One test, in its own page: what it checks first is that nothing loaded the checker yet.
it('the tax ID checker loads only once the field shows for a residence with formats, and a submit waits for it', async () => {
  const sent: unknown[] = [];
  useHandlers(
    http.post(BACKEND, async ({ request }) => {
      sent.push(await request.json());
      return HttpResponse.json({ status: 'ok', userHash: 'h', userId: '1' });
    }),
  );
  await serve();
  const loaded = oneEvent(document, 'countries-loaded');
  const container = await fixture<HTMLDivElement>(`<div><kyc-signup backend-url="${BACKEND}" ws-url="${WS_URL}"></kyc-signup></div>`);
  const el = container.querySelector('kyc-signup')!;
  await loaded;
  for (const [name, value] of Object.entries(PERSON)) setValue(el, name, value);
  await el.updateComplete;
  expect(tinMatcher(), 'no tax ID field: no checker').to.equal(undefined);

  // Germany has a format (11 digits): showing the field starts the load; submitting at once waits for it.
  el.fields = [...el.fields, 'tax_identification_number'];
  await el.updateComplete;
  setValue(el, 'tax_identification_number', '12345678901');
  await el.updateComplete;
  expect(tinMatcher(), 'still loading when the form is submitted').to.equal(undefined);
  el.shadowRoot!.querySelector('form')!.requestSubmit();
  await until(() => sent.length === 1, 'the submission');
  expect(tinMatcher()).to.be.a('function');
  expect(sent[0]).to.include({ tax_identification_number: '12345678901' });
});
