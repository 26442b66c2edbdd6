import { expect } from '@open-wc/testing';
import { resetMocking, startMocking, recordedReply } from '../helpers/fake-deriv.js';
import { parseCountries } from '../../../src/deriv/residence-list.js';
import { en } from '../../../src/steps/i18n/en.js';
import { ar } from '../../../src/steps/i18n/ar.js';
import { saveJourney } from '../../../src/steps/journey-store.js';
import { $, BACKEND, chooseFile, fakeRelay, mountSteps, pdfFile, pngFile, SESSION, unmountSteps, type StepsTestHost } from './steps-host.js';

before(startMocking);
afterEach(() => {
  unmountSteps();
  resetMocking();
  sessionStorage.clear();
});

interface Axe {
  run(context: Element, options: object): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
}

let axe: Axe | undefined;
async function loadAxe(): Promise<Axe> {
  if (!axe) {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    await new Promise((resolve, reject) => {
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
    axe = (window as unknown as { axe: Axe }).axe;
  }
  return axe;
}

async function expectAccessible(el: StepsTestHost): Promise<void> {
  const { violations } = await (await loadAxe()).run(el, { resultTypes: ['violations'] });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id} (${v.nodes.length})`)).to.deep.equal([]);
}

const names = (el: StepsTestHost, selector: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLInputElement>(selector)].map((input) => input.name);

describe('steps: DOM contract', () => {
  it('document: a section with a focused heading, the residence photo documents, front and back inputs', async () => {
    const countries = parseCountries((await recordedReply()).residence_list)!;
    const el = await mountSteps({ country: countries.find((c) => c.value === 'de') });
    const section = $(el, 'section[part=step]');
    expect(section.dataset.step).to.equal('document');
    expect(el.shadowRoot!.activeElement).to.equal($(el, 'section h2'));
    const options = [...$<HTMLSelectElement>(el, 'select[name=document_type]').options].map((o) => o.value);
    expect(options).to.include('passport');
    expect(options).to.not.include('national_id_no_photo');
    $<HTMLSelectElement>(el, 'select[name=document_type]').value = options.find((o) => o !== 'passport')!;
    $(el, 'select[name=document_type]').dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(names(el, 'input[type=file]')).to.deep.equal(['document_front', 'document_back']);
    const front = $<HTMLInputElement>(el, 'input[name=document_front]');
    expect(front.accept).to.equal('image/*');
    expect(front.getAttribute('capture')).to.equal('environment');
    expect(front.closest('[part=dropzone]')).to.not.equal(null);
    expect(el.shadowRoot!.querySelectorAll('button[type=submit]')).to.have.length(1);
    expect($(el, 'progress')).to.equal(null);
    await expectAccessible(el);
    $<HTMLSelectElement>(el, 'select[name=document_type]').value = 'passport';
    $(el, 'select[name=document_type]').dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(names(el, 'input[type=file]')).to.deep.equal(['document_front']);
  });

  it('selfie: the front camera, an image preview and retake once chosen; accessible', async () => {
    fakeRelay();
    saveJourney(BACKEND, SESSION, 'selfie');
    const el = await mountSteps();
    expect($(el, 'section[part=step]').dataset.step).to.equal('selfie');
    expect($(el, '#steps-heading').textContent).to.equal(en['steps.title.selfie']);
    expect(names(el, 'input[type=file]')).to.deep.equal(['selfie']);
    expect($(el, 'input[name=selfie]').getAttribute('capture')).to.equal('user');
    await chooseFile(el, 'selfie', await pngFile());
    expect($<HTMLImageElement>(el, '[part=preview] img').src).to.match(/^blob:/);
    await expectAccessible(el);
  });

  it('address-proof: pdf accepted, no camera forced, the file name as preview; accessible', async () => {
    saveJourney(BACKEND, SESSION, 'address-proof');
    const el = await mountSteps();
    const input = $<HTMLInputElement>(el, 'input[name=address_proof]');
    expect(input.accept).to.equal('image/*,application/pdf');
    expect(input.hasAttribute('capture')).to.equal(false);
    await expectAccessible(el);
    await chooseFile(el, 'address_proof', pdfFile('statement-may.pdf'));
    expect($(el, '[part=preview]').textContent!.trim()).to.equal('statement-may.pdf');
    await expectAccessible(el);
  });

  it('the checking view after the last upload is accessible', async () => {
    fakeRelay();
    saveJourney(BACKEND, SESSION, 'done');
    const el = await mountSteps();
    expect($(el, 'section[part=step]').dataset.step).to.equal('done');
    expect($(el, '#steps-heading').textContent).to.equal(en['steps.checking.title']);
    await expectAccessible(el);
  });

  it('drag and drop on the dropzone chooses the file', async () => {
    fakeRelay();
    const el = await mountSteps({ steps: ['selfie'] });
    const transfer = new DataTransfer();
    transfer.items.add(await pngFile());
    const zone = $(el, '[part=dropzone]');
    const over = new DragEvent('dragover', { dataTransfer: transfer, cancelable: true, bubbles: true });
    zone.dispatchEvent(over);
    expect(over.defaultPrevented).to.equal(true);
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true, bubbles: true }));
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await el.updateComplete;
    expect($(el, '[part=preview] img')).to.not.equal(null);
  });

  it('keyboard: the file input is reachable with Tab inside its visible dropzone', async () => {
    const el = await mountSteps({ steps: ['selfie'] });
    const input = $<HTMLInputElement>(el, 'input[name=selfie]');
    expect(input.tabIndex).to.equal(0);
    input.focus();
    expect(el.shadowRoot!.activeElement).to.equal(input);
    expect(getComputedStyle($(el, '[part=dropzone]')).outlineStyle).to.equal('solid');
  });

  it('Arabic lays the step out right to left, in Arabic; messages override any string', async () => {
    const el = await mountSteps({ lang: 'ar', messages: { 'steps.submit': 'Send it' } });
    expect($(el, 'section[part=step]').getAttribute('dir')).to.equal('rtl');
    expect($(el, '#steps-heading').textContent).to.equal(ar['steps.title.document']);
    expect($(el, 'button[type=submit]').textContent!.trim()).to.equal('Send it');
  });
});
