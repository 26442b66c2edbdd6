/**
 * The element's hook into the verification steps: the `steps` attribute, the hand-over after
 * `verified`, resuming a saved journey at connect, `steps.*` message overrides and starting again.
 */
import { expect, fixture, oneEvent } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import '../../../src/index.js';
import type { KycSignup } from '../../../src/element/kyc-signup.js';
import { saveJourney } from '../../../src/steps/journey-store.js';
import { PERSON_PAYLOAD } from '../../fixtures/person.js';
import { resetMocking, serve, startMocking, useHandlers, WS_URL } from '../helpers/fake-deriv.js';
import { $, BACKEND, chooseFile, fakeRelay, pngFile, relayError, SESSION, until } from '../steps/steps-host.js';

before(startMocking);
afterEach(() => {
  resetMocking();
  sessionStorage.clear();
});

const STEP_EVENTS = ['verified', 'step-change', 'upload-complete', 'verification-status'] as const;

interface Mounted {
  el: KycSignup;
  events: { type: string; detail: unknown }[];
  /** Whether any render showed the signup form (its first control). */
  formShown: () => boolean;
}

/** The element prefilled with a valid person, so a click on submit sends it. */
async function mount(attrs: string): Promise<Mounted> {
  await serve();
  const events: Mounted['events'] = [];
  for (const type of STEP_EVENTS) document.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail }));
  const container = await fixture<HTMLDivElement>(
    `<div><kyc-signup backend-url="${BACKEND}" ws-url="${WS_URL}" ${attrs}></kyc-signup></div>`,
  );
  const el = container.querySelector('kyc-signup')!;
  // Watches every render from the first: a resumed journey must never flash the form.
  let formSeen = Boolean(el.shadowRoot?.querySelector('[name="first_name"]'));
  const observer = new MutationObserver(() => {
    formSeen ||= Boolean(el.shadowRoot!.querySelector('[name="first_name"]'));
  });
  observer.observe(el.shadowRoot!, { childList: true, subtree: true });
  el.values = PERSON_PAYLOAD;
  await el.updateComplete;
  return { el, events, formShown: () => formSeen };
}

/** The relay's base-check route, answering ok with (or without) a session token. */
function baseCheck(session: string | null) {
  useHandlers(
    http.post(BACKEND, () =>
      HttpResponse.json({ status: 'ok', userHash: 'a'.repeat(64), userId: '42', ...(session ? { session } : {}) }),
    ),
  );
}

async function signUp(el: KycSignup): Promise<void> {
  await until(() => el.countries.length > 0);
  await el.updateComplete;
  const verified = oneEvent(el, 'verified');
  $<HTMLButtonElement>(el, 'button[type=submit]').click();
  await verified;
}

const shownStep = (el: KycSignup) => el.shadowRoot!.querySelector<HTMLElement>('[part=step]')?.dataset.step;

describe('<kyc-signup steps>', () => {
  it('reads the attribute as known step names, in the contract order, each once', async () => {
    const { el } = await mount('steps="address-proof bogus document address-proof"');
    expect(el.steps).to.deep.equal(['document', 'address-proof']);
    el.steps = ['selfie'];
    await el.updateComplete;
    expect(el.getAttribute('steps')).to.equal('address-proof bogus document address-proof');
  });

  it('without steps, a verified signup shows the success message as before, even with a session', async () => {
    baseCheck(SESSION);
    const { el, events } = await mount('');
    await signUp(el);
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(el.shadowRoot!.querySelector('.success')).to.exist;
    expect(shownStep(el)).to.equal(undefined);
    expect(events.map((e) => e.type)).to.deep.equal(['verified']);
  });

  it('with steps, hands over to the first step after verified, and uploads with the session', async () => {
    baseCheck(SESSION);
    const received = fakeRelay();
    const { el, events } = await mount('steps="selfie address-proof"');
    await signUp(el);
    await until(() => shownStep(el) === 'selfie');
    expect(events.map((e) => e.type)).to.deep.equal(['verified', 'step-change']);
    expect(events[1]!.detail).to.deep.equal({ step: 'selfie' });
    await chooseFile(el, 'selfie', await pngFile());
    $<HTMLButtonElement>(el, 'button[type=submit]').click();
    await until(() => shownStep(el) === 'address-proof');
    expect(received.map((r) => [r.route, r.authorization])).to.deep.equal([['selfie', `Bearer ${SESSION}`]]);
    expect(events.slice(2)).to.deep.equal([
      { type: 'upload-complete', detail: { step: 'selfie', side: 1 } },
      { type: 'step-change', detail: { step: 'address-proof' } },
    ]);
  });

  it('offers the documents of the residence chosen in the form', async () => {
    baseCheck(SESSION);
    fakeRelay();
    const { el } = await mount('steps="document"');
    await signUp(el);
    await until(() => shownStep(el) === 'document');
    const offered = [...el.shadowRoot!.querySelectorAll<HTMLOptionElement>('[name=document_type] option')].map((o) => o.value);
    const germany = el.countries.find((c) => c.value === 'de')!;
    expect(offered).to.deep.equal(Object.keys(germany.identity?.services?.onfido?.documents_supported ?? {}));
  });

  it('with steps but an answer without a session (an older relay), shows the success message', async () => {
    baseCheck(null);
    const { el, events } = await mount('steps="document"');
    await signUp(el);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.success')).to.exist;
    expect(events.map((e) => e.type)).to.deep.equal(['verified']);
  });

  it('a saved journey resumes at its step at connect, without showing the form first', async () => {
    fakeRelay();
    saveJourney(BACKEND, SESSION, 'address-proof');
    const { el, events, formShown } = await mount('steps="document selfie address-proof"');
    await until(() => shownStep(el) === 'address-proof');
    expect(formShown()).to.equal(false);
    expect(events).to.deep.equal([{ type: 'step-change', detail: { step: 'address-proof' } }]);
  });

  it('a saved journey is left alone when the element has no steps', async () => {
    saveJourney(BACKEND, SESSION, 'selfie');
    const { el, formShown } = await mount('');
    expect(formShown()).to.equal(true);
    expect(shownStep(el)).to.equal(undefined);
  });

  it('messages overrides apply to the steps strings', async () => {
    fakeRelay();
    saveJourney(BACKEND, SESSION, 'selfie');
    const { el } = await mount('steps="selfie"');
    el.messages = { 'steps.title.selfie': 'Un selfie, s’il vous plaît' };
    await until(() => shownStep(el) === 'selfie');
    await el.updateComplete;
    expect($(el, '#steps-heading').textContent).to.equal('Un selfie, s’il vous plaît');
  });

  it('an expired session offers to start again: the form comes back with its values', async () => {
    baseCheck(SESSION);
    fakeRelay(() => relayError(401, 'request:session'));
    const { el } = await mount('steps="selfie"');
    await signUp(el);
    await until(() => shownStep(el) === 'selfie');
    await chooseFile(el, 'selfie', await pngFile());
    $<HTMLButtonElement>(el, 'button[type=submit]').click();
    await until(() => el.shadowRoot!.querySelector('[role=alert]')?.textContent?.includes('expired'));
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === 'Start again')!.click();
    await until(() => el.shadowRoot!.querySelector('[name="first_name"]'));
    expect($<HTMLInputElement>(el, '[name="first_name"]').value).to.equal(PERSON_PAYLOAD.first_name);
    expect(sessionStorage.length).to.be.at.most(1); // the country cache at most: the journey is gone
    expect(Object.keys(sessionStorage).some((key) => key.startsWith('kyc-signup:journey:'))).to.equal(false);
  });
});
