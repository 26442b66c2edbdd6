import { expect } from '@open-wc/testing';
import { delay, HttpResponse } from 'msw';
import { resetMocking, startMocking } from '../helpers/fake-deriv.js';
import { en } from '../../../src/steps/i18n/en.js';
import { normaliseImage } from '../../../src/steps/prepare-file.js';
import {
  $,
  chooseFile,
  fakeRelay,
  mountSteps,
  ok,
  pdfFile,
  pngFile,
  relayError,
  SESSION,
  unmountSteps,
  until,
  type StepsTestHost,
} from './steps-host.js';

before(startMocking);
afterEach(() => {
  unmountSteps();
  resetMocking();
  sessionStorage.clear();
});

const bytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const alertText = (el: StepsTestHost) => $(el, '[role=alert]').textContent!.trim();
const submit = (el: StepsTestHost) => $<HTMLButtonElement>(el, 'button[type=submit]').click();

async function chooseType(el: StepsTestHost, type: string): Promise<void> {
  const select = $<HTMLSelectElement>(el, 'select[name=document_type]');
  select.value = type;
  select.dispatchEvent(new Event('change'));
  await el.updateComplete;
}

describe('steps: uploads', () => {
  it('sends the normalised image as multipart with side and type, and the session as a bearer token', async () => {
    const received = fakeRelay();
    const el = await mountSteps({ steps: ['document'] });
    await chooseType(el, 'passport');
    const photo = await pngFile();
    await chooseFile(el, 'document_front', photo);
    submit(el);
    await until(() => el.events.some((e) => e.type === 'upload-complete'));
    expect(received).to.have.length(1);
    const [sent] = received;
    expect(sent!.route).to.equal('document');
    expect(sent!.authorization).to.equal(`Bearer ${SESSION}`);
    expect(sent!.contentType).to.match(/^multipart\/form-data; boundary=/);
    expect(sent!.fields).to.deep.equal({ side: '1', type: 'passport' });
    expect(sent!.file!.type).to.equal('image/jpeg');
    expect(await bytes(sent!.file!)).to.deep.equal(await bytes(await normaliseImage(photo)));
  });

  it('a two-sided document sends front (side 1) then back (side 2), then the next step starts', async () => {
    const received = fakeRelay();
    const el = await mountSteps();
    await chooseType(el, 'national_identity_card');
    await chooseFile(el, 'document_front', await pngFile(40, 20));
    await chooseFile(el, 'document_back', await pngFile(60, 30));
    submit(el);
    await until(() => el.controller.step === 'selfie');
    expect(received.map((r) => r.fields)).to.deep.equal([
      { side: '1', type: 'national_identity_card' },
      { side: '2', type: 'national_identity_card' },
    ]);
    expect(el.events).to.deep.equal([
      { type: 'step-change', detail: { step: 'document' } },
      { type: 'upload-complete', detail: { step: 'document', side: 1 } },
      { type: 'upload-complete', detail: { step: 'document', side: 2 } },
      { type: 'step-change', detail: { step: 'selfie' } },
    ]);
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.id).to.equal('steps-heading');
  });

  it('selfie and address-proof send only the file; a pdf goes as it is', async () => {
    const received = fakeRelay();
    const el = await mountSteps({ steps: ['selfie', 'address-proof'] });
    await chooseFile(el, 'selfie', await pngFile());
    submit(el);
    await until(() => el.controller.step === 'address-proof');
    await el.updateComplete;
    const pdf = pdfFile();
    await chooseFile(el, 'address_proof', pdf);
    expect($(el, '[part=preview]').textContent).to.contain('bill.pdf');
    submit(el);
    await until(() => el.controller.step === 'done');
    expect(received.map((r) => [r.route, r.fields])).to.deep.equal([
      ['selfie', {}],
      ['address-proof', {}],
    ]);
    expect(await bytes(received[1]!.file!)).to.deep.equal(await bytes(pdf));
  });

  it('upload progress events drive the progress bar', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let arrived = false;
    fakeRelay(async () => {
      arrived = true;
      await gate;
      return ok();
    });
    const sends: XMLHttpRequest[] = [];
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body) {
      sends.push(this);
      return send.call(this, body);
    };
    try {
      const el = await mountSteps({ steps: ['selfie'] });
      await chooseFile(el, 'selfie', await pngFile());
      submit(el);
      await until(() => arrived);
      const progress = () => $<HTMLProgressElement>(el, 'progress[part=progress]');
      for (const [loaded, percent] of [
        [30, 25],
        [90, 75],
      ] as const) {
        sends[0]!.upload.dispatchEvent(new ProgressEvent('progress', { lengthComputable: true, loaded, total: 120 }));
        await el.updateComplete;
        expect(progress().value).to.equal(percent);
      }
      expect(el.shadowRoot!.activeElement?.getAttribute('name')).to.equal('cancel');
      release();
      await until(() => el.controller.step === 'done');
      await el.updateComplete;
      expect(progress()).to.equal(null);
    } finally {
      XMLHttpRequest.prototype.send = send;
    }
  });

  it('cancel aborts the upload and keeps the file; uploading again sends it', async () => {
    let hold = true;
    const received = fakeRelay(async () => {
      if (hold) await delay('infinite');
      return ok();
    });
    const el = await mountSteps({ steps: ['selfie'] });
    await chooseFile(el, 'selfie', await pngFile());
    submit(el);
    await until(() => received.length === 1);
    await el.updateComplete;
    $<HTMLButtonElement>(el, 'button[name=cancel]').click();
    await until(() => alertText(el) === en['steps.cancelled']);
    expect(el.events.filter((e) => e.type === 'upload-complete')).to.have.length(0);
    expect($(el, '[part=preview] img')).to.not.equal(null);
    hold = false;
    submit(el);
    await until(() => el.controller.step === 'done');
    expect(await bytes(received[1]!.file!)).to.deep.equal(await bytes(received[0]!.file!));
  });

  it('a failed upload keeps the file and says why; retry resends the same bytes and only what is missing', async () => {
    const received = fakeRelay((_route, index) => (index === 1 ? relayError(503, 'upstream:unavailable') : ok()));
    const el = await mountSteps({ steps: ['document'] });
    await chooseType(el, 'driving_licence');
    await chooseFile(el, 'document_front', await pngFile(40, 20));
    await chooseFile(el, 'document_back', await pngFile(60, 30));
    submit(el);
    await until(() => alertText(el) !== '');
    expect(alertText(el)).to.equal(en['steps.error.unavailable']);
    expect($(el, 'button[type=submit]').textContent!.trim()).to.equal(en['steps.retry']);
    expect(el.shadowRoot!.querySelectorAll('[part=preview] img')).to.have.length(2);
    submit(el);
    await until(() => el.controller.step === 'done');
    expect(received.map((r) => r.fields.side)).to.deep.equal(['1', '2', '2']);
    expect(await bytes(received[2]!.file!)).to.deep.equal(await bytes(received[1]!.file!));
  });

  const failures: [string, () => Response, keyof typeof en][] = [
    ['401', () => relayError(401, 'request:session'), 'steps.error.session'],
    ['413', () => relayError(413, 'request:too_large'), 'steps.error.too_large'],
    ['415', () => relayError(415, 'request:file_type'), 'steps.error.file_type'],
    ['422', () => HttpResponse.json({ status: 'bad', errors: ['invalid:file'] }, { status: 422 }), 'steps.error.unreadable'],
    ['429', () => relayError(429, 'request:rate_limited'), 'steps.error.rate_limited'],
    ['500', () => relayError(500, 'relay:error'), 'steps.error.unavailable'],
    ['network', () => HttpResponse.error(), 'steps.error.network'],
  ];
  for (const [name, reply, key] of failures) {
    it(`relay answer ${name}: "${en[key]}"`, async () => {
      fakeRelay(reply);
      const el = await mountSteps({ steps: ['selfie'] });
      await chooseFile(el, 'selfie', await pngFile());
      submit(el);
      await until(() => alertText(el) !== '');
      expect(alertText(el)).to.equal(en[key]);
      expect($(el, '[part=preview] img')).to.not.equal(null);
    });
  }

  it('an expired session offers to start again: the journey is forgotten and the host told', async () => {
    fakeRelay(() => relayError(401, 'request:session'));
    const el = await mountSteps({ steps: ['selfie'] });
    expect(Object.keys(sessionStorage)).to.have.length(1);
    await chooseFile(el, 'selfie', await pngFile());
    submit(el);
    await until(() => el.shadowRoot!.activeElement?.textContent?.trim() === en['steps.restart']);
    expect($(el, 'button[type=submit]')).to.equal(null);
    (el.shadowRoot!.activeElement as HTMLButtonElement).click();
    expect(el.restarts).to.equal(1);
    expect(Object.keys(sessionStorage)).to.have.length(0);
  });

  it('uploading with a box left empty says so and focuses it, sending nothing', async () => {
    const received = fakeRelay();
    const el = await mountSteps({ steps: ['document'] });
    await chooseType(el, 'national_identity_card');
    await chooseFile(el, 'document_front', await pngFile());
    submit(el);
    await until(() => alertText(el) !== '');
    expect(alertText(el)).to.equal(en['steps.missing']);
    expect(el.shadowRoot!.activeElement?.getAttribute('name')).to.equal('document_back');
    expect(received).to.have.length(0);
  });

  it('retake removes the chosen file and opens the picker again', async () => {
    fakeRelay();
    const el = await mountSteps({ steps: ['selfie'] });
    await chooseFile(el, 'selfie', await pngFile());
    const input = $<HTMLInputElement>(el, 'input[name=selfie]');
    let opened = 0;
    input.addEventListener('click', (e) => {
      opened++;
      e.preventDefault();
    });
    const url = $<HTMLImageElement>(el, '[part=preview] img').src;
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === en['steps.retake'])!.click();
    await el.updateComplete;
    expect(opened).to.equal(1);
    expect($(el, '[part=preview]')).to.equal(null);
    expect($(el, '[part=dropzone]').hidden).to.equal(false);
    // The preview's object URL was revoked.
    const fetched = await fetch(url).then(() => 'loaded', () => 'revoked');
    expect(fetched).to.equal('revoked');
  });
});
