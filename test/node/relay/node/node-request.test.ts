/**
 * A Node message as a web Request built only as far as it is read: what it answers straight from
 * Node, the real Request behind everything else, and the body stream's end told only to a reader
 * that asks for more (so a reader that stops at the last chunk leaves the body, and the socket).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { plainHref, toRequest, type BodyState } from '../../../../src/relay/node/node-request.js';

/** Serves one request: `inspect` gets the Request; what it returns is answered as JSON. */
async function withRequest(
  send: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
  inspect: (request: Request, state: BodyState, req: IncomingMessage) => Promise<unknown>,
): Promise<unknown> {
  const server = createServer(async (req, res) => {
    const state: BodyState = { abandoned: false };
    try {
      const seen = await inspect(toRequest(req, { trustProxy: 1 }, state), state, req);
      res.end(JSON.stringify(seen));
    } catch (error) {
      res.statusCode = 500;
      res.end(JSON.stringify(String(error)));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise((resolve, reject) => {
      const req = httpRequest({ port, host: '127.0.0.1', method: send.method ?? 'POST', path: send.path ?? '/api/kyc/base-check?x=1', headers: send.headers ?? {}, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(text))));
      });
      req.on('error', reject);
      req.end(send.body);
    });
  } finally {
    server.close();
  }
}

describe('toRequest', () => {
  it('is a Request: method, url (with a trusted X-Forwarded-Proto), headers, body', async () => {
    const seen = await withRequest(
      { headers: { 'Content-Type': 'application/json', 'X-Forwarded-Proto': 'https', Host: 'relay.test', 'X-Two': 'a' }, body: '{"a":"é"}' },
      async (request) => ({
        isRequest: request instanceof Request,
        method: request.method,
        url: request.url,
        type: request.headers.get('Content-Type'),
        has: [request.headers.has('x-two'), request.headers.has('x-none')],
        listed: [...request.headers.keys()].includes('x-two'),
        text: await request.text(),
      }),
    );
    assert.deepEqual(seen, {
      isRequest: true,
      method: 'POST',
      url: 'https://relay.test/api/kyc/base-check?x=1',
      type: 'application/json',
      has: [true, false],
      listed: true,
      text: '{"a":"é"}',
    });
  });

  it('members it does not make itself come from a real Request: signal, clone, json', async () => {
    const seen = await withRequest({ headers: { 'Content-Type': 'application/json' }, body: '{"n":1}' }, async (request) => {
      const copy = request.clone();
      return { aborted: request.signal.aborted, cloned: await copy.json(), redirect: request.redirect, used: request.bodyUsed };
    });
    assert.deepEqual(seen, { aborted: false, cloned: { n: 1 }, redirect: 'follow', used: false });
  });

  it('GET has no body; a body read to its end leaves the socket usable', async () => {
    assert.deepEqual(await withRequest({ method: 'GET' }, async (request) => request.body), null);
    const seen = await withRequest({ body: 'x'.repeat(100) }, async (request, state) => ({ length: (await request.text()).length, abandoned: state.abandoned }));
    assert.deepEqual(seen, { length: 100, abandoned: false });
  });

  it('a reader that stops at the last chunk and cancels leaves the body (the connection must close)', async () => {
    const seen = await withRequest({ body: 'abc' }, async (request, state, req) => {
      const reader = request.body!.getReader();
      const first = await reader.read();
      // The whole message has arrived; still, the reader never asked for its end.
      while (!req.complete) await new Promise((resolve) => setImmediate(resolve));
      await reader.cancel();
      return { chunk: new TextDecoder().decode(first.value), abandoned: state.abandoned };
    });
    assert.deepEqual(seen, { chunk: 'abc', abandoned: true });
  });
});

describe('plainHref', () => {
  it('is the URL parser`s href of the request, or declines', () => {
    const hostLike = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'Z', 'x', 'n', '-', '.', '0', '1', '9', '2', '5', ':', '[', ']', '%', '_', 'é', '@') }),
      fc.constantFrom('relay.test', 'localhost:8787', '127.0.0.1:80', '127.0.0.1:443', '10.0.0.255:65535', '256.1.1.1', '0x7f.1', 'a.1', 'xn--nxasmq6b.example', 'shop.example:0080', 'host:65536'),
    );
    const targetLike = fc.string({ unit: fc.constantFrom('/', 'a', 'Z', '0', '-', '_', '.', '~', '%', '2', '?', '#', '\\', ' ', ':', '@', '!', '$', "'", '(', '*', ';', '=', 'ü', '[', '|', '"', '<', '`', '{') });
    fc.assert(
      fc.property(fc.constantFrom('http' as const, 'https' as const), hostLike, targetLike, (proto, host, text) => {
        const target = `/${text}`;
        const fast = plainHref(proto, host, target);
        if (fast !== undefined) assert.equal(fast, new URL(target, `${proto}://${host}`).href, `${proto} ${host} ${target}`);
      }),
      { numRuns: 5000 },
    );
    assert.equal(plainHref('http', '127.0.0.1:8787', '/api/kyc/base-check?x=1'), 'http://127.0.0.1:8787/api/kyc/base-check?x=1');
    assert.equal(plainHref('https', 'shop.example', '/api/kyc/status'), 'https://shop.example/api/kyc/status');
  });
});

