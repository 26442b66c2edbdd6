/**
 * Judges an uploaded file by its bytes alone (never its name or declared type): its kind from
 * the first bytes, then its structure walked with bounds checks, so that a file that only
 * starts like an image (an image header followed by HTML, say) is refused, and an image's
 * dimensions read from its header, so a "pixel bomb" (a tiny file declaring a huge image) is
 * refused without decoding anything.
 */
import type { FileKind } from './step.js';

export const MAX_PIXELS = 40_000_000;

export type FileJudgement = { ok: true; kind: FileKind } | { ok: false; reason: 'file_type' | 'too_large' };

interface Size {
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF_SIGNATURE = [...'%PDF-'].map((char) => char.charCodeAt(0));

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);

function sniff(bytes: Uint8Array): FileKind | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, PDF_SIGNATURE)) return 'pdf';
  return null;
}

export function judgeFile(bytes: Uint8Array, allowed: readonly FileKind[]): FileJudgement {
  const kind = sniff(bytes);
  if (!kind || !allowed.includes(kind)) return { ok: false, reason: 'file_type' };
  if (kind === 'pdf') return isPdf(bytes) ? { ok: true, kind } : { ok: false, reason: 'file_type' };
  const size = kind === 'png' ? pngSize(bytes) : jpegSize(bytes);
  if (!size) return { ok: false, reason: 'file_type' };
  return size.width * size.height > MAX_PIXELS ? { ok: false, reason: 'too_large' } : { ok: true, kind };
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const ascii = (bytes: Uint8Array, from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));

/** IHDR first, at least one IDAT, IEND last with nothing after it; every chunk inside the file. */
function pngSize(bytes: Uint8Array): Size | null {
  const data = view(bytes);
  let size: Size | null = null;
  let hasData = false;
  for (let at = PNG_SIGNATURE.length; at + 12 <= bytes.length; ) {
    const length = data.getUint32(at);
    const type = ascii(bytes, at + 4, at + 8);
    // Length, type, data, CRC.
    const end = at + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > bytes.length) return null;
    const first = at === PNG_SIGNATURE.length;
    if (first !== (type === 'IHDR')) return null;
    if (first) {
      if (length !== 13) return null;
      size = { width: data.getUint32(at + 8), height: data.getUint32(at + 12) };
      if (size.width === 0 || size.height === 0) return null;
    }
    if (type === 'IDAT') hasData = true;
    if (type === 'IEND') return end === bytes.length && hasData ? size : null;
    at = end;
  }
  return null;
}

// Start-of-frame markers, whatever the coding (not DHT C4, JPG C8, DAC CC).
const isStartOfFrame = (marker: number): boolean => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
const isRestart = (marker: number): boolean => marker >= 0xd0 && marker <= 0xd7;
const START_OF_SCAN = 0xda;
const END_OF_IMAGE = 0xd9;

/**
 * Marker segments after SOI, each length inside the file; exactly one frame header (the
 * size); after each scan its entropy-coded data up to the next marker; EOI as the last bytes.
 */
function jpegSize(bytes: Uint8Array): Size | null {
  const data = view(bytes);
  let size: Size | null = null;
  let scanned = false;
  let at = 2;
  for (;;) {
    // A marker: 0xFF, optional 0xFF fill bytes, then its code.
    if (bytes[at] !== 0xff) return null;
    while (bytes[at] === 0xff) at++;
    if (at >= bytes.length) return null;
    const marker = bytes[at++]!;
    if (marker === END_OF_IMAGE) return at === bytes.length && scanned ? size : null;
    // Anything else that is not a segment (SOI again, RST outside a scan, TEM, stuffing) is not a JPEG.
    if (marker < 0xc0 || marker === 0xd8 || isRestart(marker)) return null;
    if (at + 2 > bytes.length) return null;
    const end = at + data.getUint16(at);
    if (end < at + 2 || end > bytes.length) return null;
    if (isStartOfFrame(marker)) {
      // Length, precision, height, width, components.
      if (size || end < at + 8) return null;
      size = { width: data.getUint16(at + 5), height: data.getUint16(at + 3) };
      if (size.width === 0 || size.height === 0) return null;
    }
    at = end;
    if (marker === START_OF_SCAN) {
      if (!size) return null;
      scanned = true;
      at = endOfScan(bytes, at);
      if (at < 0) return null;
    }
  }
}

/** Where the entropy-coded data after a scan header ends: the next marker that is not a restart, or -1. */
function endOfScan(bytes: Uint8Array, from: number): number {
  for (let at = from; at + 1 < bytes.length; at++) {
    if (bytes[at] !== 0xff) continue;
    const next = bytes[at + 1]!;
    // Stuffed 0xFF00 and restart markers belong to the data; a fill byte is looked at again.
    if (next === 0x00 || isRestart(next)) at++;
    else if (next !== 0xff) return at;
  }
  return -1;
}

// `%%EOF` may be followed by a line end; incremental updates put theirs at the very end too.
const PDF_TAIL_BYTES = 1024;

/** `%PDF-<major>.<minor>` at the start and `%%EOF` near the end. */
function isPdf(bytes: Uint8Array): boolean {
  if (!/^%PDF-\d\.\d/.test(ascii(bytes, 0, 8))) return false;
  return /%%EOF\s*$/.test(ascii(bytes, Math.max(0, bytes.length - PDF_TAIL_BYTES), bytes.length));
}
