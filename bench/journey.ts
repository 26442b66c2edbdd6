/**
 * The verification steps' photo path in headless Chromium: a 12 MP phone photo (4000 × 3000 JPEG,
 * drawn in the page with sensor-like noise so it weighs what a real one does) through the steps'
 * own `prepareFile`, built with the project's script-tag config. Reports the bytes that go on the
 * wire and the time the browser takes to prepare them.
 */
import { join } from 'node:path';
import { launchChromium } from '../test/e2e/helpers/browser.js';
import { buildBundle, ROOT } from './lib/build.js';
import { median } from './lib/stats.js';

export interface JourneyReport {
  width: number;
  height: number;
  /** The photo as a phone would hand it over (JPEG, quality 0.92). */
  photoBytes: number;
  /** What the element uploads for it: the normalised JPEG. */
  uploadBytes: number;
  /** Its size after normalisation. */
  uploadWidth: number;
  uploadHeight: number;
  /** prepareFile, chosen file → blob ready to send (ms), one per run. */
  prepareMs: number[];
}

declare global {
  interface Window {
    __prepare: typeof import('../src/steps/prepare-file.js').prepareFile;
  }
}

export async function measureJourney({ runs = 5, log = (_: string) => {} } = {}): Promise<JourneyReport> {
  const entry = join(ROOT, 'src/steps/prepare-file.ts');
  const { code } = await buildBundle([], `import { prepareFile } from ${JSON.stringify(entry)}; window.__prepare = prepareFile;`);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>journey bench</title>');
    await page.addScriptTag({ content: code, type: 'module' });
    await page.waitForFunction(() => typeof window.__prepare === 'function');
    log(`journey: a 12 MP photo through prepareFile, ${runs} runs`);
    return await page.evaluate(async (runs) => {
      const [width, height] = [4000, 3000];
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      const gradient = context.createLinearGradient(0, 0, width, height);
      gradient.addColorStop(0, '#4a6fa5');
      gradient.addColorStop(1, '#e8c39e');
      context.fillStyle = gradient;
      context.fillRect(0, 0, width, height);
      // Sensor noise, in tiles (one random tile would repeat, and JPEG would find it cheap).
      const tile = context.createImageData(500, 500);
      for (let y = 0; y < height; y += 500) {
        for (let x = 0; x < width; x += 500) {
          for (let i = 0; i < tile.data.length; i += 4) {
            const v = Math.random() * 64;
            tile.data.set([v, v, v, 48], i);
          }
          const overlay = new OffscreenCanvas(500, 500);
          overlay.getContext('2d')!.putImageData(tile, 0, 0);
          context.drawImage(overlay, x, y);
        }
      }
      const photo = new File([await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })], 'photo.jpg', { type: 'image/jpeg' });
      const prepareMs: number[] = [];
      let upload: Blob | undefined;
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const prepared = await window.__prepare(photo, false);
        prepareMs.push(performance.now() - started);
        if (!prepared.ok) throw new Error(`prepareFile refused the photo: ${prepared.failure}`);
        upload = prepared.blob;
      }
      const size = await createImageBitmap(upload!);
      const report = { width, height, photoBytes: photo.size, uploadBytes: upload!.size, uploadWidth: size.width, uploadHeight: size.height, prepareMs };
      size.close();
      return report;
    }, runs);
  } finally {
    await browser.close();
  }
}

export const prepareMedian = (report: JourneyReport): number => median(report.prepareMs);
