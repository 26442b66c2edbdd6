import { expect } from '@open-wc/testing';
import { HttpResponse } from 'msw';
import { resetMocking, startMocking, useHandlers } from '../helpers/fake-deriv.js';
import { en } from '../../../src/steps/i18n/en.js';
import { journeyKey } from '../../../src/steps/journey-key.js';
import { saveJourney } from '../../../src/steps/journey-store.js';
import { pollDelay } from '../../../src/steps/poll-schedule.js';
import { $, answerStatus, BACKEND, ManualClock, mountSteps, pending, SESSION, statusPolls, unmountSteps, until, type StepsTestHost } from './steps-host.js';

before(startMocking);
afterEach(() => {
  unmountSteps();
  resetMocking();
  sessionStorage.clear();
  statusPolls.length = 0;
  setVisibility('visible');
});

function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

const verdict = (status: string, reasons: string[] = []) => HttpResponse.json({ status: 'ok', verdict: status, reasons });

/** A host resumed at `done` (the journey saved), polling on a clock the test moves. */
async function polling(reply: (index: number) => Response): Promise<{ el: StepsTestHost; clock: ManualClock }> {
  const clock = new ManualClock();
  useHandlers(answerStatus(reply, clock));
  saveJourney(BACKEND, SESSION, 'done');
  const el = await mountSteps({}, { timers: clock.timers });
  return { el, clock };
}

/** Runs the next poll and waits until its answer is handled: the next poll is set, or `handled()` says so. */
async function nextPoll(clock: ManualClock, handled: () => unknown = () => false): Promise<void> {
  const before = statusPolls.length;
  clock.fire();
  await until(() => statusPolls.length > before);
  await until(() => clock.next !== null || handled());
}

const statuses = (el: StepsTestHost) => el.events.filter((e) => e.type === 'verification-status').map((e) => e.detail);

describe('steps: verdict polling', () => {
  it('polls at once, then after 5 s, backing off to 60 s, with the session as a bearer token', async () => {
    const { clock } = await polling(() => pending());
    for (let i = 0; i < 10; i++) await nextPoll(clock);
    const gaps = statusPolls.slice(1).map((p, i) => p.at - statusPolls[i]!.at);
    expect(gaps).to.deep.equal(Array.from({ length: 9 }, (_, i) => pollDelay(i)));
    expect(gaps.slice(-2)).to.deep.equal([60_000, 60_000]);
    expect(statusPolls.every((p) => p.authorization === `Bearer ${SESSION}`)).to.equal(true);
  });

  it('network and 5xx failures keep polling', async () => {
    const { el, clock } = await polling((i) => (i === 0 ? HttpResponse.error() : i < 3 ? new Response('', { status: 503 }) : verdict('approved')));
    for (let i = 0; i < 3; i++) await nextPoll(clock);
    await nextPoll(clock, () => statuses(el).length);
    expect(statusPolls).to.have.length(4);
    expect(statuses(el)).to.deep.equal([{ status: 'approved', reasons: [] }]);
  });

  it('no poll while the page is hidden; one at once when it shows again', async () => {
    const { clock } = await polling(() => pending());
    await nextPoll(clock);
    expect(clock.next).to.equal(5000);
    setVisibility('hidden');
    expect(clock.next).to.equal(null);
    clock.advance(120_000);
    expect(statusPolls).to.have.length(1);
    setVisibility('visible');
    expect(clock.next).to.equal(0);
    await nextPoll(clock);
    expect(statusPolls).to.have.length(2);
  });

  it('fires verification-status when the verdict is known and when it changes, then stops and forgets the journey', async () => {
    const { el, clock } = await polling((i) => (i < 2 ? pending() : verdict('more-data', ['Upload a clearer selfie'])));
    await nextPoll(clock);
    await nextPoll(clock);
    await nextPoll(clock, () => statuses(el).length === 2);
    await el.updateComplete;
    expect(statuses(el)).to.deep.equal([
      { status: 'pending', reasons: [] },
      { status: 'more-data', reasons: ['Upload a clearer selfie'] },
    ]);
    expect(clock.next).to.equal(null);
    expect(sessionStorage.getItem(journeyKey(BACKEND))).to.equal(null);
    expect($(el, '#steps-heading').textContent).to.equal(en['steps.verdict.more-data.title']);
    expect($(el, '[role=status]').textContent).to.contain('Upload a clearer selfie');
  });

  for (const status of ['approved', 'declined'] as const) {
    it(`shows the verdict "${status}"`, async () => {
      const { el, clock } = await polling(() => verdict(status, ['mrz']));
      await nextPoll(clock, () => statuses(el).length);
      await el.updateComplete;
      expect(statuses(el)).to.deep.equal([{ status, reasons: ['mrz'] }]);
      expect($(el, '[data-step=done] #steps-heading').textContent).to.equal(en[`steps.verdict.${status}.title`]);
      expect($(el, '[role=status]').textContent).to.contain(en[`steps.verdict.${status}.body`]);
    });
  }

  it('a 401 means the session expired: says so and offers to start again', async () => {
    const { el, clock } = await polling(() => HttpResponse.json({ status: 'error', errors: ['request:session'] }, { status: 401 }));
    await nextPoll(clock, () => $(el, '[role=alert]'));
    expect(clock.next).to.equal(null);
    expect($(el, '[role=alert]').textContent).to.equal(en['steps.error.session']);
    $<HTMLButtonElement>(el, 'button').click();
    expect(el.restarts).to.equal(1);
  });

  it('gives up after 30 minutes with a message; "check again" starts over', async () => {
    const { el, clock } = await polling(() => pending());
    while (clock.now < 30 * 60_000) await nextPoll(clock, () => el.shadowRoot!.querySelector('button'));
    await el.updateComplete;
    expect(clock.next).to.equal(null);
    expect($(el, '[role=status]').textContent).to.contain(en['steps.gave_up']);
    const polls = statusPolls.length;
    $<HTMLButtonElement>(el, 'button').click();
    expect(clock.next).to.equal(0);
    await nextPoll(clock);
    expect(statusPolls).to.have.length(polls + 1);
  });

  it('leaving the DOM stops polling; coming back resumes it', async () => {
    const { el, clock } = await polling(() => pending());
    await nextPoll(clock);
    el.remove();
    expect(clock.next).to.equal(null);
    document.body.append(el);
    expect(clock.next).to.equal(0);
  });
});
