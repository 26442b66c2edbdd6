/** The one body reader: the byte limit while streaming, declared lengths, strict UTF-8, and the same bytes as text or Blob. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readBlob, readBodyText, readJsonObject } from '../../../../src/relay/core/read-body.js';

/** A body streamed in `chunks`, recording how many were pulled and whether it was cancelled. */
function streamed(chunks: Uint8Array[], headers: Record<string, string> = {}) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[state.pulled++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { message: { body, headers: new Headers(headers) }, state };
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('readBodyText and readBlob', () => {
  it('the same bytes as text and as a Blob, UTF-8 split across chunks included', async () => {
    const bytes = utf8('{"name":"Zoë 名"}');
    const parts = [bytes.slice(0, 11), bytes.slice(11, 13), bytes.slice(13)];
    assert.deepEqual(await readBodyText(streamed(parts).message, 100), { ok: true, text: '{"name":"Zoë 名"}' });
    const blob = await readBlob(streamed(parts).message, 100);
    assert.ok(blob.ok);
    assert.deepEqual(new Uint8Array(await blob.blob.arrayBuffer()), bytes);
  });

  it('past the limit while streaming: too_large, the stream cancelled and read no further', async () => {
    for (const read of [readBodyText, readBlob]) {
      const { message, state } = streamed([new Uint8Array(60), new Uint8Array(60), new Uint8Array(60), new Uint8Array(60)]);
      assert.deepEqual(await read(message, 100), { ok: false, reason: 'too_large' });
      assert.equal(state.cancelled, true);
      assert.equal(state.pulled, 2);
    }
  });

  it('a declared Content-Length past the limit: too_large before a byte is read', async () => {
    for (const read of [readBodyText, readBlob]) {
      const { message, state } = streamed([new Uint8Array(10)], { 'content-length': '101' });
      assert.deepEqual(await read(message, 100), { ok: false, reason: 'too_large' });
      assert.deepEqual(state, { pulled: 0, cancelled: true });
    }
  });

  it('text is strict UTF-8; an erroring stream is aborted; no body is empty', async () => {
    assert.deepEqual(await readBodyText(streamed([new Uint8Array([0x7b, 0xff, 0x7d])]).message, 100), { ok: false, reason: 'not_utf8' });
    const failing = { body: new ReadableStream({ pull: (controller) => controller.error(new Error('reset')) }), headers: new Headers() };
    assert.equal(((await readBodyText(failing, 100)) as { reason: string }).reason, 'aborted');
    assert.deepEqual(await readBodyText({ body: null, headers: new Headers() }, 100), { ok: true, text: '' });
  });
});

describe('readJsonObject', () => {
  const request = (body: string, type = 'application/json') => new Request('http://relay.test/', { method: 'POST', headers: { 'content-type': type }, body });
  it('an object, or why not', async () => {
    assert.deepEqual(await readJsonObject(request('{"a":1}'), 100), { ok: true, value: { a: 1 } });
    assert.deepEqual(await readJsonObject(request('{"a":1}', 'application/json; charset=UTF-8'), 100), { ok: true, value: { a: 1 } });
    assert.deepEqual(await readJsonObject(request('[1]'), 100), { ok: false, status: 400, reason: 'invalid_json' });
    assert.deepEqual(await readJsonObject(request('{"a":1}', 'text/plain'), 100), { ok: false, status: 415, reason: 'content_type' });
    assert.deepEqual(await readJsonObject(request(`{"a":"${'x'.repeat(200)}"}`), 100), { ok: false, status: 413, reason: 'too_large' });
  });
});
