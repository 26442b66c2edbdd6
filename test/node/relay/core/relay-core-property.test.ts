/**
 * Property tests: hostile bodies and hostile upstream answers never make the relay answer a
 * 5xx other than 502/504, never get an invalid body forwarded, and never echo the key or tokens.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRelay } from '../../../../src/relay/index.js';
import { PAYLOAD_FIELDS } from '../../../../src/form/schema.js';
import { checkBaseCheck } from '../../../../src/form/schema.js';
import { BASIS_OK, json, KEY, post, recordingFetch, TOKENS, VALID, visible } from '../../helpers/relay.js';

const RUNS = { numRuns: 200 };
const CODE = /^[a-z_]+:[a-z0-9_]+$/;
const FORWARDABLE = new Set<string>(['key', ...PAYLOAD_FIELDS.filter((f) => f !== 'tax_identification_number')]);

const text = fc.string({ unit: 'binary', maxLength: 40 });
/** Values a hostile client might put in any field. */
const hostileValue = fc.oneof(
  text,
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', ' ', '\u202e', '\u0000', '0', '-1', '1e3', '2999', 'DE', 'de', 'xx', '7-9181234567', 'a@b.co', '<script>'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);
const fieldName = fc.oneof(fc.constantFrom(...PAYLOAD_FIELDS, 'key', '__proto__', 'constructor', 'status'), text);

/** A form that is valid but for some fields replaced or added by hostile ones. */
const mutatedForm = fc
  .tuple(fc.dictionary(fieldName, hostileValue, { maxKeys: 5 }), fc.subarray([...Object.keys(VALID)]))
  .map(([changes, dropped]) => {
    const form: Record<string, unknown> = { ...VALID };
    for (const field of dropped) delete form[field];
    for (const [field, value] of Object.entries(changes)) Object.defineProperty(form, field, { value, enumerable: true, writable: true, configurable: true });
    return JSON.stringify(form);
  });

const hostileBody = fc.oneof(
  mutatedForm,
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.dictionary(fieldName, hostileValue).map((value) => JSON.stringify(value)),
  text,
  fc.constant(JSON.stringify(VALID)),
);

// Mostly JSON, so most runs reach validation.
const contentType = fc.oneof(
  { arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8'), weight: 8 },
  { arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-16', ''), weight: 2 },
);

describe('relay properties', () => {
  it('hostile bodies: no 5xx but 502/504, nothing invalid forwarded, the key never echoed', async () => {
    await fc.assert(
      fc.asyncProperty(hostileBody, contentType, async (body, type) => {
        const upstream = recordingFetch();
        const relay = createRelay({ apiKey: KEY, fetch: upstream.fetch, logger: false, rateLimiter: false });
        const response = await relay(post(body, { contentType: type || null }));
        assert.ok(response.status < 500 || response.status === 502 || response.status === 504, `status ${response.status}`);
        assert.ok(!(await visible(response)).includes(KEY), 'the key was echoed');

        for (const call of upstream.calls) {
          const { key, ...rest } = call.body;
          assert.equal(key, KEY);
          for (const field of Object.keys(call.body)) assert.ok(FORWARDABLE.has(field), `forwarded ${field}`);
          for (const value of Object.values(rest)) assert.ok(value !== '' && value !== null && value !== undefined);
          const recheck = checkBaseCheck(rest);
          assert.ok(recheck.ok, `forwarded an invalid body: ${JSON.stringify(recheck)}`);
        }
        // The relay forwards exactly when the schema accepts the body.
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = undefined;
        }
        const acceptable = type.startsWith('application/json') && !type.includes('utf-16') && typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && checkBaseCheck(parsed).ok;
        assert.equal(upstream.calls.length, acceptable ? 1 : 0);
        assert.equal(response.status, acceptable ? 200 : response.status);
        if (response.status === 422) {
          const answer = (await response.json()) as { status: string; errors: string[] };
          assert.equal(answer.status, 'bad');
          assert.ok(answer.errors.length > 0 && answer.errors.every((code) => CODE.test(code)));
        }
      }),
      RUNS,
    );
  });

  const upstreamAnswer = fc.oneof(
    fc.record({ status: fc.constantFrom(200, 200, 200, 201, 204, 301, 400, 404, 500, 503), body: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) }),
    fc.record({ status: fc.constant(200), body: text }),
    fc.record({
      status: fc.constant(200),
      body: fc
        .record(
          {
            status: fc.constantFrom('ok', 'bad', 'error', 'OK'),
            user_hash: hostileValue,
            user_id: hostileValue,
            check_id: hostileValue,
            errors: fc.oneof(hostileValue, fc.array(fc.oneof(text, fc.constantFrom('user:exists', 'error:key', 'empty:email')), { maxLength: 3 })),
          },
          { requiredKeys: ['status'] },
        )
        .map((answer) => JSON.stringify({ ...answer, ...TOKENS })),
    }),
  );

  it('hostile upstream answers: only 200/422/502, never tokens, only well-formed bodies', async () => {
    await fc.assert(
      fc.asyncProperty(upstreamAnswer, async ({ status, body }) => {
        const upstream = recordingFetch(() => json(body, status === 204 ? 200 : status));
        const relay = createRelay({ apiKey: KEY, fetch: upstream.fetch, logger: false, rateLimiter: false });
        const response = await relay(post(VALID));
        assert.ok([200, 422, 502].includes(response.status), `status ${response.status}`);
        const seen = await visible(response);
        for (const secret of [KEY, ...Object.values(TOKENS)]) assert.ok(!seen.includes(secret), `leaked ${secret}`);
        const answer = (await response.json()) as Record<string, unknown>;
        if (response.status === 200) {
          // `session` too, unless BASIS ID's ids are too long to go in one.
          assert.deepEqual(Object.keys(answer).filter((key) => key !== 'session').sort(), ['status', 'userHash', 'userId']);
          assert.equal(answer.status, 'ok');
          assert.ok(typeof answer.userHash === 'string' && answer.userHash !== '');
          assert.ok(typeof answer.userId === 'string' && answer.userId !== '');
        } else if (response.status === 422) {
          assert.equal(answer.status, 'bad');
          assert.ok((answer.errors as string[]).every((code) => CODE.test(code) && !code.startsWith('error:')));
        } else {
          assert.deepEqual(answer, { status: 'error', errors: ['upstream:unavailable'] });
        }
      }),
      RUNS,
    );
  });

  it('a plain BASIS ok always verifies', async () => {
    const relay = createRelay({ apiKey: KEY, fetch: recordingFetch(json(BASIS_OK)).fetch, logger: false, rateLimiter: false });
    assert.equal((await relay(post(VALID))).status, 200);
  });
});
