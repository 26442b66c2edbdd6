/**
 * Reading a step's upload: the 10 MiB limit while streaming (declared and chunked), the
 * multipart parse, the fields, and the file judged by its bytes whatever its name or type.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MAX_UPLOAD_BYTES, readUpload } from '../../../../src/relay/core/read-upload.js';
import type { Step } from '../../../../src/relay/core/step.js';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/files/${name}`, import.meta.url));
const JPEG = fixture('photo.jpg');
const PNG = fixture('photo.png');
const PDF = fixture('statement.pdf');
const URL_ = 'http://relay.test/api/kyc/document';

const form = (fields: Record<string, string | Blob | (string | Blob)[]>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) data.append(name, item);
  return data;
};
const file = (bytes: Uint8Array<ArrayBuffer>, name = 'photo.jpg', type = 'image/jpeg') => new File([bytes], name, { type });
const upload = (step: Step, fields: Record<string, string | Blob | (string | Blob)[]>) =>
  readUpload(new Request(URL_, { method: 'POST', body: form(fields) }), step);
const refusal = async (reading: ReturnType<typeof readUpload>) => {
  const result = await reading;
  assert.equal(result.ok, false);
  return result.ok ? null : { status: result.answer.status, errors: (result.answer.body as { errors: string[] }).errors };
};

/** A streamed (chunked) body of `total` bytes that records how much was pulled and whether it was cancelled. */
function countingStream(total: number, chunk = 64 * 1024) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      const size = Math.min(chunk, total - state.pulled);
      state.pulled += size;
      controller.enqueue(new Uint8Array(size));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}
const MULTIPART = 'multipart/form-data; boundary=xyz';

describe('readUpload: accepted uploads', () => {
  it('a document front: side, type, and the file typed by its bytes', async () => {
    const result = await upload('document', { file: file(JPEG), side: '1', type: 'passport' });
    assert.ok(result.ok);
    const { kind, side, documentType, file: sent } = result.upload;
    assert.deepEqual({ kind, side, documentType, type: sent.type }, { kind: 'jpeg', side: 1, documentType: 'passport', type: 'image/jpeg' });
    assert.deepEqual(Buffer.from(await sent.arrayBuffer()), JPEG);
  });

  it('a document back (side 2) in PNG', async () => {
    const result = await upload('document', { file: file(PNG, 'back.png', 'image/png'), side: '2', type: 'national_identity_card' });
    assert.ok(result.ok);
    assert.equal(result.upload.side, 2);
    assert.equal(result.upload.kind, 'png');
  });

  it('ignores the name and the declared type: a JPEG called statement.pdf is a JPEG', async () => {
    const result = await upload('selfie', { file: file(JPEG, 'statement.pdf', 'application/pdf') });
    assert.ok(result.ok);
    assert.equal(result.upload.kind, 'jpeg');
    assert.equal(result.upload.file.type, 'image/jpeg');
    assert.equal(result.upload.documentType, undefined);
  });

  it('a PDF proof of address', async () => {
    const result = await upload('address-proof', { file: file(PDF, 'bill.pdf', 'application/pdf') });
    assert.ok(result.ok);
    assert.equal(result.upload.kind, 'pdf');
  });

  it('a body of exactly 10 MiB is read to the end', async () => {
    // A padding field makes the encoded form exactly the limit (the boundary's length is fixed).
    const size = async (padding: number) => (await new Response(form({ file: file(JPEG), padding: 'x'.repeat(padding) })).arrayBuffer()).byteLength;
    const data = form({ file: file(JPEG), padding: 'x'.repeat(MAX_UPLOAD_BYTES - (await size(0))) });
    const response = new Response(data);
    const contentType = response.headers.get('content-type')!;
    const body = new Uint8Array(await response.arrayBuffer());
    assert.equal(body.byteLength, MAX_UPLOAD_BYTES);
    const result = await readUpload(new Request(URL_, { method: 'POST', headers: { 'content-type': contentType }, body }), 'selfie');
    assert.ok(result.ok, JSON.stringify(result));
  });
});

describe('readUpload: refusals', () => {
  it('413 at once for a declared Content-Length over 10 MiB, before reading a byte', async () => {
    const { stream, state } = countingStream(MAX_UPLOAD_BYTES + 1);
    const request = new Request(URL_, {
      method: 'POST',
      headers: { 'content-type': MULTIPART, 'content-length': String(MAX_UPLOAD_BYTES + 1) },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.deepEqual(await refusal(readUpload(request, 'selfie')), { status: 413, errors: ['request:too_large'] });
    assert.equal(state.pulled <= 64 * 1024, true, 'at most the first chunk the stream buffers ahead');
    assert.equal(state.cancelled, true);
  });

  it('413 for a chunked body, cut off as soon as it passes 10 MiB', async () => {
    const { stream, state } = countingStream(100 * 1024 * 1024);
    const request = new Request(URL_, { method: 'POST', headers: { 'content-type': MULTIPART }, body: stream, duplex: 'half' } as RequestInit);
    assert.deepEqual(await refusal(readUpload(request, 'selfie')), { status: 413, errors: ['request:too_large'] });
    assert.ok(state.pulled <= MAX_UPLOAD_BYTES + 2 * 64 * 1024, `pulled ${state.pulled}`);
    assert.equal(state.cancelled, true);
  });

  it('400 request:aborted when the body breaks off', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(10));
        controller.error(new Error('connection reset'));
      },
    });
    const request = new Request(URL_, { method: 'POST', headers: { 'content-type': MULTIPART }, body: stream, duplex: 'half' } as RequestInit);
    assert.deepEqual(await refusal(readUpload(request, 'selfie')), { status: 400, errors: ['request:aborted'] });
  });

  const contentTypes: [string, string | null][] = [
    ['no content type', null],
    ['JSON', 'application/json'],
    ['urlencoded', 'application/x-www-form-urlencoded'],
    ['multipart without a boundary', 'multipart/form-data'],
    ['multipart/mixed', 'multipart/mixed; boundary=xyz'],
  ];
  for (const [name, contentType] of contentTypes) {
    it(`415 request:content_type for ${name}`, async () => {
      const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
      const request = new Request(URL_, { method: 'POST', headers, body: 'file=x' });
      if (!contentType) request.headers.delete('content-type');
      assert.deepEqual(await refusal(readUpload(request, 'selfie')), { status: 415, errors: ['request:content_type'] });
    });
  }

  const forms: [string, Step, Record<string, string | Blob | (string | Blob)[]> | string, number, string][] = [
    ['no file', 'selfie', {}, 400, 'request:invalid_form'],
    ['file as text', 'selfie', { file: 'not a file' }, 400, 'request:invalid_form'],
    ['two files', 'selfie', { file: [file(JPEG), file(JPEG)] }, 400, 'request:invalid_form'],
    ['a body that is not multipart at all', 'selfie', 'hello', 400, 'request:invalid_form'],
    ['document without side', 'document', { file: file(JPEG), type: 'passport' }, 400, 'request:invalid_form'],
    ['document with side 3', 'document', { file: file(JPEG), side: '3', type: 'passport' }, 400, 'request:invalid_form'],
    ['document with side " 1"', 'document', { file: file(JPEG), side: ' 1', type: 'passport' }, 400, 'request:invalid_form'],
    ['document with side as a file', 'document', { file: file(JPEG), side: new File(['1'], 's'), type: 'passport' }, 400, 'request:invalid_form'],
    ['document without type', 'document', { file: file(JPEG), side: '1' }, 400, 'request:invalid_form'],
    ['document with an empty type', 'document', { file: file(JPEG), side: '1', type: '' }, 400, 'request:invalid_form'],
    ['document with a markup type', 'document', { file: file(JPEG), side: '1', type: '<script>' }, 400, 'request:invalid_form'],
    ['document with a long type', 'document', { file: file(JPEG), side: '1', type: 'a'.repeat(65) }, 400, 'request:invalid_form'],
    ['document with a path as type', 'document', { file: file(JPEG), side: '1', type: '../etc/passwd' }, 400, 'request:invalid_form'],
    ['a PDF as a selfie', 'selfie', { file: file(PDF, 'me.jpg', 'image/jpeg') }, 415, 'request:file_type'],
    ['a PDF as a document', 'document', { file: file(PDF), side: '1', type: 'passport' }, 415, 'request:file_type'],
    ['HTML called photo.jpg', 'selfie', { file: file(Buffer.from('<script>alert(1)</script>')) }, 415, 'request:file_type'],
    ['an empty file', 'address-proof', { file: file(new Uint8Array()) }, 415, 'request:file_type'],
    ['a JPEG followed by HTML', 'selfie', { file: file(Buffer.concat([JPEG, Buffer.from('<script>alert(1)</script>')])) }, 415, 'request:file_type'],
  ];
  for (const [name, step, fields, status, code] of forms) {
    it(`${status} ${code}: ${name}`, async () => {
      const reading =
        typeof fields === 'string'
          ? readUpload(new Request(URL_, { method: 'POST', headers: { 'content-type': MULTIPART }, body: fields }), step)
          : upload(step, fields);
      assert.deepEqual(await refusal(reading), { status, errors: [code] });
    });
  }

  it('413 for a pixel bomb (a small file declaring over 40 megapixels)', async () => {
    const bomb = Buffer.from(JPEG);
    bomb.writeUInt16BE(65535, 637);
    bomb.writeUInt16BE(65535, 639);
    assert.deepEqual(await refusal(upload('selfie', { file: file(bomb) })), { status: 413, errors: ['request:too_large'] });
  });
});
