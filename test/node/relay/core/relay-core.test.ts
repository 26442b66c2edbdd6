/** The relay handler, called with Request objects and an injected upstream: every row of the contract's table. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRateLimiter, createRelay, type RelayOptions } from '../../../../src/relay/index.js';
import { splitUrl } from '../../../../src/relay/core/relay-core.js';
import { verifySession } from '../../../../src/relay/core/session.js';

const SESSION_SECRET = 'a-session-secret-for-tests';
import {
  BASIS_OK,
  captureLogs,
  hangingFetch,
  json,
  KEY,
  post,
  recordingFetch,
  RELAY_URL,
  TOKENS,
  VALID,
  visible,
} from '../../helpers/relay.js';

const relayWith = (fetch = recordingFetch().fetch, options: Partial<RelayOptions> = {}) =>
  createRelay({ apiKey: KEY, fetch, logger: false, rateLimiter: false, ...options });

async function body(response: Response) {
  return JSON.parse(await response.clone().text()) as Record<string, unknown>;
}

async function assertError(response: Response, status: number, code: string) {
  assert.equal(response.status, status);
  assert.deepEqual(await body(response), { status: 'error', errors: [code] });
}

function assertCommonHeaders(response: Response) {
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(response.headers.get('content-type'), 'application/json');
  assert.match(response.headers.get('vary') ?? '', /Origin/);
  assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
}

describe('relay: upstream ok', () => {
  it('answers 200 with userHash, userId and the steps` session only, no tokens', async () => {
    const response = await relayWith(undefined, { sessionSecret: SESSION_SECRET })(post(VALID));
    assert.equal(response.status, 200);
    const { session, ...rest } = await body(response);
    assert.deepEqual(rest, { status: 'ok', userHash: 'a1b2c3d4e5f6', userId: '4711' });
    const verified = await verifySession(String(session), SESSION_SECRET, Date.now());
    assert.deepEqual([verified?.userHash, verified?.userId], ['a1b2c3d4e5f6', '4711']);
    assertCommonHeaders(response);
    const seen = await visible(response);
    for (const token of Object.values(TOKENS)) assert.ok(!seen.includes(token), 'a token leaked');
    assert.ok(!seen.includes(KEY));
  });

  it('takes check_id when user_id is missing, and string ids', async () => {
    const { user_id: _omit, ...rest } = BASIS_OK;
    let response = await relayWith(recordingFetch(json({ ...rest, check_id: 'chk-99' })).fetch)(post(VALID));
    assert.deepEqual({ ...(await body(response)), session: undefined }, { status: 'ok', userHash: 'a1b2c3d4e5f6', userId: 'chk-99', session: undefined });
    response = await relayWith(recordingFetch(json({ ...BASIS_OK, user_id: '12' })).fetch)(post(VALID));
    assert.equal((await body(response)).userId, '12');
  });

  it('gives onVerified the full answer (tokens) and the validated input (tax id), and awaits it', async () => {
    const seen: unknown[] = [];
    const relay = relayWith(undefined, {
      onVerified: async (result, input) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push(result, input);
      },
    });
    const response = await relay(post({ ...VALID, tax_identification_number: 'DE123', country_nationality: 'de' }));
    assert.equal(response.status, 200);
    assert.equal(seen.length, 2, 'onVerified finished before the answer');
    assert.deepEqual(seen[0], BASIS_OK);
    assert.equal((seen[1] as Record<string, unknown>).tax_identification_number, 'DE123');
    assert.equal((seen[1] as Record<string, unknown>).country_nationality, 'DE');
  });

  it('answers 500 relay:error when onVerified throws (the integrator could not record the person)', async () => {
    const logs = captureLogs();
    const relay = relayWith(undefined, {
      logger: logs.logger,
      onVerified: () => {
        throw new Error('db down for anna.smith@example.com');
      },
    });
    await assertError(await relay(post(VALID)), 500, 'relay:error');
    assert.equal(logs.entries[0]?.note, 'on-verified-failed');
    assert.ok(!logs.text().includes('anna'));
  });
});

describe('relay: the upstream request', () => {
  it('posts once to the fixed URL, no redirects, with a time limit and a JSON body', async () => {
    const upstream = recordingFetch();
    await relayWith(upstream.fetch)(post(VALID, { url: 'https://attacker.example/api/kyc/base-check?upstream=x' }));
    assert.equal(upstream.calls.length, 1);
    const [call] = upstream.calls;
    assert.equal(call!.url, 'https://api.basisid.com/auth/base-check');
    assert.equal(call!.init.method, 'POST');
    // Redirects refused outright (a fetch that ignores the mode is checked on the answer too).
    assert.equal(call!.init.redirect, 'error');
    assert.ok(call!.init.signal instanceof AbortSignal);
    assert.equal(new Headers(call!.init.headers).get('content-type'), 'application/json');
  });

  it('uses the configured upstream URL', async () => {
    const upstream = recordingFetch();
    await relayWith(upstream.fetch, { upstreamUrl: 'https://mock.basis.test/base-check' })(post(VALID));
    assert.equal(upstream.calls[0]!.url, 'https://mock.basis.test/base-check');
  });

  it('rebuilds the body: server key, allowed fields only, empty optionals dropped, no tax id', async () => {
    const upstream = recordingFetch();
    const form = JSON.stringify({
      ...VALID,
      key: 'browser-key',
      api_key: 'x',
      is_admin: true,
      middle_name: '',
      phone2: '',
      zip: '',
      city: ' Berlin ',
      gender: 1,
      country_residence: 'de',
      tax_identification_number: 'DE999',
    });
    // A JSON `__proto__` key is an own property after JSON.parse: it must be dropped like any other.
    await relayWith(upstream.fetch)(post(form.replace('{', '{"__proto__":{"key":"proto-key"},')));
    const sent = upstream.calls[0]!.body;
    assert.deepEqual(sent, {
      key: KEY,
      ...VALID,
      gender: 1,
      country_residence: 'DE',
      city: 'Berlin',
    });
    assert.deepEqual(Object.keys(sent)[0], 'key');
    assert.ok(!('tax_identification_number' in sent));
  });
});

describe('relay: bad input', () => {
  it('answers 422 with the schema codes and never calls upstream', async () => {
    const upstream = recordingFetch();
    const response = await relayWith(upstream.fetch)(post({ ...VALID, first_name: '', phone: '12345', email: undefined }));
    assert.equal(response.status, 422);
    const answer = await body(response);
    assert.equal(answer.status, 'bad');
    assert.deepEqual(new Set(answer.errors as string[]), new Set(['empty:first_name', 'invalid:phone', 'empty:email']));
    assert.equal(upstream.calls.length, 0);
    assertCommonHeaders(response);
  });

  it('applies requiredFields and minAge', async () => {
    const relay = relayWith(undefined, { requiredFields: ['city'], minAge: 200 });
    const answer = await body(await relay(post(VALID)));
    assert.deepEqual(new Set(answer.errors as string[]), new Set(['empty:city', 'too_young:birthday_year']));
  });

  it('passes upstream status:"bad" on as 422, errors as an array or one string', async () => {
    for (const errors of [['empty:first_name', 'user:exists'], 'user:exists']) {
      const response = await relayWith(recordingFetch(json({ status: 'bad', errors })).fetch)(post(VALID));
      assert.equal(response.status, 422);
      assert.deepEqual(await body(response), { status: 'bad', errors: Array.isArray(errors) ? errors : [errors] });
    }
  });

  it('never passes on malformed upstream codes', async () => {
    const response = await relayWith(recordingFetch(json({ status: 'bad', errors: ['<script>', 42, ''] })).fetch)(post(VALID));
    assert.deepEqual(await body(response), { status: 'bad', errors: ['invalid:form'] });
  });
});

describe('relay: refused requests', () => {
  it('400 for a body that is not a JSON object', async () => {
    const relay = relayWith();
    for (const raw of ['', '{', 'first_name=Anna', '[]', 'null', '42', '"x"', '{"a":1}x']) {
      await assertError(await relay(post(raw)), 400, 'request:invalid_json');
    }
    const badUtf8 = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    await assertError(
      await relay(new Request(RELAY_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: badUtf8 })),
      400,
      'request:invalid_json',
    );
  });

  it('415 for anything but application/json (charset utf-8 allowed)', async () => {
    const upstream = recordingFetch();
    const relay = relayWith(upstream.fetch);
    for (const type of [null, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/jsonx']) {
      await assertError(await relay(post(VALID, { contentType: type })), 415, 'request:content_type');
    }
    assert.equal(upstream.calls.length, 0);
    for (const type of ['application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
      assert.equal((await relay(post(VALID, { contentType: type }))).status, 200);
    }
  });

  it('413 past maxBodyBytes, from Content-Length or while streaming', async () => {
    const relay = relayWith(undefined, { maxBodyBytes: 1024 });
    const big = JSON.stringify({ ...VALID, address: 'x'.repeat(2000) });
    await assertError(await relay(post(big)), 413, 'request:too_large');

    // No Content-Length and an endless body: reading stops just past the limit.
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 256;
        controller.enqueue(new Uint8Array(256).fill(0x20));
      },
    });
    await assertError(await relay(post(endless)), 413, 'request:too_large');
    assert.ok(pulled <= 1024 + 256 * 3, `read ${pulled} bytes of an endless body`);
  });

  it('405 with Allow for other methods, 404 elsewhere, /healthz for GET and HEAD', async () => {
    const relay = relayWith();
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD']) {
      const response = await relay(new Request(RELAY_URL, { method }));
      assert.equal(response.status, 405, method);
      assert.equal(response.headers.get('allow'), 'POST, OPTIONS');
      if (method !== 'HEAD') assert.deepEqual(await body(response), { status: 'error', errors: ['request:method'] });
    }
    await assertError(await relay(new Request('https://relay.test/api/kyc/other', { method: 'POST' })), 404, 'request:not_found');
    await assertError(await relay(new Request('https://relay.test/', {})), 404, 'request:not_found');

    const health = await relay(new Request('https://relay.test/healthz'));
    assert.equal(health.status, 200);
    assert.deepEqual(await body(health), { status: 'ok' });
    assertCommonHeaders(health);
    assert.equal((await relay(new Request('https://relay.test/healthz', { method: 'HEAD' }))).status, 200);
    const wrong = await relay(new Request('https://relay.test/healthz', { method: 'POST', body: '{}' }));
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET, HEAD');
  });

  it('serves a custom path', async () => {
    const relay = relayWith(undefined, { path: '/signup/check' });
    assert.equal((await relay(post(VALID, { url: 'https://relay.test/signup/check' }))).status, 200);
    assert.equal((await relay(post(VALID))).status, 404);
  });
});

describe('relay: upstream failures', () => {
  const cases: [string, () => Response | Promise<Response>, string][] = [
    ['HTTP 500', () => json({ status: 'error' }, 500), 'upstream-http-500'],
    ['HTTP 400', () => json('bad request', 400), 'upstream-http-400'],
    ['a redirect', () => new Response(null, { status: 302, headers: { Location: 'https://elsewhere.example/' } }), 'upstream-redirect'],
    ['HTML', () => new Response('<html><body>Bad gateway</body></html>', { headers: { 'Content-Type': 'text/html' } }), 'upstream-unparseable'],
    ['malformed JSON', () => json('{"status":"ok","user_hash":'), 'upstream-unparseable'],
    ['an unknown status', () => json({ status: 'maybe' }), 'upstream-unparseable'],
    ['ok without a hash', () => json({ status: 'ok', user_id: 1 }), 'upstream-unparseable'],
    ['ok without an id', () => json({ status: 'ok', user_hash: 'abc' }), 'upstream-unparseable'],
    ['a hash past 512 characters', () => json({ status: 'ok', user_hash: 'h'.repeat(513), user_id: 1 }), 'upstream-unparseable'],
    ['an id past 512 characters', () => json({ status: 'ok', user_hash: 'abc', user_id: '7'.repeat(513) }), 'upstream-unparseable'],
    ['a JSON array', () => json([1, 2]), 'upstream-unparseable'],
    ['a network error', () => Promise.reject(new TypeError('fetch failed')), 'upstream-network'],
    ['a huge answer', () => json({ status: 'ok', user_hash: 'a', user_id: 1, pad: 'x'.repeat(100_000) }), 'upstream-answer-too_large'],
  ];
  for (const [name, reply, note] of cases) {
    it(`502 upstream:unavailable for ${name}, after one attempt`, async () => {
      const logs = captureLogs();
      const upstream = recordingFetch(reply);
      const response = await relayWith(upstream.fetch, { logger: logs.logger })(post(VALID));
      await assertError(response, 502, 'upstream:unavailable');
      assert.equal(upstream.calls.length, 1);
      assert.equal(logs.entries[0]?.note, note);
    });
  }

  it('502 for error:key, logged for the operator without the key, never described to the browser', async () => {
    const logs = captureLogs();
    for (const errors of ['error:key', ['error:key']]) {
      const response = await relayWith(recordingFetch(json({ status: 'bad', errors })).fetch, { logger: logs.logger })(post(VALID));
      await assertError(response, 502, 'upstream:unavailable');
      assert.ok(!(await visible(response)).includes('key'));
    }
    assert.deepEqual(logs.entries.map((e) => e.note), ['upstream-error-key', 'upstream-error-key']);
    assert.ok(!logs.text().includes(KEY));
  });

  it('504 upstream:timeout when upstream does not answer in time', async () => {
    const started = Date.now();
    const response = await relayWith(hangingFetch, { timeoutMs: 50 })(post(VALID));
    await assertError(response, 504, 'upstream:timeout');
    assert.ok(Date.now() - started < 2000);
  });

  it('504 when the answer body stalls past the time limit', async () => {
    // Headers come at once; the body never ends, so only the signal passed to fetch can end the read.
    const stalling: typeof hangingFetch = async (_input, init) => {
      const socket = setInterval(() => {}, 1000);
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"status":'));
          init!.signal!.addEventListener('abort', () => {
            clearInterval(socket);
            controller.error(init!.signal!.reason);
          });
        },
      });
      return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    await assertError(await relayWith(stalling, { timeoutMs: 50 })(post(VALID)), 504, 'upstream:timeout');
  });
});

describe('relay: origins and CORS', () => {
  const ALLOWED = 'https://shop.example';
  const relay = () => relayWith(undefined, { allowedOrigins: [ALLOWED, 'http://localhost:5173'] });

  it('serves a request without Origin, with no CORS headers', async () => {
    const response = await relay()(post(VALID));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.match(response.headers.get('vary')!, /Origin/);
  });

  it('answers an allowed origin with exactly that origin, on success and on errors', async () => {
    for (const input of [VALID, { ...VALID, first_name: '' }, 'not json']) {
      const response = await relay()(post(input, { headers: { Origin: ALLOWED } }));
      assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED);
      assert.match(response.headers.get('vary')!, /Origin/);
      assert.match(response.headers.get('access-control-expose-headers')!, /Retry-After/);
    }
  });

  it('403 for other origins, without CORS headers, and never calls upstream', async () => {
    const upstream = recordingFetch();
    const handler = relayWith(upstream.fetch, { allowedOrigins: [ALLOWED] });
    for (const origin of ['https://evil.example', 'https://shop.example.evil.example', 'http://shop.example', 'https://shop.example:8443', 'null', 'HTTPS://SHOP.EXAMPLE']) {
      const response = await handler(post(VALID, { headers: { Origin: origin } }));
      await assertError(response, 403, 'request:origin');
      assert.equal(response.headers.get('access-control-allow-origin'), null);
      assert.equal(response.headers.get('access-control-allow-methods'), null);
    }
    assert.equal(upstream.calls.length, 0);
  });

  it('with no list, only the same origin is served', async () => {
    const handler = relayWith();
    assert.equal((await handler(post(VALID, { headers: { Origin: 'https://relay.test' } }))).status, 200);
    const proxied = post(VALID, { url: 'http://10.0.0.5:8787/api/kyc/base-check', headers: { Origin: 'https://relay.test', 'Sec-Fetch-Site': 'same-origin' } });
    assert.equal((await handler(proxied)).status, 200);
    assert.equal((await handler(post(VALID, { headers: { Origin: 'https://shop.example' } }))).status, 403);
  });

  it('answers a preflight from an allowed origin', async () => {
    const response = await relay()(
      new Request(RELAY_URL, {
        method: 'OPTIONS',
        headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      }),
    );
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED);
    assert.match(response.headers.get('access-control-allow-methods')!, /\bPOST\b/);
    assert.match(response.headers.get('access-control-allow-headers')!, /content-type/i);
    assert.ok(Number(response.headers.get('access-control-max-age')) > 0);
    assert.match(response.headers.get('vary')!, /Origin/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(await response.text(), '');
  });

  it('refuses a preflight from another origin, without CORS headers', async () => {
    const response = await relay()(new Request(RELAY_URL, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } }));
    assert.equal(response.status, 403);
    for (const name of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers']) {
      assert.equal(response.headers.get(name), null);
    }
  });

  it('rejects allowed origins that are not origins', () => {
    for (const bad of ['https://shop.example/', 'shop.example', 'https://shop.example/path', '*', 'HTTPS://Shop.example']) {
      assert.throws(() => createRelay({ apiKey: KEY, allowedOrigins: [bad] }), /not an origin/);
    }
  });
});

describe('relay: rate limit', () => {
  const limited = (options: Partial<RelayOptions> = {}) =>
    createRelay({ apiKey: KEY, fetch: recordingFetch().fetch, logger: false, ...options });

  it('allows 5 a minute per client by default, then 429 with Retry-After', async () => {
    const relay = limited();
    for (let i = 0; i < 5; i++) assert.equal((await relay(post(VALID), { clientIp: '198.51.100.7' })).status, 200);
    const response = await relay(post(VALID), { clientIp: '198.51.100.7' });
    await assertError(response, 429, 'request:rate_limited');
    const retry = Number(response.headers.get('retry-after'));
    assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After ${retry}`);
    assertCommonHeaders(response);
    assert.equal((await relay(post(VALID), { clientIp: '198.51.100.8' })).status, 200, 'another client is not limited');
  });

  it('counts invalid attempts too', async () => {
    const relay = limited();
    for (let i = 0; i < 5; i++) await relay(post('garbage'), { clientIp: '198.51.100.9' });
    assert.equal((await relay(post(VALID), { clientIp: '198.51.100.9' })).status, 429);
  });

  it('ignores X-Forwarded-For unless trustProxy, then believes the entry the proxy appended', async () => {
    const spoofing = limited();
    for (let i = 0; i < 5; i++) {
      await spoofing(post(VALID, { headers: { 'X-Forwarded-For': `203.0.113.${i}` } }), { clientIp: '192.0.2.1' });
    }
    assert.equal((await spoofing(post(VALID, { headers: { 'X-Forwarded-For': '203.0.113.99' } }), { clientIp: '192.0.2.1' })).status, 429);

    const proxied = limited({ trustProxy: true });
    // The client may prepend anything; only the right-most entry (added by our proxy) counts.
    for (let i = 0; i < 5; i++) {
      await proxied(post(VALID, { headers: { 'X-Forwarded-For': `10.9.9.${i}, 203.0.113.50` } }), { clientIp: '127.0.0.1' });
    }
    const sixth = await proxied(post(VALID, { headers: { 'X-Forwarded-For': '1.1.1.1, 203.0.113.50' } }), { clientIp: '127.0.0.1' });
    assert.equal(sixth.status, 429);
    const other = await proxied(post(VALID, { headers: { 'X-Forwarded-For': '203.0.113.51' } }), { clientIp: '127.0.0.1' });
    assert.equal(other.status, 200);
  });

  it('behind a proxy that appends ports, every port of one client shares its limit', async () => {
    const relay = limited({ trustProxy: 1 });
    const from = (entry: string) => relay(post(VALID, { headers: { 'X-Forwarded-For': entry } }), { clientIp: '127.0.0.1' });
    for (let port = 40_000; port < 40_005; port++) assert.equal((await from(`203.0.113.60:${port}`)).status, 200);
    assert.equal((await from('203.0.113.60:40005')).status, 429);
    for (let port = 40_000; port < 40_005; port++) assert.equal((await from(`[2001:db8:5:6::1]:${port}`)).status, 200);
    assert.equal((await from('[2001:db8:5:6::2]:50000')).status, 429, 'an IPv6 peer with a port counts by its /64');
  });

  it('with fewer X-Forwarded-For entries than trusted proxies, counts the socket`s address', async () => {
    const relay = limited({ trustProxy: 2 });
    for (let i = 0; i < 5; i++) {
      assert.equal((await relay(post(VALID, { headers: { 'X-Forwarded-For': `198.18.0.${i}` } }), { clientIp: '192.0.2.77' })).status, 200);
    }
    const chosen = await relay(post(VALID, { headers: { 'X-Forwarded-For': '198.18.0.99' } }), { clientIp: '192.0.2.77' });
    assert.equal(chosen.status, 429, 'a client-chosen leftmost entry buys no fresh limit');
  });

  it('uses the clientIp option first, and one shared bucket when no address is known', async () => {
    const relay = limited({ clientIp: (request) => request.headers.get('cf-connecting-ip') });
    for (let i = 0; i < 5; i++) await relay(post(VALID, { headers: { 'cf-connecting-ip': '198.51.100.1' } }));
    assert.equal((await relay(post(VALID, { headers: { 'cf-connecting-ip': '198.51.100.1' } }))).status, 429);
    assert.equal((await relay(post(VALID, { headers: { 'cf-connecting-ip': '198.51.100.2' } }))).status, 200);

    const logs = captureLogs();
    const anonymous = limited({ logger: logs.logger, rateLimiter: undefined });
    for (let i = 0; i < 5; i++) await anonymous(post(VALID));
    assert.equal((await anonymous(post(VALID))).status, 429);
    assert.match(logs.entries[0]!.note!, /no-client-ip/);
  });

  it('a failing store still limits, in the instance`s memory, and says so once', async () => {
    const changes: string[] = [];
    const relay = limited({
      rateLimiter: createRateLimiter({ limit: 2, windowMs: 60_000, store: { hit: () => Promise.reject(new Error('redis down')) }, onStoreChange: (m) => changes.push(m) }),
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await relay(post(VALID), { clientIp: '192.0.2.1' })).status);
    assert.deepEqual(statuses, [200, 200, 429, 429]);
    assert.equal(changes.length, 1);
    assert.match(changes[0]!, /redis down.*memory/);
  });

  it('a limiter that throws is a fault (500), not a free pass', async () => {
    const upstream = recordingFetch();
    const relay = limited({ fetch: upstream.fetch, rateLimiter: { consume: () => Promise.reject(new Error('broken')) } });
    await assertError(await relay(post(VALID), { clientIp: '192.0.2.1' }), 500, 'relay:error');
    assert.equal(upstream.calls.length, 0);
  });

  it('does not limit preflights or health checks', async () => {
    const relay = limited({ rateLimiter: { consume: async () => ({ allowed: false, retryAfterSeconds: 9 }) } });
    assert.equal((await relay(new Request('https://relay.test/healthz'))).status, 200);
    assert.equal((await relay(new Request(RELAY_URL, { method: 'OPTIONS' }))).status, 204);
    const response = await relay(post(VALID));
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '9');
  });
});

describe('relay: logs', () => {
  it('one line per request with time, method, path, status, duration and request id, and no PII', async () => {
    const logs = captureLogs();
    let n = 0;
    const upstream = recordingFetch(() => {
      n += 1;
      if (n === 1) return json(BASIS_OK);
      if (n === 2) return json({ status: 'bad', errors: ['user:exists'] });
      return json({ status: 'bad', errors: 'error:key' });
    });
    const relay = createRelay({
      apiKey: KEY,
      fetch: upstream.fetch,
      logger: logs.logger,
      rateLimiter: { consume: async () => ({ allowed: n < 3, retryAfterSeconds: 60 }) },
    });
    const form = { ...VALID, tax_identification_number: 'DE-TIN-1234', key: 'browser-sent-key' };
    const responses = [
      await relay(post(form)),
      await relay(post(form)),
      await relay(post(form)),
      await relay(post(form)),
      await relay(post({ ...form, first_name: '' })),
      await relay(new Request('https://relay.test/anna.smith@example.com', { method: 'POST' })),
    ];
    assert.deepEqual(responses.map((r) => r.status), [200, 422, 502, 429, 429, 404]);
    assert.equal(logs.entries.length, responses.length);
    logs.entries.forEach((entry, i) => {
      assert.equal(entry.requestId, responses[i]!.headers.get('x-request-id'));
      assert.equal(entry.status, responses[i]!.status);
      assert.ok(!Number.isNaN(Date.parse(entry.time)));
      assert.equal(entry.method, 'POST');
      assert.ok(Number.isInteger(entry.durationMs) && entry.durationMs >= 0);
    });
    assert.equal(logs.entries[0]!.path, '/api/kyc/base-check');
    assert.equal(logs.entries[5]!.path, '(other)');
    const text = logs.text();
    for (const secret of [KEY, 'browser-sent-key', VALID.email, 'anna', VALID.phone, '15123456789', 'Anna', 'Smith', 'DE-TIN-1234', ...Object.values(TOKENS), BASIS_OK.user_hash]) {
      assert.ok(!text.includes(secret), `log holds ${secret}`);
    }
  });

  it('the default logger writes one JSON line', async (t) => {
    const lines: string[] = [];
    t.mock.method(console, 'log', (line: string) => lines.push(line));
    await createRelay({ apiKey: KEY, fetch: recordingFetch().fetch })(new Request('https://relay.test/healthz'));
    assert.equal(lines.length, 1);
    assert.equal(JSON.parse(lines[0]!).status, 200);
  });

  it('a throwing logger does not break the answer', async () => {
    const relay = relayWith(undefined, {
      logger: () => {
        throw new Error('disk full');
      },
    });
    assert.equal((await relay(post(VALID))).status, 200);
  });
});

describe('relay: routing by the request URL', () => {
  it('splitUrl gives the URL parser`s origin and pathname of any Request URL', () => {
    const pathLike = fc.oneof(
      fc.string({ unit: fc.constantFrom('/', 'a', 'Z', '0', '-', '_', '.', '~', '%', '2', 'e', '?', '#', '\\', ' ', ':', '@', '!', '$', "'", '(', '*', ';', '=', 'ü', '[', '|', '^', '{', '"') }),
      fc.string(),
    );
    const base = fc.constantFrom('http://relay.test', 'https://relay.test:8443', 'http://127.0.0.1:8787', 'http://[::1]:9');
    fc.assert(
      fc.property(base, pathLike, (origin, text) => {
        // A target that names another host (`/\\x`) is no URL on this origin: no Request carries it.
        if (!URL.canParse(`/${text}`, origin) || new URL(`/${text}`, origin).origin !== new URL(origin).origin) return;
        const url = new Request(new URL(`/${text}`, origin)).url;
        const parsed = new URL(url);
        assert.deepEqual(splitUrl(url), { origin: parsed.origin, pathname: parsed.pathname }, url);
      }),
      { numRuns: 2000 },
    );
  });
});
