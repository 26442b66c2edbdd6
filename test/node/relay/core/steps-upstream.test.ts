/**
 * Forwarding a step's file to BASIS ID and looking up a verdict: the multipart call BASIS ID
 * documents, its answers mapped to outcomes, one attempt, a time limit, no redirects; the same
 * through real fetch against a loopback server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { basisUrl, lookupVerdict, sendStep, type StepOutcome } from '../../../../src/relay/core/steps-upstream.js';
import type { Upload } from '../../../../src/relay/core/read-upload.js';
import type { FetchLike } from '../../../../src/relay/core/fetch-once.js';
import { hangingFetch, json } from '../../helpers/relay.js';

const JPEG = readFileSync(new URL('../../../fixtures/files/photo.jpg', import.meta.url));
const BASIS = 'https://api.basisid.com/auth/base-check';
const SESSION = { userHash: 'c0ffee'.repeat(10), userId: '4711' };
const KEY = 'sk_live_TOPSECRET';
const SECRET2 = 'secret-two';
const jpegUpload = (side: 1 | 2 = 1): Upload => ({ kind: 'jpeg', side, file: new Blob([JPEG], { type: 'image/jpeg' }), documentType: 'passport' });

interface Call {
  url: string;
  init: RequestInit;
  form: FormData | null;
}
function stub(reply: () => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (input, init = {}) => {
    const form = init.body instanceof FormData ? init.body : null;
    calls.push({ url: String(input), init, form });
    return reply();
  };
  return { fetch, calls };
}
const call = (fetch: FetchLike, step: 'document' | 'selfie' | 'address-proof' = 'document', upload = jpegUpload()) =>
  sendStep({ fetch, basisUrl: BASIS, timeoutMs: 2000, session: SESSION, step, upload });

describe('basisUrl', () => {
  const cases: [string, string, string][] = [
    ['https://api.basisid.com/auth/base-check', '/auth/send-image', 'https://api.basisid.com/auth/send-image'],
    ['https://user:pass@basis.example:8443/x/base-check?debug=1#f', '/auth/send-image', 'https://basis.example:8443/auth/send-image'],
    ['http://127.0.0.1:9999/auth/base-check', '/users/info/a', 'http://127.0.0.1:9999/users/info/a'],
  ];
  for (const [configured, path, expected] of cases) it(`${configured} -> ${expected}`, () => assert.equal(basisUrl(configured, path), expected));
});

describe('sendStep', () => {
  const routes: [string, 'document' | 'selfie' | 'address-proof', 1 | 2, string, string | null][] = [
    ['a document front', 'document', 1, 'https://api.basisid.com/auth/send-document', '1'],
    ['a document back', 'document', 2, 'https://api.basisid.com/auth/send-document', '2'],
    ['a selfie', 'selfie', 1, 'https://api.basisid.com/auth/send-image', null],
    ['a proof of address', 'address-proof', 1, 'https://api.basisid.com/auth/send-statement', null],
  ];
  for (const [name, step, side, url, stepField] of routes) {
    it(`${name}: one POST to ${url} with user_hash, check_id${stepField ? ', step' : ''} and file`, async () => {
      const { fetch, calls } = stub(() => json({ status: 'ok', file: '/var/basis/uploads/123.jpg' }));
      assert.deepEqual(await call(fetch, step, jpegUpload(side)), { kind: 'ok' });
      assert.equal(calls.length, 1);
      const [{ url: sentTo, init, form }] = calls as [Call];
      assert.equal(sentTo, url);
      assert.equal(init.method, 'POST');
      assert.equal(init.redirect, 'error');
      assert.ok(init.signal instanceof AbortSignal);
      assert.deepEqual(
        [...form!.keys()].sort(),
        ['check_id', 'file', 'user_hash', ...(stepField ? ['step'] : [])].sort(),
        'no key (the step calls take none) and no document type',
      );
      assert.equal(form!.get('user_hash'), SESSION.userHash);
      assert.equal(form!.get('check_id'), SESSION.userId);
      assert.equal(form!.get('step'), stepField);
      const file = form!.get('file') as File;
      assert.equal(file.name, `${step}.jpg`);
      assert.equal(file.type, 'image/jpeg');
      assert.deepEqual(Buffer.from(await file.arrayBuffer()), JPEG);
    });
  }

  const answers: [string, () => Response, StepOutcome][] = [
    ['200 ok (its file path is not passed on)', () => json({ status: 'ok', file: '/secret/path.jpg' }), { kind: 'ok' }],
    ['404 unknown user', () => json({ status: 'error' }, 404), { kind: 'session' }],
    ['400 unreadable file', () => json({ status: 'error' }, 400), { kind: 'invalid-file' }],
    ['500', () => json({ status: 'error' }, 500), { kind: 'unavailable', note: 'upstream-http-500' }],
    ['401', () => json({}, 401), { kind: 'unavailable', note: 'upstream-http-401' }],
    ['200 not JSON', () => new Response('<html>'), { kind: 'unavailable', note: 'upstream-unparseable' }],
    ['200 status bad', () => json({ status: 'bad' }), { kind: 'unavailable', note: 'upstream-unparseable' }],
    ['200 JSON array', () => json([{ status: 'ok' }]), { kind: 'unavailable', note: 'upstream-unparseable' }],
    ['200 with a huge body', () => json({ status: 'ok', padding: 'x'.repeat(100_000) }), { kind: 'unavailable', note: 'upstream-unparseable' }],
    ['a redirect the fetch followed anyway', () => new Response(null, { status: 302, headers: { Location: 'https://elsewhere.example/' } }), { kind: 'unavailable', note: 'upstream-redirect' }],
  ];
  for (const [name, reply, outcome] of answers) {
    it(`BASIS ID answers ${name}`, async () => {
      const { fetch, calls } = stub(reply);
      assert.deepEqual(await call(fetch), outcome);
      assert.equal(calls.length, 1, 'one attempt, never retried');
    });
  }

  it('a network failure is unavailable', async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError('fetch failed');
    };
    assert.deepEqual(await call(fetch), { kind: 'unavailable', note: 'upstream-network' });
  });

  it('no answer within the time limit is a timeout', async () => {
    assert.deepEqual(await sendStep({ fetch: hangingFetch, basisUrl: BASIS, timeoutMs: 50, session: SESSION, step: 'selfie', upload: jpegUpload() }), {
      kind: 'timeout',
    });
  });

  it('a body that stalls past the time limit is a timeout', async () => {
    const fetch: FetchLike = async (_input, init) =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"status":'));
            init?.signal?.addEventListener('abort', () => controller.error(init.signal!.reason));
          },
        }),
      );
    assert.deepEqual(await sendStep({ fetch, basisUrl: BASIS, timeoutMs: 50, session: SESSION, step: 'selfie', upload: jpegUpload() }), { kind: 'timeout' });
  });
});

describe('lookupVerdict', () => {
  const expectedUrl = `https://api.basisid.com/users/info/${SESSION.userHash}/${KEY}/${createHash('sha256').update(SESSION.userHash + SECRET2).digest('hex')}`;
  const lookup = (fetch: FetchLike, userHash = SESSION.userHash) =>
    lookupVerdict({ fetch, basisUrl: BASIS, timeoutMs: 2000, apiKey: KEY, secret2: SECRET2, userHash });

  it('GETs users/info/{user_hash}/{api_key}/{sha256_hex(user_hash + SECRET2)} once', async () => {
    const { fetch, calls } = stub(() => json({ status: 'ok', user_status: 10 }));
    await lookup(fetch);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.url, expectedUrl);
    assert.equal(calls[0]!.init.method, 'GET');
    assert.equal(calls[0]!.init.redirect, 'error');
  });

  it('escapes path characters in the user_hash', async () => {
    const { fetch, calls } = stub(() => json({ status: 'ok', user_status: 10 }));
    await lookup(fetch, '../x?y');
    assert.ok(calls[0]!.url.startsWith('https://api.basisid.com/users/info/..%2Fx%3Fy/'), calls[0]!.url);
  });

  const answers: [string, () => Response, string][] = [
    ['user_status 10', () => json({ status: 'ok', user_status: 10, profile: {} }), 'approved'],
    ['user_status "10"', () => json({ status: 'ok', user_status: '10' }), 'approved'],
    ['user_status 11', () => json({ status: 'ok', user_status: 11 }), 'declined'],
    ['user_status 0', () => json({ status: 'ok', user_status: 0 }), 'pending'],
    ['user_status 4', () => json({ status: 'ok', user_status: 4 }), 'pending'],
    ['no user_status', () => json({ status: 'ok' }), 'pending'],
    ['status bad', () => json({ status: 'bad', user_status: 10 }), 'pending'],
    ['404', () => json({ status: 'error' }, 404), 'pending'],
    ['500', () => json({ status: 'ok', user_status: 10 }, 500), 'pending'],
    ['not JSON', () => new Response('nope'), 'pending'],
    ['a redirect', () => new Response(null, { status: 301, headers: { Location: '/' } }), 'pending'],
  ];
  for (const [name, reply, verdict] of answers) {
    it(`${name} -> ${verdict}`, async () => assert.deepEqual(await lookup(stub(reply).fetch), { verdict, reasons: [] }));
  }

  it('a failure or a timeout stays pending', async () => {
    const failing: FetchLike = async () => {
      throw new TypeError('fetch failed');
    };
    assert.deepEqual(await lookup(failing), { verdict: 'pending', reasons: [] });
    assert.deepEqual(await lookupVerdict({ fetch: hangingFetch, basisUrl: BASIS, timeoutMs: 50, apiKey: KEY, secret2: SECRET2, userHash: 'a' }), {
      verdict: 'pending',
      reasons: [],
    });
  });
});

describe('sendStep through real fetch against a loopback BASIS ID', () => {
  let server: Server;
  let origin: string;
  const received: { url: string; contentType: string; form: FormData }[] = [];
  before(async () => {
    server = createServer(async (req, res) => {
      if (req.url === '/auth/send-image') {
        res.writeHead(302, { Location: '/auth/send-document' }).end();
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const contentType = String(req.headers['content-type']);
      const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': contentType }, body: Buffer.concat(chunks) }).formData();
      received.push({ url: req.url!, contentType, form });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'ok', file: '/tmp/x.jpg' }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => server.close());
  const realFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

  it('sends a multipart body BASIS ID can parse', async () => {
    const outcome = await sendStep({ fetch: realFetch, basisUrl: `${origin}/auth/base-check`, timeoutMs: 5000, session: SESSION, step: 'document', upload: jpegUpload(2) });
    assert.deepEqual(outcome, { kind: 'ok' });
    const [{ url, contentType, form }] = received as [(typeof received)[number]];
    assert.equal(url, '/auth/send-document');
    assert.match(contentType, /^multipart\/form-data; boundary=/);
    assert.equal(form.get('step'), '2');
    assert.deepEqual(Buffer.from(await (form.get('file') as File).arrayBuffer()), JPEG);
  });

  it('refuses the redirect', async () => {
    const outcome = await sendStep({ fetch: realFetch, basisUrl: `${origin}/auth/base-check`, timeoutMs: 5000, session: SESSION, step: 'selfie', upload: jpegUpload() });
    assert.deepEqual(outcome, { kind: 'unavailable', note: 'upstream-redirect' });
  });
});
