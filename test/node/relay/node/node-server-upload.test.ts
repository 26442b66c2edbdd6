/**
 * The steps' uploads through the Node server on loopback: multipart streamed in and forwarded
 * whole, and the 10 MiB limit enforced while the body streams (declared or chunked).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startRelayServer, type RelayServer } from '../../../../src/relay/index.js';
import { KEY } from '../../helpers/relay.js';
import { BASIS_URL, formOf, PIXEL_BOMB, fileOf, recordingBasis, SESSION_SECRET, sessionOf, STEP_FIELDS, USER } from '../../helpers/journey.js';

const MiB = 1024 * 1024;

interface Sent {
  status: number;
  body: string;
  connection: string | undefined;
  /** MiB chunks the client had written when the answer came. */
  written: number;
}

/** Resolves when the socket can take more, or has closed (its listeners go with it: a long upload waits many times). */
const drained = (socket: Socket) =>
  new Promise<void>((resolve) => {
    const go = () => {
      socket.off('drain', go).off('close', go);
      resolve();
    };
    socket.on('drain', go).on('close', go);
  });

/**
 * A chunked upload of `chunks` MiB over a raw socket, written until the server answers; the
 * server may close while we still write (that is the point), so write errors only stop writing.
 * A `lateReader` sends its whole body before it reads anything, as many HTTP/1.1 clients do (and
 * as any client does when it is not scheduled in time): the answer waits in its receive buffer.
 */
function streamUpload(url: string, token: string, chunks: number, headers: Record<string, string> = {}, lateReader = false): Promise<Sent> {
  const { hostname, port, pathname } = new URL(url);
  const head = Object.entries({ Host: `${hostname}:${port}`, Authorization: `Bearer ${token}`, 'Content-Type': 'multipart/form-data; boundary=xyz', ...headers });
  const chunked = !('Content-Length' in headers);
  return new Promise((resolve, reject) => {
    let received = '';
    let written = 0;
    let seen: number | undefined;
    const socket = connect(Number(port), hostname);
    socket.setEncoding('latin1');
    socket.on('error', () => {});
    if (lateReader) socket.pause();
    socket.on('data', (text: string) => {
      seen ??= written;
      received += text;
    });
    socket.on('close', () => {
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) return reject(Object.assign(new Error(`no answer: ${JSON.stringify(received)}`), { written }));
      const [statusLine, ...lines] = received.slice(0, end).split('\r\n');
      const header = (name: string) => lines.find((line) => line.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
      resolve({ status: Number(statusLine!.split(' ')[1]), body: received.slice(end + 4), connection: header('connection'), written: seen ?? written });
    });
    socket.write(`POST ${pathname} HTTP/1.1\r\n${head.map(([name, value]) => `${name}: ${value}\r\n`).join('')}${chunked ? 'Transfer-Encoding: chunked\r\n' : ''}\r\n`);
    void (async () => {
      const chunk = Buffer.concat([Buffer.from(`${MiB.toString(16)}\r\n`), Buffer.alloc(MiB, 0x61), Buffer.from('\r\n')]);
      for (let i = 0; i < chunks && seen === undefined && !socket.destroyed; i++) {
        if (!socket.write(chunk)) await drained(socket);
        written += 1;
      }
      if (chunked && seen === undefined && !socket.destroyed) socket.write('0\r\n\r\n');
      socket.resume();
    })();
  });
}

describe('node server: uploads', () => {
  let server: RelayServer;
  let basis: ReturnType<typeof recordingBasis>;
  let token: string;
  before(async () => {
    basis = recordingBasis();
    server = await startRelayServer({ port: 0, apiKey: KEY, upstreamUrl: BASIS_URL, fetch: basis.fetch, logger: false, rateLimiter: false, sessionSecret: SESSION_SECRET });
    token = await sessionOf();
  });
  after(() => server.close(100));

  it('a multipart upload is streamed in and forwarded with the same bytes', async () => {
    basis.calls.length = 0;
    const fields = STEP_FIELDS.document();
    const response = await fetch(`${server.url}/api/kyc/document`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: formOf(fields) });
    assert.deepEqual([response.status, await response.json()], [200, { status: 'ok' }]);
    const form = basis.calls[0]!.form!;
    assert.deepEqual([form.get('user_hash'), form.get('check_id'), form.get('step')], [USER.userHash, USER.userId, '1']);
    assert.deepEqual(Buffer.from(await (form.get('file') as File).arrayBuffer()), Buffer.from(await fields.file.arrayBuffer()));
  });

  it('a chunked body past 10 MiB: 413 while it streams, read no further, the connection closed', async () => {
    basis.calls.length = 0;
    const sent = await streamUpload(`${server.url}/api/kyc/selfie`, token, 40);
    assert.deepEqual([sent.status, JSON.parse(sent.body), sent.connection], [413, { status: 'error', errors: ['request:too_large'] }, 'close']);
    assert.ok(sent.written < 40, `the whole body was taken (${sent.written} MiB)`);
    assert.equal(basis.calls.length, 0);
  });

  it('a client that reads only once it has sent everything still gets the early answer (413, 401, declared length)', async () => {
    const cases: [string, string, number, Record<string, string>, number][] = [
      ['chunked past 10 MiB', token, 16, {}, 413],
      ['no session', 'forged.token', 6, {}, 401],
      ['declared past 10 MiB', token, 4, { 'Content-Length': String(11 * MiB) }, 413],
    ];
    // The answer is lost only when the reset wins the race: a few rounds make a loss near certain without the lingering close.
    for (let round = 0; round < 5; round++) {
      for (const [what, session, chunks, headers, status] of cases) {
        const sent = await streamUpload(`${server.url}/api/kyc/selfie`, session, chunks, headers, true);
        assert.deepEqual([sent.status, sent.connection], [status, 'close'], `${what}, round ${round}`);
      }
    }
  });

  it('a client that sends on without reading is cut off once the lingering bound is spent', async () => {
    await assert.rejects(streamUpload(`${server.url}/api/kyc/selfie`, token, 64, {}, true), (error: { written: number }) => error.written < 64);
  });

  it('a declared Content-Length past 10 MiB: 413 before any of the body is read', async () => {
    const sent = await streamUpload(`${server.url}/api/kyc/selfie`, token, 0, { 'Content-Length': String(11 * MiB) });
    assert.deepEqual([sent.status, sent.connection], [413, 'close']);
  });

  it('a pixel bomb through the server: 413, nothing forwarded', async () => {
    basis.calls.length = 0;
    const response = await fetch(`${server.url}/api/kyc/selfie`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: formOf({ file: fileOf(PIXEL_BOMB, 'bomb.png', 'image/png') }) });
    assert.deepEqual([response.status, await response.json()], [413, { status: 'error', errors: ['request:too_large'] }]);
    assert.equal(basis.calls.length, 0);
  });

  it('no session: 401 without reading the upload, and the connection closed', async () => {
    const sent = await streamUpload(`${server.url}/api/kyc/selfie`, 'forged.token', 20);
    assert.deepEqual([sent.status, sent.connection], [401, 'close']);
    assert.ok(sent.written < 20);
  });
});
