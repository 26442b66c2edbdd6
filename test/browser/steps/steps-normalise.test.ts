import { expect } from '@open-wc/testing';
import { resetMocking, startMocking } from '../helpers/fake-deriv.js';
import { en } from '../../../src/steps/i18n/en.js';
import { normaliseImage, prepareFile } from '../../../src/steps/prepare-file.js';
import { $, chooseFile, fakeRelay, mountSteps, pdfFile, pngFile, unmountSteps } from './steps-host.js';

before(startMocking);
afterEach(() => {
  unmountSteps();
  resetMocking();
  sessionStorage.clear();
});

/** The pixel colour at (x, y) of a decoded image, as [r, g, b]. */
async function pixel(blob: Blob, x: number, y: number): Promise<number[]> {
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  return [...context.getImageData(x, y, 1, 1).data.slice(0, 3)];
}

const isRed = ([r, g, b]: number[]) => r! > 200 && g! < 60 && b! < 60;
const isBlue = ([r, g, b]: number[]) => b! > 200 && r! < 60 && g! < 60;

/** A JPEG whose EXIF says "rotate 90° clockwise to display" (orientation 6): an APP1 segment put after SOI. */
async function jpegWithOrientation6(): Promise<File> {
  const png = await pngFile(40, 20);
  const canvas = new OffscreenCanvas(40, 20);
  canvas.getContext('2d')!.drawImage(await createImageBitmap(png), 0, 0);
  const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 1 })).arrayBuffer());
  // prettier-ignore
  const tiff = [
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF header, first IFD at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, // Orientation, SHORT, 1 value: 6
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ];
  const exif = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00, ...tiff];
  const length = exif.length + 2;
  const app1 = [0xff, 0xe1, length >> 8, length & 0xff, ...exif];
  return new File([jpeg.slice(0, 2), new Uint8Array(app1), jpeg.slice(2)], 'rotated.jpg', { type: 'image/jpeg' });
}

describe('steps: image normalisation', () => {
  it('a 12 MP photo becomes a JPEG with its long side at 2000 px', async () => {
    const canvas = new OffscreenCanvas(4000, 3000);
    const context = canvas.getContext('2d')!;
    const gradient = context.createLinearGradient(0, 0, 4000, 3000);
    gradient.addColorStop(0, '#123456');
    gradient.addColorStop(1, '#fedcba');
    context.fillStyle = gradient;
    context.fillRect(0, 0, 4000, 3000);
    const photo = new File([await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 })], 'big.jpg', { type: 'image/jpeg' });
    const normalised = await normaliseImage(photo);
    const bitmap = await createImageBitmap(normalised);
    expect([bitmap.width, bitmap.height]).to.deep.equal([2000, 1500]);
    expect(normalised.type).to.equal('image/jpeg');
    expect([...new Uint8Array(await normalised.slice(0, 3).arrayBuffer())]).to.deep.equal([0xff, 0xd8, 0xff]);
    expect(normalised.size).to.be.lessThan(photo.size);
  });

  it('the EXIF orientation is applied: a 40x20 photo tagged "rotate 90°" uploads as 20x40, upright', async () => {
    const rotated = await jpegWithOrientation6();
    const normalised = await normaliseImage(rotated);
    const bitmap = await createImageBitmap(normalised);
    expect([bitmap.width, bitmap.height]).to.deep.equal([20, 40]);
    // The red left half of the stored pixels is on top once turned clockwise.
    expect(isRed(await pixel(normalised, 10, 5))).to.equal(true);
    expect(isBlue(await pixel(normalised, 10, 35))).to.equal(true);
  });

  it('a transparent PNG gets a white background, not black', async () => {
    const canvas = new OffscreenCanvas(10, 10);
    canvas.getContext('2d')!.clearRect(0, 0, 10, 10);
    const png = await canvas.convertToBlob({ type: 'image/png' });
    const [r, g, b] = await pixel(await normaliseImage(png), 5, 5);
    expect(Math.min(r!, g!, b!)).to.be.greaterThan(240);
  });

  it('a pdf goes as it is where allowed, and is refused for a photo step', async () => {
    const pdf = pdfFile();
    const prepared = await prepareFile(pdf, true);
    expect(prepared.ok && prepared.blob).to.equal(pdf);
    expect(await prepareFile(pdf, false)).to.deep.equal({ ok: false, failure: 'file_type' });
    const huge = new File(['%PDF-', new Uint8Array(10 * 1024 * 1024)], 'huge.pdf', { type: 'application/pdf' });
    expect(await prepareFile(huge, true)).to.deep.equal({ ok: false, failure: 'too_large' });
  });

  it('a file that cannot be decoded gets a clear message and no preview', async () => {
    fakeRelay();
    const el = await mountSteps({ steps: ['selfie'] });
    await chooseFile(el, 'selfie', new File([new Uint8Array([1, 2, 3, 4, 5, 6])], 'photo.jpg', { type: 'image/jpeg' }));
    expect($(el, '[role=alert]').textContent!.trim()).to.equal(en['steps.error.undecodable']);
    expect($(el, '[part=preview]')).to.equal(null);
  });
});
