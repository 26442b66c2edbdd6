import { expect } from '@open-wc/testing';
import { resetMocking, startMocking } from '../helpers/fake-deriv.js';
import { normaliseImage } from '../../../src/steps/prepare-file.js';
import { $, chooseFile, fakeRelay, mountSteps, pngFile, SESSION, unmountSteps, until } from './steps-host.js';

before(startMocking);
afterEach(() => {
  unmountSteps();
  resetMocking();
  sessionStorage.clear();
});

const bytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

describe('steps: uploads', () => {
  it('sends the normalised image as multipart with side and type, and the session as a bearer token', async () => {
    const received = fakeRelay();
    const el = await mountSteps({ steps: ['document'] });
    $<HTMLSelectElement>(el, 'select[name=document_type]').value = 'passport';
    $(el, 'select[name=document_type]').dispatchEvent(new Event('change'));
    const photo = await pngFile();
    await chooseFile(el, 'document_front', photo);
    $<HTMLButtonElement>(el, 'button[type=submit]').click();
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
});
