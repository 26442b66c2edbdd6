import { expect } from '@open-wc/testing';
import { resetMocking, startMocking } from '../helpers/fake-deriv.js';
import { journeyKey } from '../../../src/steps/journey-key.js';
import { clearJourney, JOURNEY_TTL_MS, readJourney, saveJourney } from '../../../src/steps/journey-store.js';
import { BACKEND, chooseFile, fakeRelay, mountSteps, pngFile, SESSION, unmountSteps, until, $ } from './steps-host.js';

before(startMocking);
afterEach(() => {
  unmountSteps();
  resetMocking();
  sessionStorage.clear();
});

const stored = () => JSON.parse(sessionStorage.getItem(journeyKey(BACKEND))!);

describe('steps: journey kept for a reload', () => {
  it('keeps only the token, the step and the expiry, under a key per relay URL', async () => {
    fakeRelay();
    const before = Date.now();
    const el = await mountSteps({ steps: ['selfie', 'address-proof'] });
    expect(Object.keys(sessionStorage)).to.deep.equal([`kyc-signup:journey:${new URL(BACKEND, document.baseURI).href}`]);
    const first = stored();
    expect(Object.keys(first).sort()).to.deep.equal(['expiresAt', 'session', 'step']);
    expect(first.session).to.equal(SESSION);
    expect(first.step).to.equal('selfie');
    expect(first.expiresAt).to.be.within(before + JOURNEY_TTL_MS, Date.now() + JOURNEY_TTL_MS);
    await chooseFile(el, 'selfie', await pngFile());
    $<HTMLButtonElement>(el, 'button[type=submit]').click();
    await until(() => el.controller.step === 'address-proof');
    // The expiry is the session's: moving on never extends it.
    expect(stored()).to.deep.equal({ ...first, step: 'address-proof' });
  });

  it('a reload resumes at the saved step of the same session', async () => {
    saveJourney(BACKEND, SESSION, 'address-proof');
    const el = await mountSteps();
    expect(el.controller.step).to.equal('address-proof');
    expect($(el, '[part=step]').dataset.step).to.equal('address-proof');
    expect(el.events).to.deep.equal([{ type: 'step-change', detail: { step: 'address-proof' } }]);
  });

  it('another session, an expired or a malformed journey starts at the first step', async () => {
    for (const saved of [
      () => saveJourney(BACKEND, 'another-session', 'selfie'),
      () => saveJourney(BACKEND, SESSION, 'selfie', Date.now() - JOURNEY_TTL_MS - 1),
      () => sessionStorage.setItem(journeyKey(BACKEND), '{"session":"x","step":"selfie"'),
      () => sessionStorage.setItem(journeyKey(BACKEND), JSON.stringify({ session: SESSION, step: 'nowhere', expiresAt: Date.now() + 1e6 })),
    ]) {
      sessionStorage.clear();
      saved();
      const el = await mountSteps();
      expect(el.controller.step).to.equal('document');
      el.remove();
    }
    expect(readJourney(BACKEND)?.step).to.equal('document');
  });

  it('storage that throws is swallowed: the steps work, nothing is kept', async () => {
    const setItem = Storage.prototype.setItem;
    const getItem = Storage.prototype.getItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    Storage.prototype.getItem = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    try {
      const el = await mountSteps();
      expect(el.controller.step).to.equal('document');
      expect(readJourney(BACKEND)).to.equal(null);
      clearJourney(BACKEND);
    } finally {
      Storage.prototype.setItem = setItem;
      Storage.prototype.getItem = getItem;
    }
  });
});
