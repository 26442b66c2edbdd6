/**
 * The routes after base-check through the relay's handler, with an injected BASIS ID: the
 * multipart forwarded exactly, sessions on every route, files judged by their bytes, status from
 * the store and from `users/info`, and BASIS ID's callback (signatures, replays, no CORS).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRelay, type RelayOptions, type StatusEvent } from '../../../../src/relay/index.js';
import { SESSION_LIFETIME_MS } from '../../../../src/relay/core/session.js';
import { BASIS_OK, captureLogs, json, KEY, post, VALID } from '../../helpers/relay.js';
import {
  APPROVED,
  BASIS_URL,
  callbackRequest,
  DECLINED,
  fileOf,
  JPEG,
  MORE_DATA,
  OTHER_USER,
  PIXEL_BOMB,
  POLYGLOT,
  RELAY,
  recordingBasis,
  SECRET2,
  SESSION_SECRET,
  sessionOf,
  signedCallback,
  statusRequest,
  STEP_FIELDS,
  uploadRequest,
  USER,
} from '../../helpers/journey.js';

const ALLOWED = 'https://shop.example';
const STEPS = ['document', 'selfie', 'address-proof'] as const;

function journeyRelay(options: Partial<RelayOptions> = {}) {
  const basis = recordingBasis();
  const logs = captureLogs();
  const statuses: StatusEvent[] = [];
  const relay = createRelay({
    apiKey: KEY,
    upstreamUrl: BASIS_URL,
    fetch: basis.fetch,
    logger: logs.logger,
    rateLimiter: false,
    sessionSecret: SESSION_SECRET,
    secret2: SECRET2,
    onStatus: (status) => void statuses.push(status),
    allowedOrigins: [ALLOWED],
    ...options,
  });
  return { relay, basis, logs, statuses };
}

const bodyOf = async (response: Response) => JSON.parse(await response.text()) as Record<string, unknown>;
const errorOf = async (response: Response) => [response.status, ((await bodyOf(response)).errors as string[])[0]];

describe('journey: base-check opens the steps', () => {
  it('a verified person`s session lets the browser upload for that person', async () => {
    const basis = recordingBasis();
    const relay = createRelay({
      apiKey: KEY,
      upstreamUrl: BASIS_URL,
      logger: false,
      rateLimiter: false,
      fetch: async (input, init) => (String(input).endsWith('/base-check?debug=1') ? json(BASIS_OK) : basis.fetch(input, init)),
    });
    const verified = await bodyOf(await relay(post(VALID, { url: `${RELAY}/base-check` })));
    const upload = await relay(uploadRequest('selfie', STEP_FIELDS.selfie(), String(verified.session)));
    assert.equal(upload.status, 200);
    assert.equal(basis.calls[0]!.form!.get('user_hash'), BASIS_OK.user_hash);
    assert.equal(basis.calls[0]!.form!.get('check_id'), String(BASIS_OK.user_id));
  });
});

describe('journey: uploads forwarded to BASIS ID', () => {
  const routes: [(typeof STEPS)[number], string][] = [
    ['document', 'https://basis.example:8443/auth/send-document'],
    ['selfie', 'https://basis.example:8443/auth/send-image'],
    ['address-proof', 'https://basis.example:8443/auth/send-statement'],
  ];
  for (const [step, url] of routes) {
    it(`${step}: the fields and file bytes, user_hash and check_id from the session, to ${url}`, async () => {
      const { relay, basis } = journeyRelay();
      const fields = { ...STEP_FIELDS[step](), user_hash: OTHER_USER.userHash, check_id: OTHER_USER.userId, key: 'browser-key' };
      const response = await relay(uploadRequest(step, fields, await sessionOf()));
      assert.equal(response.status, 200);
      // BASIS ID's file path stays on the server.
      assert.deepEqual(await bodyOf(response), { status: 'ok' });
      assert.equal(basis.calls.length, 1);
      const { url: called, method, form } = basis.calls[0]!;
      assert.deepEqual([called, method], [url, 'POST']);
      const expected = step === 'document' ? ['user_hash', 'check_id', 'step', 'file'] : ['user_hash', 'check_id', 'file'];
      assert.deepEqual([...form!.keys()], expected);
      assert.equal(form!.get('user_hash'), USER.userHash);
      assert.equal(form!.get('check_id'), USER.userId);
      if (step === 'document') assert.equal(form!.get('step'), '1');
      const sent = form!.get('file') as File;
      const original = fields.file as File;
      assert.deepEqual(Buffer.from(await sent.arrayBuffer()), Buffer.from(await original.arrayBuffer()));
      assert.equal(sent.type, original.type);
      assert.match(sent.name, new RegExp(`^${step}\\.(jpg|png|pdf)$`));
    });
  }

  it('a document`s back goes as step 2', async () => {
    const { relay, basis } = journeyRelay();
    const response = await relay(uploadRequest('document', { ...STEP_FIELDS.document(), side: '2' }, await sessionOf()));
    assert.equal(response.status, 200);
    assert.equal(basis.calls[0]!.form!.get('step'), '2');
  });

  it('BASIS ID`s answers: 404 unknown user is 401 request:session, 400 is 422 invalid:file, 5xx 502', async () => {
    const cases: [number, number, string, string][] = [
      [404, 401, 'request:session', 'upstream-unknown-user'],
      [400, 422, 'invalid:file', 'upstream-bad-file'],
      [500, 502, 'upstream:unavailable', 'upstream-http-500'],
    ];
    for (const [basisStatus, status, code, note] of cases) {
      const { relay, logs } = journeyRelay({ fetch: recordingBasis({ step: () => json({ status: 'error' }, basisStatus) }).fetch });
      const response = await relay(uploadRequest('selfie', STEP_FIELDS.selfie(), await sessionOf()));
      assert.deepEqual(await errorOf(response), [status, code]);
      assert.equal(logs.entries[0]!.note, note);
    }
  });

  it('30 uploads and status checks a minute per session, then 429 with Retry-After', async () => {
    const { relay } = journeyRelay();
    const token = await sessionOf();
    for (let i = 0; i < 30; i++) assert.equal((await relay(statusRequest(token))).status, 200, `request ${i + 1}`);
    const limited = await relay(uploadRequest('selfie', STEP_FIELDS.selfie(), token));
    assert.deepEqual(await errorOf(limited), [429, 'request:rate_limited']);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    // Another person's session has its own count.
    assert.equal((await relay(statusRequest(await sessionOf(OTHER_USER)))).status, 200);
  });
});

describe('journey: sessions', () => {
  const tokens = async (): Promise<[string, string | null][]> => [
    ['missing', null],
    ['malformed', 'not-a-token'],
    ['forged (another secret)', await sessionOf(USER, 'another-secret-of-16-chars')],
    ['tampered', (await sessionOf()).replace(/^./, (c) => (c === 'e' ? 'f' : 'e'))],
    ['expired', await sessionOf(USER, SESSION_SECRET, Date.now() - SESSION_LIFETIME_MS - 1000)],
  ];
  for (const route of [...STEPS, 'status'] as const) {
    it(`${route}: missing, malformed, forged, tampered and expired sessions get 401 request:session, BASIS ID untouched`, async () => {
      const { relay, basis, logs } = journeyRelay();
      for (const [what, token] of await tokens()) {
        const request = route === 'status' ? statusRequest(token) : uploadRequest(route, STEP_FIELDS[route](), token);
        assert.deepEqual(await errorOf(await relay(request)), [401, 'request:session'], what);
        assert.equal(logs.entries.at(-1)!.note, 'session-invalid', what);
      }
      assert.equal(basis.calls.length, 0);
    });
  }

  it('a session reaches only its own user: uploads go to it, status tells its verdict', async () => {
    const { relay, basis } = journeyRelay();
    await relay(callbackRequest(signedCallback(APPROVED)));
    const other = await sessionOf(OTHER_USER);
    assert.deepEqual(await bodyOf(await relay(statusRequest(other))), { status: 'ok', verdict: 'pending', reasons: [] });
    await relay(uploadRequest('document', { ...STEP_FIELDS.document(), user_hash: USER.userHash }, other));
    assert.equal(basis.calls.filter((call) => call.form).at(-1)!.form!.get('user_hash'), OTHER_USER.userHash);
    assert.deepEqual(await bodyOf(await relay(statusRequest(await sessionOf()))), { status: 'ok', verdict: 'approved', reasons: [] });
  });
});

describe('journey: files judged by their bytes, through the route', () => {
  const cases: [string, Record<string, string | Blob>, number, string][] = [
    ['a page sent as a JPEG', { file: fileOf(Buffer.from('<html><body>hi</body></html>')) }, 415, 'request:file_type'],
    ['a PDF for a selfie', { file: fileOf(Buffer.from('%PDF-1.4\n%%EOF\n'), 'me.jpg') }, 415, 'request:file_type'],
    ['a polyglot: a JPEG with a page after it', { file: fileOf(POLYGLOT) }, 415, 'request:file_type'],
    ['a pixel bomb: a tiny PNG declaring 400 megapixels', { file: fileOf(PIXEL_BOMB, 'bomb.png', 'image/png') }, 413, 'request:too_large'],
    ['no file', { side: '1' }, 400, 'request:invalid_form'],
  ];
  for (const [what, fields, status, code] of cases) {
    it(`${what}: ${status} ${code}, nothing forwarded`, async () => {
      const { relay, basis } = journeyRelay();
      assert.deepEqual(await errorOf(await relay(uploadRequest('selfie', fields, await sessionOf()))), [status, code]);
      assert.equal(basis.calls.length, 0);
    });
  }

  it('a document without its side or type: 400 request:invalid_form', async () => {
    const { relay } = journeyRelay();
    assert.deepEqual(await errorOf(await relay(uploadRequest('document', { file: fileOf(JPEG) }, await sessionOf()))), [400, 'request:invalid_form']);
  });

  it('over 10 MiB, declared or streamed: 413 request:too_large', async () => {
    const { relay, basis } = journeyRelay();
    const token = await sessionOf();
    const declared = new Request(`${RELAY}/selfie`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(10 * 1024 * 1024 + 1) },
      body: 'x',
    });
    assert.deepEqual(await errorOf(await relay(declared)), [413, 'request:too_large']);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1024 * 1024;
        controller.enqueue(new Uint8Array(1024 * 1024));
        if (pulled > 20 * 1024 * 1024) controller.close();
      },
    });
    const streamed = new Request(`${RELAY}/selfie`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'multipart/form-data; boundary=x' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.deepEqual(await errorOf(await relay(streamed)), [413, 'request:too_large']);
    assert.ok(pulled <= 12 * 1024 * 1024, `read ${pulled} bytes`);
    assert.equal(basis.calls.length, 0);
  });

  it('another content type: 415 request:content_type', async () => {
    const { relay } = journeyRelay();
    const request = new Request(`${RELAY}/selfie`, { method: 'POST', headers: { Authorization: `Bearer ${await sessionOf()}`, 'Content-Type': 'image/jpeg' }, body: JPEG });
    assert.deepEqual(await errorOf(await relay(request)), [415, 'request:content_type']);
  });
});

describe('journey: CORS of the new routes', () => {
  it('preflights of the steps and status allow Authorization and Content-Type; base-check`s Content-Type only', async () => {
    const { relay } = journeyRelay();
    const preflight = (route: string) => relay(new Request(`${RELAY}/${route}`, { method: 'OPTIONS', headers: { Origin: ALLOWED } }));
    for (const route of STEPS) {
      const response = await preflight(route);
      assert.equal(response.status, 204, route);
      assert.equal(response.headers.get('access-control-allow-headers'), 'Authorization, Content-Type', route);
      assert.equal(response.headers.get('access-control-allow-methods'), 'POST, OPTIONS', route);
      assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED, route);
    }
    const status = await preflight('status');
    assert.equal(status.headers.get('access-control-allow-methods'), 'GET, OPTIONS');
    assert.equal(status.headers.get('access-control-allow-headers'), 'Authorization, Content-Type');
    assert.equal((await preflight('base-check')).headers.get('access-control-allow-headers'), 'Content-Type');
  });

  it('an origin not allowed gets 403 on the steps and status, the same origin is served', async () => {
    const { relay } = journeyRelay();
    const token = await sessionOf();
    assert.deepEqual(await errorOf(await relay(statusRequest(token, { Origin: 'https://evil.example' }))), [403, 'request:origin']);
    assert.deepEqual(await errorOf(await relay(uploadRequest('selfie', STEP_FIELDS.selfie(), token, { Origin: 'https://evil.example' }))), [403, 'request:origin']);
    assert.equal((await relay(statusRequest(token, { Origin: 'https://relay.test' }))).status, 200);
    const allowed = await relay(statusRequest(token, { Origin: ALLOWED }));
    assert.equal(allowed.headers.get('access-control-allow-origin'), ALLOWED);
  });

  it('the callback never has CORS headers, and OPTIONS gets 405', async () => {
    const { relay } = journeyRelay();
    const options = await relay(new Request(`${RELAY}/callback`, { method: 'OPTIONS', headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'POST' } }));
    assert.deepEqual(await errorOf(options), [405, 'request:method']);
    assert.equal(options.headers.get('allow'), 'POST');
    const posted = await relay(callbackRequest(signedCallback(APPROVED), { Origin: ALLOWED }));
    assert.equal(posted.status, 200);
    for (const response of [options, posted]) {
      for (const [name] of response.headers) assert.ok(!name.startsWith('access-control-'), name);
    }
  });

  it('wrong methods: 405 with Allow', async () => {
    const { relay } = journeyRelay();
    const get = await relay(new Request(`${RELAY}/selfie`));
    assert.deepEqual([get.status, get.headers.get('allow')], [405, 'POST, OPTIONS']);
    const postStatus = await relay(new Request(`${RELAY}/status`, { method: 'POST', body: '{}' }));
    assert.deepEqual([postStatus.status, postStatus.headers.get('allow')], [405, 'GET, OPTIONS']);
  });
});

describe('journey: BASIS ID`s callback', () => {
  it('both signature shapes: 200 OK text/plain, stored, onStatus told once', async () => {
    const { relay, statuses } = journeyRelay();
    const token = await sessionOf();
    const first = await relay(callbackRequest(signedCallback(MORE_DATA)));
    assert.deepEqual([first.status, first.headers.get('content-type'), await first.text()], [200, 'text/plain; charset=utf-8', 'OK']);
    assert.deepEqual(await bodyOf(await relay(statusRequest(token))), { status: 'ok', verdict: 'more-data', reasons: ['blurry', 'document'] });
    const second = await relay(callbackRequest(signedCallback(DECLINED)));
    assert.equal(await second.text(), 'OK');
    assert.deepEqual(await bodyOf(await relay(statusRequest(token))), { status: 'ok', verdict: 'declined', reasons: ['pep', 'black_list'] });
    assert.deepEqual(statuses, [
      { userHash: USER.userHash, userId: '4711', verdict: 'more-data', reasons: ['blurry', 'document'] },
      { userHash: USER.userHash, userId: '4711', verdict: 'declined', reasons: ['pep', 'black_list'] },
    ]);
  });

  it('a replay: 200 OK, ignored (onStatus not told again, the later verdict kept)', async () => {
    const { relay, statuses, logs } = journeyRelay();
    const approved = signedCallback(APPROVED);
    await relay(callbackRequest(approved));
    await relay(callbackRequest(signedCallback(DECLINED)));
    const replay = await relay(callbackRequest(approved));
    assert.deepEqual([replay.status, await replay.text()], [200, 'OK']);
    assert.equal(statuses.length, 2);
    assert.equal(logs.entries.at(-1)!.note, 'callback-replay');
    assert.equal(((await bodyOf(await relay(statusRequest(await sessionOf())))) as { verdict: string }).verdict, 'declined');
  });

  it('forged and tampered callbacks: 401 request:signature, one log line each, nothing stored or told', async () => {
    const { relay, statuses, logs } = journeyRelay();
    const cases: [string, Record<string, unknown>][] = [
      ['signed with another secret', signedCallback(APPROVED, 'not-the-secret')],
      ['status changed after signing', { ...signedCallback(DECLINED), status: 10 }],
      ['reasons changed after signing', { ...signedCallback(DECLINED), autocheck_bad_reasons: '' }],
      ['another user after signing', { ...signedCallback(APPROVED), user_hash: OTHER_USER.userHash }],
      ['second shape, message changed', { ...signedCallback(MORE_DATA), message: 'x' }],
      ['no signature', APPROVED],
    ];
    for (const [what, body] of cases) {
      const before = logs.entries.length;
      assert.deepEqual(await errorOf(await relay(callbackRequest(body))), [401, 'request:signature'], what);
      assert.equal(logs.entries.length, before + 1, what);
      assert.equal(logs.entries.at(-1)!.note, 'callback-signature', what);
      assert.equal(logs.entries.at(-1)!.path, '/api/kyc/callback', what);
    }
    assert.deepEqual(statuses, []);
    assert.equal(((await bodyOf(await relay(statusRequest(await sessionOf())))) as { verdict: string }).verdict, 'pending');
  });

  it('not JSON: 400; another content type: 415; too large: 413', async () => {
    const { relay } = journeyRelay();
    assert.deepEqual(await errorOf(await relay(callbackRequest('{"user_hash":'))), [400, 'request:invalid_json']);
    assert.deepEqual(await errorOf(await relay(callbackRequest(JSON.stringify(signedCallback(APPROVED)), { 'Content-Type': 'text/plain' }))), [415, 'request:content_type']);
    assert.deepEqual(await errorOf(await relay(callbackRequest({ ...APPROVED, pad: 'x'.repeat(20_000) }))), [413, 'request:too_large']);
  });

  it('limited by its signature: the same callback 30 times a minute, then 429', async () => {
    const { relay } = journeyRelay();
    const body = signedCallback(APPROVED);
    for (let i = 0; i < 30; i++) assert.equal((await relay(callbackRequest(body))).status, 200);
    assert.deepEqual(await errorOf(await relay(callbackRequest(body))), [429, 'request:rate_limited']);
    // Another callback is not held up by it.
    assert.equal((await relay(callbackRequest(signedCallback(DECLINED)))).status, 200);
  });

  it('without SECRET2 the route does not exist (404), and status never looks up', async () => {
    const { relay, basis } = journeyRelay({ secret2: undefined });
    assert.deepEqual(await errorOf(await relay(callbackRequest(signedCallback(APPROVED)))), [404, 'request:not_found']);
    assert.deepEqual(await bodyOf(await relay(statusRequest(await sessionOf()))), { status: 'ok', verdict: 'pending', reasons: [] });
    assert.equal(basis.calls.length, 0);
  });

  it('a throwing onStatus: the verdict is stored and BASIS ID still told OK', async () => {
    const { relay, logs } = journeyRelay({
      onStatus: () => {
        throw new Error('integrator down');
      },
    });
    const response = await relay(callbackRequest(signedCallback(APPROVED)));
    assert.deepEqual([response.status, await response.text()], [200, 'OK']);
    assert.equal(logs.entries.at(-1)!.note, 'on-status-failed');
    assert.equal(((await bodyOf(await relay(statusRequest(await sessionOf())))) as { verdict: string }).verdict, 'approved');
  });
});

describe('journey: status from users/info', () => {
  const lookups = (calls: { url: string }[]) => calls.filter((call) => call.url.includes('/users/info/'));

  it('with nothing stored, asks users/info (on BASISID_URL`s origin, signed with SECRET2) and keeps a verdict', async () => {
    const basis = recordingBasis({ userStatus: 10 });
    const { relay } = journeyRelay({ fetch: basis.fetch });
    const token = await sessionOf();
    assert.deepEqual(await bodyOf(await relay(statusRequest(token))), { status: 'ok', verdict: 'approved', reasons: [] });
    const sign = createHash('sha256').update(USER.userHash + SECRET2).digest('hex');
    assert.deepEqual(lookups(basis.calls).map((call) => call.url), [`https://basis.example:8443/users/info/${USER.userHash}/${KEY}/${sign}`]);
    // Kept: the next status needs no lookup.
    assert.deepEqual(await bodyOf(await relay(statusRequest(token))), { status: 'ok', verdict: 'approved', reasons: [] });
    assert.equal(lookups(basis.calls).length, 1);
  });

  it('at most once a minute per user while it stays pending', async () => {
    const basis = recordingBasis({ userStatus: 1 });
    const { relay } = journeyRelay({ fetch: basis.fetch });
    const token = await sessionOf();
    for (let i = 0; i < 5; i++) assert.deepEqual(await bodyOf(await relay(statusRequest(token))), { status: 'ok', verdict: 'pending', reasons: [] });
    assert.equal(lookups(basis.calls).length, 1);
    await relay(statusRequest(await sessionOf(OTHER_USER)));
    assert.equal(lookups(basis.calls).length, 2);
  });

  it('a failing users/info stays pending', async () => {
    const basis = recordingBasis({ info: () => json({ status: 'error' }, 500) });
    const { relay } = journeyRelay({ fetch: basis.fetch });
    assert.deepEqual(await bodyOf(await relay(statusRequest(await sessionOf()))), { status: 'ok', verdict: 'pending', reasons: [] });
    assert.equal(lookups(basis.calls).length, 1);
  });
});
