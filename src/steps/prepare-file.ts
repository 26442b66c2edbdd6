/**
 * Turns a chosen file into what is uploaded. Images: decoded off the main thread with their EXIF
 * orientation applied, scaled so the long side is at most 2000 px, re-encoded as JPEG (which also
 * drops metadata such as GPS position). PDFs, where the step allows them, go as they are.
 */
import { fitWithin } from './image-size.js';
import type { FailureKey } from './upload-answer.js';

/** The relay refuses requests over 10 MiB; a PDF that large is refused before sending it. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const JPEG_QUALITY = 0.85;

export type Prepared = { ok: true; blob: Blob; pdf: boolean } | { ok: false; failure: FailureKey };

const isPdf = async (file: Blob): Promise<boolean> =>
  file.type === 'application/pdf' || (await file.slice(0, 5).text()) === '%PDF-';

export async function prepareFile(file: Blob, pdfAllowed: boolean): Promise<Prepared> {
  if (await isPdf(file)) {
    if (!pdfAllowed) return { ok: false, failure: 'file_type' };
    if (file.size > MAX_UPLOAD_BYTES) return { ok: false, failure: 'too_large' };
    return { ok: true, blob: file, pdf: true };
  }
  try {
    return { ok: true, blob: await normaliseImage(file), pdf: false };
  } catch {
    return { ok: false, failure: 'undecodable' };
  }
}

/** Decoding and scaling happen in createImageBitmap (off the main thread); only the small result is drawn. */
export async function normaliseImage(file: Blob): Promise<Blob> {
  const decoded = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const size = fitWithin(decoded);
  const scaled =
    size.width === decoded.width && size.height === decoded.height
      ? decoded
      : await createImageBitmap(decoded, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' });
  try {
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    // JPEG has no transparency: a transparent PNG gets white, not black, behind it.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size.width, size.height);
    context.drawImage(scaled, 0, 0);
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
  } finally {
    decoded.close();
    scaled.close();
  }
}
