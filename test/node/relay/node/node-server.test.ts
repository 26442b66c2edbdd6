/**
 * The Node adapter's direct path (a `createRelay` handler served from the Node message, without
 * Request/Response): over real sockets, with the upstream stubbed. The same answers, headers and
 * limits as the web handler; bodies that arrive in pieces, too large, cut off or never sent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, Agent, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { once } from 'node:events';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { createNodeListener, createRelay, createRateLimiter, startRelayServer, type RelayOptions, type RelayServer } from '../../../../src/relay/index.js';
import { captureLogs, json, KEY, post, recordingFetch, VALID } from '../../helpers/relay.js';

const PATH = '/api/kyc/base-check';
const ALLOWED = 'https://shop.example';

interface Sent {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Body chunks the client had written when the answer came. */
  written: number;
}

interface SendOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** The body, written chunk by chunk (`gapMs` apart); the writing stops once an answer comes. */
  chunks?: (string | Uint8Array)[];
  gapMs?: number;
  agent?: Agent;
}

/** One request over a socket, as a client sees it. */
function send(base: string, { method = 'POST', path = PATH, headers = {}, chunks = [], gapMs = 0, agent }: SendOptions = {}): Promise<Sent> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = httpRequest(`${base}${path}`, { method, headers, ...(agent ? { agent } : { agent: false }) }, (res) => {
      answered = true;
      const seenAt = written;
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, written: seenAt }));
    });
    // Past an answer the server may close while we still write: that is not the test's failure.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    void (async () => {
      for (const chunk of chunks) {
        if (answered || req.destroyed) return;
        req.write(chunk);
        written += 1;
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      }
      if (!answered) req.end();
    })();
  });
}

const form = (body: unknown = VALID) => ({ headers: { 'Content-Type': 'application/json' }, chunks: [JSON.stringify(body)] });

function assertCommonHeaders(sent: Sent, what: string) {
  assert.equal(sent.headers['cache-control'], 'no-store', what);
  assert.equal(sent.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(sent.headers['content-type'], 'application/json', what);
  assert.match(String(sent.headers['content-security-policy']), /default-src 'none'/, what);
  assert.equal(sent.headers['referrer-policy'], 'no-referrer', what);
  assert.match(sent.headers.vary ?? '', /Origin/, what);
  assert.match(String(sent.headers['x-request-id']), /^[0-9a-f-]{36}$/, what);
  if (sent.status !== 204) assert.equal(sent.headers['content-length'], String(Buffer.byteLength(sent.body)), what);
}

async function serve(options: Partial<RelayOptions> = {}): Promise<RelayServer & { upstream: ReturnType<typeof recordingFetch>; logs: ReturnType<typeof captureLogs> }> {
  const upstream = recordingFetch();
  const logs = captureLogs();
  const server = await startRelayServer({ port: 0, apiKey: KEY, fetch: upstream.fetch, logger: logs.logger, rateLimiter: false, ...options });
  return Object.assign(server, { upstream, logs });
}

describe('node path: answers and their headers', () => {
  let relay: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    relay = await serve({
      allowedOrigins: [ALLOWED],
      rateLimiter: createRateLimiter({ limit: 1, windowMs: 60_000 }),
      trustProxy: 1,
      fetch: recordingFetch((call) => (call.body.first_name === 'Upstream' ? json({ status: 'bad', errors: ['user:exists'] }) : json({ status: 'ok', user_hash: 'h1', user_id: 7 })))
        .fetch,
    });
  });
  after(() => relay.close(100));

  it('every answer carries the security headers, a request id and its length', async () => {
    // A new X-Forwarded-For per request: the limit of 1 is reached only where a case repeats one.
    let client = 0;
    const next = (headers: Record<string, string> = {}) => ({ 'X-Forwarded-For': `203.0.113.${++client}`, ...headers });
    const cases: [string, number, SendOptions][] = [
      ['ok', 200, { ...form(), headers: next({ 'Content-Type': 'application/json' }) }],
      ['bad input', 422, { ...form({ ...VALID, first_name: '' }), headers: next({ 'Content-Type': 'application/json' }) }],
      ['upstream bad', 422, { ...form({ ...VALID, first_name: 'Upstream' }), headers: next({ 'Content-Type': 'application/json' }) }],
      ['not JSON', 400, { headers: next({ 'Content-Type': 'application/json' }), chunks: ['{'] }],
      ['wrong type', 415, { headers: next({ 'Content-Type': 'text/plain' }), chunks: ['x'] }],
      ['too large', 413, { headers: next({ 'Content-Type': 'application/json' }), chunks: ['x'.repeat(20_000)] }],
      ['wrong method', 405, { method: 'GET', headers: next() }],
      ['unknown path', 404, { path: '/nope', headers: next() }],
      ['denied origin', 403, { ...form(), headers: next({ 'Content-Type': 'application/json', Origin: 'https://evil.example' }) }],
      ['preflight', 204, { method: 'OPTIONS', headers: next({ Origin: ALLOWED, 'Access-Control-Request-Method': 'POST' }) }],
      ['health', 200, { method: 'GET', path: '/healthz' }],
    ];
    for (const [what, status, options] of cases) {
      const sent = await send(relay.url, options);
      assert.equal(sent.status, status, what);
      assertCommonHeaders(sent, what);
    }
    const repeated = { ...form(), headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '198.51.100.1' } };
    await send(relay.url, repeated);
    const limited = await send(relay.url, repeated);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '60');
    assertCommonHeaders(limited, 'rate limited');
  });

  it('GET and HEAD /healthz: the same status and length, HEAD without a body', async () => {
    const get = await send(relay.url, { method: 'GET', path: '/healthz' });
    const head = await send(relay.url, { method: 'HEAD', path: '/healthz' });
    assert.deepEqual([get.status, JSON.parse(get.body)], [200, { status: 'ok' }]);
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.equal(head.headers['content-length'], get.headers['content-length']);
    const wrong = await send(relay.url, { method: 'POST', path: '/healthz', ...form() });
    assert.deepEqual([wrong.status, wrong.headers.allow], [405, 'GET, HEAD']);
  });

  it('CORS: an allowed origin gets exactly its origin back, on answers and preflights', async () => {
    const ok = await send(relay.url, { ...form(), headers: { 'Content-Type': 'application/json', Origin: ALLOWED, 'X-Forwarded-For': '192.0.2.10' } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['access-control-allow-origin'], ALLOWED);
    assert.match(ok.headers['access-control-expose-headers'] ?? '', /X-Request-Id/);
    const preflight = await send(relay.url, { method: 'OPTIONS', headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'POST' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], ALLOWED);
    assert.match(preflight.headers['access-control-allow-methods'] ?? '', /POST/);
    assert.equal(preflight.body, '');
    const denied = await send(relay.url, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
    assert.equal(denied.status, 403);
    assert.equal(denied.headers['access-control-allow-origin'], undefined);
  });

  it('CORS: the same origin is known from Host (and a trusted X-Forwarded-Proto), without CORS headers', async () => {
    const headers = { 'Content-Type': 'application/json', Host: 'relay.example', Origin: 'https://relay.example', 'X-Forwarded-Proto': 'https' };
    const same = await send(relay.url, { ...form(), headers: { ...headers, 'X-Forwarded-For': '192.0.2.11' } });
    assert.equal(same.status, 200);
    assert.equal(same.headers['access-control-allow-origin'], undefined);
    const plainHttp = await send(relay.url, { ...form(), headers: { ...headers, 'X-Forwarded-Proto': 'http', 'X-Forwarded-For': '192.0.2.12' } });
    assert.equal(plainHttp.status, 403);
  });

  it('routes by the normalized path, as a web Request would', async () => {
    const at = (path: string, n: number) => send(relay.url, { path, ...form(), headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `192.0.2.${20 + n}` } });
    assert.equal((await at('/api/kyc/base-check?utm=x#y', 1)).status, 200);
    assert.equal((await at('/api/kyc/./base-check', 2)).status, 200);
    assert.equal((await at('/api/other/../kyc/base-check', 3)).status, 200);
    assert.equal((await at('/api/kyc/%62ase-check', 4)).status, 404);
    assert.equal((await at('//api/kyc/base-check', 5)).status, 404);
    assert.equal(relay.logs.entries.at(-1)!.path, '(other)');
  });
});

describe('node path: the body', () => {
  let relay: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    relay = await serve({ maxBodyBytes: 4096 });
  });
  after(() => relay.close(100));

  it('a body arriving in pieces is read whole, UTF-8 split across chunks included, and the socket reused', async () => {
    const bytes = Buffer.from(JSON.stringify({ ...VALID, city: 'Göttingen an der Weißen Elster' }));
    const split = bytes.indexOf(Buffer.from('ß')) + 1; // between the two bytes of ß
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      relay.upstream.calls.length = 0;
      const chunks = [bytes.subarray(0, 10), bytes.subarray(10, split), bytes.subarray(split)];
      const first = await send(relay.url, { headers: { 'Content-Type': 'application/json' }, chunks, gapMs: 20, agent });
      assert.equal(first.status, 200);
      assert.equal(relay.upstream.calls[0]!.body.city, 'Göttingen an der Weißen Elster');
      assert.notEqual(first.headers.connection, 'close');
      const second = await send(relay.url, { ...form(), agent });
      assert.equal(second.status, 200);
    } finally {
      agent.destroy();
    }
  });

  it('413 as soon as a streamed body passes the limit: reading stops and the connection closes', async () => {
    relay.upstream.calls.length = 0;
    const chunks = Array.from({ length: 40 }, () => ' '.repeat(1024));
    const sent = await send(relay.url, { headers: { 'Content-Type': 'application/json' }, chunks, gapMs: 10 });
    assert.equal(sent.status, 413);
    assert.deepEqual(JSON.parse(sent.body), { status: 'error', errors: ['request:too_large'] });
    assert.equal(sent.headers.connection, 'close');
    assert.ok(sent.written < 20, `answered after ${sent.written} KiB of a 4 KiB limit`);
    assert.equal(relay.upstream.calls.length, 0);
  });

  it('413 from Content-Length alone, before any of the body is sent', async () => {
    const sent = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = httpRequest(`${relay.url}${PATH}`, { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': '100000' } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode!, connection: res.headers.connection });
        req.destroy();
      });
      req.on('error', () => {});
      req.flushHeaders();
      setTimeout(() => reject(new Error('no answer without the body')), 2000).unref();
    });
    assert.deepEqual(sent, { status: 413, connection: 'close' });
  });

  it('415 for another type without reading the body, and the connection closes', async () => {
    const sent = await send(relay.url, { headers: { 'Content-Type': 'text/plain' }, chunks: ['a', 'b', 'c'], gapMs: 20 });
    assert.equal(sent.status, 415);
    assert.equal(sent.headers.connection, 'close');
  });

  it('400 for bytes that are not UTF-8', async () => {
    const sent = await send(relay.url, { headers: { 'Content-Type': 'application/json' }, chunks: [new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d])] });
    assert.deepEqual([sent.status, JSON.parse(sent.body)], [400, { status: 'error', errors: ['request:invalid_json'] }]);
  });

  it('a client that goes away mid-body: no upstream call, one log line, and the server serves on', async () => {
    relay.upstream.calls.length = 0;
    const before = relay.logs.entries.length;
    const req = httpRequest(`${relay.url}${PATH}`, { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': '1000' } });
    req.on('error', () => {});
    req.write('{"first_name":"An');
    await new Promise((r) => setTimeout(r, 50));
    req.destroy();
    for (let i = 0; i < 100 && relay.logs.entries.length === before; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(relay.logs.entries.length, before + 1);
    assert.equal(relay.logs.entries.at(-1)!.status, 400);
    assert.equal(relay.upstream.calls.length, 0);
    assert.equal((await send(relay.url, form())).status, 200);
  });

  it('a client that resets right after sending its whole POST: never forwarded, never counted for others', async () => {
    const gone = await serve({ rateLimiter: createRateLimiter({ limit: 1, windowMs: 60_000 }) });
    try {
      const body = JSON.stringify(VALID);
      for (let i = 0; i < 3; i++) {
        const socket = connect(gone.address.port, '127.0.0.1');
        await once(socket, 'connect');
        socket.write(`POST ${PATH} HTTP/1.1\r\nHost: relay.test\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        socket.resetAndDestroy();
      }
      for (let i = 0; i < 200 && gone.logs.entries.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(gone.logs.entries.map((entry) => [entry.status, entry.note]), Array(3).fill([400, 'client-gone']));
      assert.equal(gone.upstream.calls.length, 0, 'nothing reaches upstream on behalf of a client that is gone');
      assert.equal((await send(gone.url, form())).status, 200, 'and a live client has its own count');
    } finally {
      await gone.close(100);
    }
  });

  it('a whole request in one write: answered, and the connection kept for the next', async () => {
    const client = new RawClient(relay.url);
    try {
      const body = JSON.stringify(VALID);
      for (let i = 0; i < 2; i++) {
        const answer = await client.ask(rawPost(body, `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`));
        assert.equal(answer.status, 200, `request ${i + 1}`);
        assert.equal(answer.headers.connection, 'keep-alive');
        assert.equal(JSON.parse(answer.body).status, 'ok');
      }
      const inPieces = await client.ask(rawPost(chunked(body), 'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n'));
      assert.equal(inPieces.status, 200);
    } finally {
      client.close();
    }
  });

  it('a refused body closes the connection even when it had all arrived, and is read no further', async () => {
    // A slow limiter: the whole message is in before the relay looks at the body.
    const slow = { consume: () => new Promise<{ allowed: boolean; retryAfterSeconds: number }>((r) => setTimeout(() => r({ allowed: true, retryAfterSeconds: 0 }), 30)) };
    const listener = createNodeListener(createRelay({ apiKey: KEY, fetch: recordingFetch().fetch, logger: false, rateLimiter: slow, maxBodyBytes: 4096 }));
    const flowing: (boolean | null)[] = [];
    const server = createServer((req, res) => {
      // Whether the body still flows when the answer is written on the socket (the lingering close drains it after).
      const end = req.socket.end.bind(req.socket) as (...args: unknown[]) => typeof req.socket;
      req.socket.end = ((...args: unknown[]) => {
        flowing.push(req.readableFlowing);
        return end(...args);
      }) as typeof req.socket.end;
      listener(req, res);
    });
    const base = await listenOn(server);
    const cases: [string, string, number][] = [
      ['declared too large', rawPost('x'.repeat(5000), 'Content-Type: application/json\r\nContent-Length: 5000\r\n'), 413],
      ['streamed too large', rawPost(chunked('x'.repeat(5000)), 'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n'), 413],
      ['another type', rawPost('a=1', 'Content-Type: text/plain\r\nContent-Length: 3\r\n'), 415],
    ];
    try {
      for (const [what, text, status] of cases) {
        const client = new RawClient(base);
        try {
          const answer = await client.ask(text);
          assert.deepEqual([answer.status, answer.headers.connection], [status, 'close'], what);
          await client.closed;
        } finally {
          client.close();
        }
      }
      // Past the limit the stream is paused, not left flowing into nowhere (the others were never read).
      assert.equal(flowing.length, 3);
      assert.ok(flowing.every((state) => state !== true), `flowing when answered: ${flowing.join(', ')}`);
    } finally {
      server.close();
    }
  });

  it('a message destroyed mid-body by other code still ends the request (no hanging read)', async () => {
    const logs = captureLogs();
    const listener = createNodeListener(createRelay({ apiKey: KEY, fetch: recordingFetch().fetch, logger: logs.logger, rateLimiter: false }));
    const server = createServer((req, res) => {
      listener(req, res);
      setTimeout(() => req.destroy(), 30);
    });
    const base = await listenOn(server);
    try {
      const req = httpRequest(`${base}${PATH}`, { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': '1000' } });
      req.on('error', () => {});
      req.write('{"first_name":');
      for (let i = 0; i < 100 && logs.entries.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      req.destroy();
      assert.equal(logs.entries.length, 1);
      assert.equal(logs.entries[0]!.status, 400);
    } finally {
      server.close();
    }
  });

  it('a body already read by middleware in front counts as empty, as a web stream would say', async () => {
    const listener = createNodeListener(createRelay({ apiKey: KEY, fetch: recordingFetch().fetch, logger: false, rateLimiter: false }));
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => listener(req, res));
    });
    const base = await listenOn(server);
    try {
      const sent = await send(base, form());
      assert.deepEqual([sent.status, JSON.parse(sent.body)], [400, { status: 'error', errors: ['request:invalid_json'] }]);
    } finally {
      server.close();
    }
  });
});

/** A raw connection, to send a whole request in one write (the body then waits, complete, before the relay reads it). */
class RawClient {
  private socket: Socket;
  private received = '';
  closed: Promise<void>;

  constructor(base: string) {
    const { hostname, port } = new URL(base);
    this.socket = connect(Number(port), hostname);
    this.socket.setEncoding('latin1').on('data', (text: string) => (this.received += text));
    this.closed = once(this.socket, 'close').then(() => {});
  }

  /** Sends `text` whole and reads one answer: status, headers (lower case) and body. */
  async ask(text: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    this.received = '';
    this.socket.write(text);
    for (let i = 0; i < 200; i++) {
      const end = this.received.indexOf('\r\n\r\n');
      if (end !== -1) {
        const [statusLine, ...lines] = this.received.slice(0, end).split('\r\n');
        const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
        const body = this.received.slice(end + 4);
        if (body.length >= Number(headers['content-length'] ?? 0)) return { status: Number(statusLine!.split(' ')[1]), headers, body };
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no whole answer: ${JSON.stringify(this.received)}`);
  }

  close() {
    this.socket.destroy();
  }
}

const rawPost = (body: string, headers: string) => `POST ${PATH} HTTP/1.1\r\nHost: relay.test\r\n${headers}\r\n${body}`;
const chunked = (body: string) => `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;

async function listenOn(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('node path: the adapter', () => {
  it('answers like the web handler: same status, body and headers', async () => {
    const options = { apiKey: KEY, fetch: recordingFetch().fetch, logger: false, rateLimiter: false, allowedOrigins: [ALLOWED] } as const;
    const web = createRelay(options);
    const server = await startRelayServer({ ...options, port: 0 });
    const requests: [string, SendOptions][] = [
      ['ok', form()],
      ['bad', form({ ...VALID, email: 'nope' })],
      ['cors', { ...form(), headers: { 'Content-Type': 'application/json', Origin: ALLOWED } }],
      ['preflight', { method: 'OPTIONS', headers: { Origin: ALLOWED } }],
      ['type', { headers: { 'Content-Type': 'text/plain' }, chunks: ['x'] }],
      ['method', { method: 'PUT', ...form() }],
    ];
    const comparable = (headers: Iterable<[string, string | string[] | undefined]>) =>
      Object.fromEntries(
        [...headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'x-request-id', 'content-length', 'transfer-encoding'].includes(name.toLowerCase())).map(([name, value]) => [name.toLowerCase(), String(value)]),
      );
    try {
      for (const [what, options] of requests) {
        const wire = await send(server.url, options);
        const init: RequestInit = { method: options.method ?? 'POST', headers: options.headers ?? {} };
        if (options.chunks) init.body = options.chunks.join('');
        const response = await web(new Request(`${server.url}${PATH}`, init));
        assert.equal(wire.status, response.status, what);
        // Each relay signs sessions with its own secret: the tokens differ, and only they.
        const unsigned = (text: string) => text.replace(/"session":"[\w.-]+"/, '"session":"…"');
        assert.equal(unsigned(wire.body), unsigned(await response.text()), what);
        assert.deepEqual(comparable(Object.entries(wire.headers)), comparable(response.headers), what);
      }
    } finally {
      await server.close(100);
    }
  });

  it('serves any other web handler through Request and Response (cookies and all)', async () => {
    const relay = createRelay({ apiKey: KEY, fetch: recordingFetch().fetch, logger: false, rateLimiter: false });
    const server = createServer(
      createNodeListener(async (request, context) => {
        const response = await relay(request, context);
        const headers = new Headers(response.headers);
        headers.append('Set-Cookie', 'a=1');
        headers.append('Set-Cookie', 'b=2');
        return new Response(response.body, { status: response.status, headers });
      }),
    );
    const base = await listenOn(server);
    try {
      const sent = await send(base, form());
      assert.equal(sent.status, 200);
      assert.deepEqual(sent.headers['set-cookie'], ['a=1', 'b=2']);
      assertCommonHeaders(sent, 'wrapped');
    } finally {
      server.close();
    }
  });

  it('follows an Express mount: the route is taken from originalUrl', async () => {
    const listener = createNodeListener(createRelay({ apiKey: KEY, fetch: recordingFetch().fetch, logger: false, rateLimiter: false }));
    const server = createServer((req, res) => {
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
      req.url = req.url!.replace(/^\/api\/kyc/, '') || '/';
      listener(req, res);
    });
    const base = await listenOn(server);
    try {
      assert.equal((await send(base, form())).status, 200);
    } finally {
      server.close();
    }
  });

  it('gives the clientIp option a Request with the headers', async () => {
    const seen: (string | null)[] = [];
    const server = await startRelayServer({
      port: 0,
      apiKey: KEY,
      fetch: recordingFetch().fetch,
      logger: false,
      rateLimiter: createRateLimiter({ limit: 1, windowMs: 60_000 }),
      clientIp: (request) => {
        seen.push(request.headers.get('cf-connecting-ip'), new URL(request.url).pathname);
        return request.headers.get('cf-connecting-ip');
      },
    });
    try {
      const from = (ip: string) => send(server.url, { ...form(), headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': ip } });
      assert.deepEqual([(await from('198.51.100.1')).status, (await from('198.51.100.1')).status, (await from('198.51.100.2')).status], [200, 429, 200]);
      assert.deepEqual(seen.slice(0, 2), ['198.51.100.1', PATH]);
    } finally {
      await server.close(100);
    }
  });

  it('a handler from createRelay still answers web Requests (the same core)', async () => {
    const handler = createRelay({ apiKey: KEY, fetch: recordingFetch().fetch, logger: false, rateLimiter: false });
    assert.equal((await handler(post(VALID))).status, 200);
  });
});
