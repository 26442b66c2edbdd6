/** The fake Deriv and BASIS ID servers answer as the contract says the real ones do (the e2e tests and benchmarks rely on it). */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { startFakeBasis, type FakeBasisServer } from '../../demo/services/fake-basis.js';
import { recordedCountries, startFakeDeriv, type FakeDerivServer } from '../../demo/services/fake-deriv.js';
import { VALID } from '../node/helpers/relay.js';

/** A client connection that reads frames in order. */
async function connect(url: string) {
  const socket = new WebSocket(url);
  const frames: unknown[] = [];
  const waiting: Array<(frame: unknown) => void> = [];
  socket.on('message', (data) => {
    const frame: unknown = JSON.parse(data.toString());
    const wake = waiting.shift();
    if (wake) wake(frame);
    else frames.push(frame);
  });
  await once(socket, 'open');
  return {
    socket,
    /** Closes, and waits until the server has seen it too. */
    async close(server: FakeDerivServer) {
      socket.close();
      await once(socket, 'close');
      while (server.openConnections().length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    ask(request: unknown): Promise<Record<string, any>> {
      socket.send(typeof request === 'string' ? request : JSON.stringify(request));
      return new Promise((resolve) => (frames.length ? resolve(frames.shift() as never) : waiting.push(resolve as never)));
    },
  };
}

describe('fake Deriv', () => {
  let deriv: FakeDerivServer;
  before(async () => {
    deriv = await startFakeDeriv({ appIds: ['1089'] });
  });
  after(() => deriv.close());

  test('answers residence_list, ping and unknown calls like Deriv', async () => {
    const client = await connect(`${deriv.url}?app_id=1089&l=DE`);
    const list = await client.ask({ residence_list: 1, req_id: 7 });
    assert.equal(list.msg_type, 'residence_list');
    assert.equal(list.req_id, 7);
    assert.deepEqual(list.echo_req, { residence_list: 1, req_id: 7 });
    assert.deepEqual(list.residence_list, recordedCountries());

    const some = await client.ask({ residence_list: 1, query: ['value', 'phone_idd'] });
    assert.equal('req_id' in some, false, 'req_id is echoed only when sent');
    assert.deepEqual(Object.keys(some.residence_list[0]).sort(), ['phone_idd', 'value']);

    assert.deepEqual(await client.ask({ ping: 1 }), { echo_req: { ping: 1 }, msg_type: 'ping', ping: 'pong' });
    const unknown = await client.ask({ website_status: 1, req_id: 3 });
    assert.equal(unknown.error.code, 'UnrecognisedRequest');
    assert.equal(unknown.req_id, 3);
    assert.equal((await client.ask('not json')).error.code, 'BadRequest');
    assert.equal((await client.ask({ residence_list: 1, req_id: 'x' })).error.code, 'InputValidationFailed');

    const conn = deriv.connections.at(-1)!;
    assert.equal(conn.appId, '1089');
    assert.equal(conn.lang, 'DE');
    assert.deepEqual({ ...deriv.answered }, { residence_list: 2, ping: 1, error: 3 });
    await client.close(deriv);
  });

  test('an app_id it does not accept gets InvalidAppID on every call', async () => {
    const client = await connect(`${deriv.url}?app_id=999&l=EN`);
    const reply = await client.ask({ residence_list: 1, req_id: 1 });
    assert.equal(reply.error.code, 'InvalidAppID');
    assert.equal(reply.msg_type, 'residence_list');
    await client.close(deriv);
  });

  test('drop() cuts open connections without a close frame', async () => {
    const client = await connect(`${deriv.url}?app_id=1089`);
    const closed = once(client.socket, 'close');
    assert.equal(deriv.drop(), 1);
    const [code] = await closed;
    assert.equal(code, 1006);
  });

  test('closes a connection after the idle time, as Deriv does after two minutes', async () => {
    const idle = await startFakeDeriv({ idleTimeoutMs: 100 });
    try {
      const client = await connect(`${idle.url}?app_id=1089`);
      const [code] = await once(client.socket, 'close');
      assert.equal(code, 1000);
    } finally {
      await idle.close();
    }
  });
});

describe('fake BASIS ID', () => {
  let basis: FakeBasisServer;
  const post = (body: unknown) =>
    fetch(basis.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  before(async () => {
    basis = await startFakeBasis({ key: 'k1' });
  });
  after(() => basis.close());

  test('ok: a new hash, id and tokens; the call is recorded with the key', async () => {
    const answer = await (await post({ key: 'k1', ...VALID })).json();
    assert.equal(answer.status, 'ok');
    assert.deepEqual(answer, { status: 'ok', ...basis.issued[0] });
    assert.equal(basis.calls[0]!.body!.key, 'k1');
    assert.equal(basis.count, 1);
  });

  test('checks the key and the required fields like BASIS ID', async () => {
    assert.deepEqual(await (await post({ key: 'wrong', ...VALID })).json(), { status: 'bad', errors: ['error:key'] });
    const { first_name: _, ...noName } = VALID;
    assert.deepEqual(await (await post({ key: 'k1', ...noName })).json(), { status: 'bad', errors: 'empty:first_name' });
  });

  test('answers user:exists, HTTP 500, garbage and slowly when told to', async () => {
    basis.answer('user-exists');
    assert.deepEqual(await (await post({ key: 'k1', ...VALID })).json(), { status: 'bad', errors: ['user:exists'] });
    basis.answer('http-500');
    assert.equal((await post({ key: 'k1', ...VALID })).status, 500);
    basis.answer('garbage');
    assert.equal(await (await post({ key: 'k1', ...VALID })).text(), 'this is not JSON');
    basis.answer('ok', 150);
    const started = Date.now();
    assert.equal((await post({ key: 'k1', ...VALID })).status, 200);
    assert.ok(Date.now() - started >= 140);
    basis.reset();
    assert.equal(basis.count, 0);
    assert.equal(basis.mode, 'ok');
  });
});
