/**
 * The Node server on loopback, against a fake BASIS ID on loopback that can be
 * slow, failing, resetting, redirecting, malformed or HTML.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { once } from 'node:events';
import { connect } from 'node:net';
import { createRateLimiter, startRelayServer, type RelayServer } from '../../../../src/relay/index.js';
import { BASIS_OK, captureLogs, KEY, TOKENS, VALID } from '../../helpers/relay.js';
import { FakeUpstream, postJson, type Mode } from '../../helpers/fake-upstream.js';

describe('relay server against a fake upstream', () => {
  const upstream = new FakeUpstream();
  let relay: RelayServer;
  let endpoint: string;

  before(async () => {
    await upstream.start();
    relay = await startRelayServer({
      host: '127.0.0.1',
      port: 0,
      apiKey: KEY,
      upstreamUrl: `${upstream.url}/auth/base-check`,
      allowedOrigins: ['https://shop.example'],
      timeoutMs: 300,
      logger: false,
      rateLimiter: false,
    });
    endpoint = `${relay.url}/api/kyc/base-check`;
  });
  after(async () => {
    await relay.close(100);
    await upstream.stop();
  });

  it('listens on loopback and reports its URL', () => {
    assert.match(relay.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('forwards a valid form and answers 200 without tokens or key', async () => {
    upstream.mode = 'ok';
    upstream.received = [];
    const answer = await postJson(endpoint, { ...VALID, key: 'browser', tax_identification_number: 'T1' });
    assert.equal(answer.status, 200);
    const { session, ...rest } = answer.body;
    assert.deepEqual(rest, { status: 'ok', userHash: BASIS_OK.user_hash, userId: '4711' });
    assert.match(String(session), /^[\w-]+\.[\w-]{43}$/);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(answer.headers.get('content-length'), String(Buffer.byteLength(answer.text)));
    const everything = answer.text + JSON.stringify([...answer.headers]);
    for (const secret of [KEY, ...Object.values(TOKENS)]) assert.ok(!everything.includes(secret));
    assert.equal(upstream.received.length, 1);
    assert.equal(upstream.received[0]!.path, '/auth/base-check');
    assert.equal(upstream.received[0]!.contentType, 'application/json');
    assert.deepEqual(upstream.received[0]!.body, { key: KEY, ...VALID });
  });

  const failures: [Mode, number, string][] = [
    ['slow', 504, 'upstream:timeout'],
    ['stall-body', 504, 'upstream:timeout'],
    ['http500', 502, 'upstream:unavailable'],
    ['reset', 502, 'upstream:unavailable'],
    ['redirect', 502, 'upstream:unavailable'],
    ['html', 502, 'upstream:unavailable'],
    ['malformed', 502, 'upstream:unavailable'],
  ];
  for (const [mode, status, code] of failures) {
    it(`${mode} upstream → ${status} ${code}, one attempt, no redirect followed`, async () => {
      upstream.mode = mode;
      upstream.received = [];
      const started = Date.now();
      const answer = await postJson(endpoint, VALID);
      assert.equal(answer.status, status);
      assert.deepEqual(answer.body, { status: 'error', errors: [code] });
      assert.equal(upstream.received.length, 1, 'exactly one upstream request');
      assert.ok(Date.now() - started < 3000);
    });
  }

  it('a redirecting upstream is refused, not followed, and logged as a redirect', async () => {
    upstream.mode = 'redirect';
    upstream.received = [];
    const logs = captureLogs();
    const logged = await startRelayServer({ port: 0, apiKey: KEY, upstreamUrl: `${upstream.url}/auth/base-check`, logger: logs.logger, rateLimiter: false });
    try {
      const answer = await postJson(`${logged.url}/api/kyc/base-check`, VALID);
      assert.deepEqual([answer.status, answer.body], [502, { status: 'error', errors: ['upstream:unavailable'] }]);
      assert.deepEqual(upstream.received.map((r) => r.path), ['/auth/base-check']);
      assert.equal(logs.entries[0]!.note, 'upstream-redirect');
    } finally {
      await logged.close(100);
    }
  });

  it('serves /healthz, 404, 405 and a malformed TRACE over the wire', async () => {
    const health = await fetch(`${relay.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    assert.equal((await fetch(`${relay.url}/nope`)).status, 404);
    const get = await fetch(endpoint);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST, OPTIONS');
    await get.text();
    // fetch cannot even represent a TRACE: the adapter still answers in the contract's shape.
    const trace = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      httpRequest(endpoint, { method: 'TRACE' }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      })
        .on('error', reject)
        .end();
    });
    assert.equal(trace.status, 400);
    assert.deepEqual(JSON.parse(trace.body), { status: 'error', errors: ['request:malformed'] });
  });

  it('answers a CORS preflight for an allowed origin and refuses another', async () => {
    const preflight = (origin: string) =>
      fetch(endpoint, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
    const ok = await preflight('https://shop.example');
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(ok.headers.get('vary')!, /Origin/);
    const denied = await preflight('https://evil.example');
    assert.equal(denied.status, 403);
    assert.equal(denied.headers.get('access-control-allow-origin'), null);
    await denied.text();
  });

  it('413 for a chunked body past the limit, read no further, and the connection closed', async () => {
    const { status, body, connection } = await new Promise<{ status: number; body: string; connection: string | undefined }>((resolve, reject) => {
      const req = httpRequest(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text, connection: res.headers.connection }));
      });
      req.on('error', reject);
      // 32 KiB in 1 KiB chunks, no Content-Length: the limit is enforced while streaming.
      for (let i = 0; i < 32; i++) req.write(`${' '.repeat(1023)}\n`);
      req.end();
    });
    assert.equal(status, 413);
    assert.deepEqual(JSON.parse(body), { status: 'error', errors: ['request:too_large'] });
    assert.equal(connection, 'close');
  });
});

/** A raw request (fetch forbids setting Host), answered with status and parsed body. */
function rawPost(url: string, headers: Record<string, string>, body: unknown) {
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('relay server behind a proxy', () => {
  it('knows its public origin from Host and X-Forwarded-Proto only when the proxy is trusted', async () => {
    const headers = { Host: 'relay.example', 'X-Forwarded-Proto': 'https', Origin: 'https://relay.example' };
    for (const [trustProxy, expected] of [[1, 200], [0, 403]] as const) {
      const server = await startRelayServer({ port: 0, sandbox: true, logger: false, rateLimiter: false, trustProxy });
      try {
        const answer = await rawPost(`${server.url}/api/kyc/base-check`, headers, { ...VALID, email: `t${trustProxy}@example.com`, phone: `49-1510000010${trustProxy}` });
        assert.equal(answer.status, expected, `trustProxy ${trustProxy}`);
      } finally {
        await server.close(100);
      }
    }
  });

  it('limits by socket address, ignoring X-Forwarded-For unless trusted', async () => {
    const server = await startRelayServer({
      port: 0,
      sandbox: true,
      logger: false,
      rateLimiter: createRateLimiter({ limit: 2, windowMs: 60_000 }),
    });
    try {
      const url = `${server.url}/api/kyc/base-check`;
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await postJson(url, { ...VALID, email: `p${i}@example.com`, phone: `49-1510000000${i}` }, { 'X-Forwarded-For': `203.0.113.${i}` })).status);
      }
      assert.deepEqual(statuses, [200, 200, 429]);
    } finally {
      await server.close(100);
    }

    const proxied = await startRelayServer({
      port: 0,
      sandbox: true,
      logger: false,
      trustProxy: 1,
      rateLimiter: createRateLimiter({ limit: 1, windowMs: 60_000 }),
    });
    try {
      const url = `${proxied.url}/api/kyc/base-check`;
      const a = await postJson(url, VALID, { 'X-Forwarded-For': '203.0.113.1' });
      const b = await postJson(url, { ...VALID, email: 'b@example.com', phone: '49-15100000009' }, { 'X-Forwarded-For': '203.0.113.2' });
      const c = await postJson(url, VALID, { 'X-Forwarded-For': '203.0.113.1' });
      assert.deepEqual([a.status, b.status, c.status], [200, 200, 429]);
    } finally {
      await proxied.close(100);
    }
  });
});

/** Writes `text` on a raw socket and gathers everything until the server closes it. */
async function rawExchange(url: string, text: string, waitMs = 15_000): Promise<{ reply: string; closedAfterMs: number }> {
  const socket = connect(Number(new URL(url).port), '127.0.0.1');
  await once(socket, 'connect');
  const started = performance.now();
  let reply = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (reply += chunk));
  socket.on('error', () => {});
  socket.write(text);
  const closed = once(socket, 'close').then(() => true);
  const gaveUp = new Promise<false>((resolve) => setTimeout(resolve, waitMs, false).unref());
  const inTime = await Promise.race([closed, gaveUp]);
  socket.destroy();
  assert.ok(inTime, `the server did not close the connection within ${waitMs} ms`);
  return { reply, closedAfterMs: performance.now() - started };
}

const statusOf = (reply: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1]);
const requestIdOf = (reply: string) => /\r\nX-Request-Id: ([0-9a-f-]{36})\r\n/i.exec(reply)?.[1];

describe('relay server: every answer, however odd the request', () => {
  let relay: RelayServer;
  const logs = captureLogs();
  before(async () => {
    relay = await startRelayServer({ port: 0, sandbox: true, logger: logs.logger, rateLimiter: false, headersTimeoutMs: 300, requestTimeoutMs: 600 });
  });
  after(() => relay.close(100));

  for (const method of ['TRACE', 'TRACK']) {
    it(`${method}: 400 request:malformed with the relay's headers, a request id and a log line`, async () => {
      const before = logs.entries.length;
      const { reply } = await rawExchange(relay.url, `${method} /api/kyc/base-check HTTP/1.1\r\nHost: relay.test\r\nConnection: close\r\n\r\n`);
      assert.equal(statusOf(reply), 400, reply);
      assert.match(reply, /\r\n\r\n\{"status":"error","errors":\["request:malformed"\]\}$/);
      assert.match(reply, /\r\nX-Content-Type-Options: nosniff\r\n/i);
      const id = requestIdOf(reply);
      assert.ok(id, reply);
      assert.equal(logs.entries.length, before + 1);
      assert.equal(logs.entries.at(-1)!.requestId, id);
      assert.equal(logs.entries.at(-1)!.status, 400);
    });
  }

  it('a client that never finishes its headers is answered 408 and closed at the headers limit, not at Node`s 30 s check', async () => {
    const before = logs.entries.length;
    const { reply, closedAfterMs } = await rawExchange(relay.url, 'POST /api/kyc/base-check HTTP/1.1\r\nHost: relay.test\r\n');
    assert.ok(closedAfterMs >= 250, `closed after ${closedAfterMs} ms, before the limit`);
    assert.equal(statusOf(reply), 408, reply);
    assert.match(reply, /\{"status":"error","errors":\["request:timeout"\]\}$/);
    assert.ok(requestIdOf(reply), reply);
    assert.equal(logs.entries.length, before + 1);
    assert.equal(logs.entries.at(-1)!.status, 408);
  });
});
