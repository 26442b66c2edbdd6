/** The relay's answers as Responses: serialized once, an ordinary Response to whoever touches it. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerResponse, serializedOf } from '../../../../src/relay/core/answer-response.js';
import { errorAnswer, refuse, serializeAnswer } from '../../../../src/relay/core/answer.js';

describe('answerResponse', () => {
  it('is a Response: status, headers, body, clone and every reader', async () => {
    const serialized = serializeAnswer(refuse(429, 'rate_limited', { 'Retry-After': '7' }), { 'X-Request-Id': 'id-1' });
    const response = answerResponse(serialized);
    assert.ok(response instanceof Response);
    assert.equal(Object.prototype.toString.call(response), '[object Response]');
    assert.deepEqual([response.status, response.ok, response.statusText], [429, false, '']);
    assert.equal(response.headers.get('retry-after'), '7');
    assert.equal(response.headers.get('x-request-id'), 'id-1');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const copy = response.clone();
    assert.deepEqual(await response.json(), { status: 'error', errors: ['request:rate_limited'] });
    assert.equal(response.bodyUsed, true);
    assert.equal(await copy.text(), '{"status":"error","errors":["request:rate_limited"]}');
    // A web Response can be made from it, as a framework wrapping the relay would.
    const wrapped = new Response(answerResponse(serialized).body, { headers: answerResponse(serialized).headers });
    assert.equal(await wrapped.text(), serialized.body);
  });

  it('a 204 has no body; a text answer is text/plain', async () => {
    const empty = answerResponse(serializeAnswer({ status: 204 }, {}));
    assert.equal(empty.body, null);
    const ok = answerResponse(serializeAnswer({ status: 200, text: 'OK' }, {}));
    assert.deepEqual([ok.headers.get('content-type'), await ok.text()], ['text/plain; charset=utf-8', 'OK']);
  });

  it('serializedOf: the serialized answer behind the relay`s Responses only', () => {
    const serialized = serializeAnswer(errorAnswer(502, 'upstream:unavailable'), {});
    assert.equal(serializedOf(answerResponse(serialized)), serialized);
    assert.equal(serializedOf(new Response('x')), undefined);
  });
});
