/**
 * Judging uploads by their bytes: real files from Chromium's encoders (what the element uploads),
 * hand-built edge cases, and hostile files: other types, polyglots, broken structure, pixel bombs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { judgeFile, MAX_PIXELS } from '../../../../src/relay/core/file-type.js';
import { STEP_FILE_KINDS, type FileKind } from '../../../../src/relay/core/step.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../fixtures/files/${name}`, import.meta.url)));
const JPEG = fixture('photo.jpg');
const PNG = fixture('photo.png');
const PDF = fixture('statement.pdf');
const IMAGES = STEP_FILE_KINDS.document;
const ANY = STEP_FILE_KINDS['address-proof'];

const bytes = (...parts: (number[] | string | Uint8Array)[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : [...part])));
const u16 = (n: number) => [n >> 8, n & 0xff];
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
/** A JPEG segment: marker, length (counting itself), payload. */
const segment = (marker: number, payload: number[]) => [0xff, marker, ...u16(payload.length + 2), ...payload];
const frame = (marker: number, width: number, height: number) => segment(marker, [8, ...u16(height), ...u16(width), 1, 1, 0x11, 0]);
const scanHeader = segment(0xda, [1, 1, 0, 0, 63, 0]);
const SOI = [0xff, 0xd8];
const EOI = [0xff, 0xd9];
const chunk = (type: string, data: number[]) => [...u32(data.length), ...Buffer.from(type, 'latin1'), ...data, 0, 0, 0, 0];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ihdr = (width: number, height: number) => chunk('IHDR', [...u32(width), ...u32(height), 8, 2, 0, 0, 0]);
const png = (width: number, height: number) => bytes(PNG_SIGNATURE, ihdr(width, height), chunk('IDAT', [1, 2, 3]), chunk('IEND', []));
const jpeg = (width: number, height: number) => bytes(SOI, segment(0xe0, [...Buffer.from('JFIF\0')]), frame(0xc0, width, height), scanHeader, [1, 2, 3], EOI);

/** The Chromium JPEG with its frame header's size replaced (its SOF0 is at byte 632). */
function resizedJpeg(width: number, height: number): Uint8Array {
  const copy = JPEG.slice();
  assert.deepEqual([copy[632], copy[633]], [0xff, 0xc0]);
  copy.set([...u16(height), ...u16(width)], 637);
  return copy;
}
function resizedPng(width: number, height: number): Uint8Array {
  const copy = PNG.slice();
  copy.set([...u32(width), ...u32(height)], 16);
  return copy;
}

const ok = (kind: FileKind) => ({ ok: true, kind });
const FILE_TYPE = { ok: false, reason: 'file_type' };
const TOO_LARGE = { ok: false, reason: 'too_large' };

describe('judgeFile', () => {
  const cases: [string, Uint8Array, readonly FileKind[], object][] = [
    // Real files.
    ['a Chromium canvas JPEG', JPEG, IMAGES, ok('jpeg')],
    ['a Chromium canvas PNG', PNG, IMAGES, ok('png')],
    ['a Chromium PDF, where pdf is allowed', PDF, ANY, ok('pdf')],
    ['a JPEG where pdf is also allowed', JPEG, ANY, ok('jpeg')],
    // Hand-built but well-formed.
    ['a minimal baseline JPEG', jpeg(40, 30), IMAGES, ok('jpeg')],
    [
      'a progressive JPEG: SOF2, tables between scans, stuffed bytes, restarts, fill bytes',
      bytes(SOI, segment(0xdb, Array(65).fill(1)), frame(0xc2, 40, 30), segment(0xc4, [0, 1]), scanHeader, [1, 0xff, 0x00, 2, 0xff, 0xd0, 3],
        [0xff, 0xff], segment(0xc4, [0x10, 1]), scanHeader, [4, 5], segment(0xfe, [...Buffer.from('comment')]), EOI),
      IMAGES,
      ok('jpeg'),
    ],
    ['a PNG with ancillary chunks and two IDATs', bytes(PNG_SIGNATURE, ihdr(4, 4), chunk('tEXt', [65]), chunk('IDAT', [1]), chunk('IDAT', [2]), chunk('IEND', [])), IMAGES, ok('png')],
    ['a PDF with a line end after %%EOF', bytes('%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\r\n'), ANY, ok('pdf')],
    // Pixel bombs: tiny files declaring huge images, refused without decoding.
    ['a JPEG of exactly 40 megapixels', resizedJpeg(8000, 5000), IMAGES, ok('jpeg')],
    ['a JPEG declaring 8000 x 5001', resizedJpeg(8000, 5001), IMAGES, TOO_LARGE],
    ['a JPEG declaring 65535 x 65535', resizedJpeg(65535, 65535), IMAGES, TOO_LARGE],
    ['a PNG declaring 100000 x 100000', resizedPng(100_000, 100_000), IMAGES, TOO_LARGE],
    ['a PNG declaring 2^31 x 2', resizedPng(2 ** 31, 2), IMAGES, TOO_LARGE],
    ['a PNG of exactly 40 megapixels', png(MAX_PIXELS / 5000, 5000), IMAGES, ok('png')],
    // Types not allowed, whatever the route.
    ['a PDF where only images are allowed', PDF, IMAGES, FILE_TYPE],
    ['PDF magic then a JPEG (a polyglot that starts as PDF) for an image route', bytes('%PDF-1.4\n', JPEG), IMAGES, FILE_TYPE],
    ['GIF', bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0, 0x3b]), ANY, FILE_TYPE],
    ['WebP', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), ANY, FILE_TYPE],
    ['TIFF', bytes([0x49, 0x49, 0x2a, 0]), ANY, FILE_TYPE],
    ['HEIC', bytes([0, 0, 0, 0x18], 'ftypheic'), ANY, FILE_TYPE],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), ANY, FILE_TYPE],
    ['HTML', bytes('<!doctype html><script>alert(1)</script>'), ANY, FILE_TYPE],
    ['HTML with whitespace before a JPEG', bytes(' ', JPEG), ANY, FILE_TYPE],
    ['empty', bytes(), ANY, FILE_TYPE],
    ['one byte', bytes([0xff]), ANY, FILE_TYPE],
    // Image headers without an image's structure.
    ['JPEG magic alone', bytes([0xff, 0xd8, 0xff]), IMAGES, FILE_TYPE],
    ['JPEG magic then HTML', bytes([0xff, 0xd8, 0xff, 0xe0], '<html><script>alert(1)</script></html>'), IMAGES, FILE_TYPE],
    ['a JPEG with HTML appended after EOI', bytes(JPEG, '<script>alert(1)</script>'), IMAGES, FILE_TYPE],
    ['a JPEG with a PDF appended', bytes(JPEG, PDF), ANY, FILE_TYPE],
    ['a JPEG cut short in its data', JPEG.subarray(0, 800), IMAGES, FILE_TYPE],
    ['a JPEG cut short in its headers', JPEG.subarray(0, 640), IMAGES, FILE_TYPE],
    ['a JPEG without EOI', JPEG.subarray(0, JPEG.length - 2), IMAGES, FILE_TYPE],
    ['a JPEG without a frame header', bytes(SOI, scanHeader, [1], EOI), IMAGES, FILE_TYPE],
    ['a JPEG without a scan', bytes(SOI, frame(0xc0, 4, 4), EOI), IMAGES, FILE_TYPE],
    ['a JPEG with two frame headers', bytes(SOI, frame(0xc0, 4, 4), frame(0xc0, 9000, 9000), scanHeader, [1], EOI), IMAGES, FILE_TYPE],
    ['a JPEG of height 0', jpeg(40, 0), IMAGES, FILE_TYPE],
    ['a JPEG frame header too short to hold a size', bytes(SOI, segment(0xc0, [8, 0, 1]), scanHeader, [1], EOI), IMAGES, FILE_TYPE],
    ['a JPEG segment length below 2', bytes(SOI, [0xff, 0xe0, 0, 1], frame(0xc0, 4, 4), scanHeader, EOI), IMAGES, FILE_TYPE],
    ['a JPEG segment length past the end', bytes(SOI, [0xff, 0xe0, 0xff, 0xff, 1, 2, 3]), IMAGES, FILE_TYPE],
    ['a JPEG with SOI twice', bytes(SOI, SOI, frame(0xc0, 4, 4), scanHeader, [1], EOI), IMAGES, FILE_TYPE],
    ['a JPEG with a restart marker outside a scan', bytes(SOI, [0xff, 0xd0], frame(0xc0, 4, 4), scanHeader, [1], EOI), IMAGES, FILE_TYPE],
    ['a JPEG that ends in fill bytes', bytes(SOI, frame(0xc0, 4, 4), scanHeader, [1], [0xff, 0xff, 0xff]), IMAGES, FILE_TYPE],
    ['PNG signature alone', bytes(PNG_SIGNATURE), IMAGES, FILE_TYPE],
    ['PNG signature then HTML', bytes(PNG_SIGNATURE, '<html><script>alert(1)</script></html>'), IMAGES, FILE_TYPE],
    ['a PNG with HTML appended after IEND', bytes(PNG, '<script>alert(1)</script>'), IMAGES, FILE_TYPE],
    ['a PNG cut short', PNG.subarray(0, PNG.length - 6), IMAGES, FILE_TYPE],
    ['a PNG of width 0', png(0, 10), IMAGES, FILE_TYPE],
    ['a PNG whose first chunk is not IHDR', bytes(PNG_SIGNATURE, chunk('IDAT', [1]), ihdr(4, 4), chunk('IEND', [])), IMAGES, FILE_TYPE],
    ['a PNG with a second IHDR', bytes(PNG_SIGNATURE, ihdr(4, 4), ihdr(9000, 9000), chunk('IDAT', [1]), chunk('IEND', [])), IMAGES, FILE_TYPE],
    ['a PNG with an IHDR of the wrong length', bytes(PNG_SIGNATURE, chunk('IHDR', [...u32(4), ...u32(4)]), chunk('IDAT', [1]), chunk('IEND', [])), IMAGES, FILE_TYPE],
    ['a PNG without IDAT', bytes(PNG_SIGNATURE, ihdr(4, 4), chunk('IEND', [])), IMAGES, FILE_TYPE],
    ['a PNG chunk claiming 4 GiB', bytes(PNG_SIGNATURE, ihdr(4, 4), [0xff, 0xff, 0xff, 0xff], 'IDAT', [1, 2, 3]), IMAGES, FILE_TYPE],
    ['a PNG chunk with a non-letter type', bytes(PNG_SIGNATURE, ihdr(4, 4), chunk('ID<T', [1]), chunk('IEND', [])), IMAGES, FILE_TYPE],
    ['PDF magic then HTML, no %%EOF', bytes('%PDF-1.4\n<html><script>alert(1)</script></html>'), ANY, FILE_TYPE],
    ['a PDF with a bad version', bytes('%PDF-x\n%%EOF'), ANY, FILE_TYPE],
    ['a PDF with 2 KiB of HTML after %%EOF', bytes(PDF, `<script>${'x'.repeat(2048)}</script>`), ANY, FILE_TYPE],
  ];
  for (const [name, file, allowed, expected] of cases) {
    it(name, () => assert.deepEqual(judgeFile(file, allowed), expected));
  }

  it('walks the entropy-coded data of a 9 MiB JPEG', () => {
    const big = bytes(SOI, frame(0xc0, 4000, 3000), scanHeader, new Uint8Array(9 * 1024 * 1024).fill(0x55), EOI);
    assert.deepEqual(judgeFile(big, IMAGES), ok('jpeg'));
  });
});
