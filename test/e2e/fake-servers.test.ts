/** The fake Deriv and BASIS ID servers answer as the contract says the real ones do (the e2e tests and benchmarks rely on it). */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { startFakeBasis, type FakeBasisServer } from '../../demo/services/fake-basis.js';
import type { DerivCountry } from '../../demo/services/deriv-protocol.js';
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
    /** The next frame from the server. */
    next(): Promise<Record<string, any>> {
      return new Promise((resolve) => (frames.length ? resolve(frames.shift() as never) : waiting.push(resolve as never)));
    },
    ask(request: unknown): Promise<Record<string, any>> {
      socket.send(typeof request === 'string' ? request : JSON.stringify(request));
      return this.next();
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
    const client = await connect(`${deriv.url}?app_id=1089&l=EN`);
    const list = await client.ask({ residence_list: 1, req_id: 7 });
    assert.equal(list.msg_type, 'residence_list');
    assert.equal(list.req_id, 7);
    assert.deepEqual(list.echo_req, { residence_list: 1, req_id: 7 });
    const recorded = recordedCountries();
    assert.deepEqual(
      list.residence_list.map((c: DerivCountry) => [c.value, c.text]),
      recorded.map((c) => [c.value, c.text]),
    );

    const some = await client.ask({ residence_list: 1, query: ['value', 'phone_idd'], passthrough: { page: 'signup' } });
    assert.equal('req_id' in some, false, 'req_id is echoed only when sent');
    assert.deepEqual(some.passthrough, { page: 'signup' }, 'passthrough comes back at the top level');
    assert.deepEqual(Object.keys(some.residence_list[0]).sort(), ['phone_idd', 'value']);

    assert.deepEqual(await client.ask({ ping: 1 }), { echo_req: { ping: 1 }, msg_type: 'ping', ping: 'pong' });
    assert.deepEqual(await client.ask({ ping: 1, req_id: 8 }), {
      echo_req: { ping: 1, req_id: 8 },
      msg_type: 'ping',
      ping: 'pong',
      req_id: 8,
    });
    const unknown = await client.ask({ website_status: 1, req_id: 3 });
    assert.equal(unknown.error.code, 'UnrecognisedRequest');
    assert.equal(unknown.msg_type, 'error');
    assert.equal(unknown.req_id, 3);
    assert.equal((await client.ask('not json')).error.code, 'BadRequest');

    const conn = deriv.connections.at(-1)!;
    assert.equal(conn.appId, '1089');
    assert.equal(conn.lang, 'EN');
    assert.deepEqual({ ...deriv.answered }, { residence_list: 2, ping: 2, error: 2 });
    await client.close(deriv);
  });

  test("refuses what Deriv's schema refuses with InputValidationFailed and details", async () => {
    const client = await connect(`${deriv.url}?app_id=1089&l=EN`);
    const badReqId = await client.ask({ residence_list: 1, req_id: 'x' });
    assert.equal(badReqId.error.code, 'InputValidationFailed');
    assert.deepEqual(Object.keys(badReqId.error.details), ['req_id']);
    assert.equal('req_id' in badReqId, false, 'an invalid req_id is not echoed');

    const unknownField = await client.ask({ residence_list: 1, country: 'de', req_id: 2 });
    assert.equal(unknownField.error.code, 'InputValidationFailed');
    assert.equal(unknownField.msg_type, 'residence_list');
    assert.equal(unknownField.req_id, 2);
    assert.deepEqual(Object.keys(unknownField.error.details), ['country']);

    const unknownQuery = await client.ask({ residence_list: 1, query: ['value', 'flag_emoji'], req_id: 3 });
    assert.equal(unknownQuery.error.code, 'InputValidationFailed');
    assert.deepEqual(Object.keys(unknownQuery.error.details), ['query']);
    assert.equal(typeof unknownQuery.error.message, 'string');

    assert.deepEqual(Object.keys((await client.ask({ ping: 2, req_id: 4 })).error.details), ['ping']);
    assert.deepEqual(Object.keys((await client.ask({ residence_list: 1, passthrough: 'x' })).error.details), ['passthrough']);
    await client.close(deriv);
  });

  test('localises country names by l, falling back to English', async () => {
    const germany = async (l: string) => {
      const client = await connect(`${deriv.url}?app_id=1089&l=${l}`);
      const reply = await client.ask({ residence_list: 1, query: ['value', 'text'] });
      await client.close(deriv);
      return reply.residence_list.find((c: DerivCountry) => c.value === 'de').text;
    };
    assert.equal(await germany('EN'), 'Germany');
    assert.equal(await germany('DE'), 'Deutschland');
    assert.equal(await germany('AR'), 'ألمانيا');
    assert.equal(await germany('ZH_CN'), '德国');
    assert.equal(await germany('XX'), 'Germany');
  });

  test('carries tax ID patterns where newer replies do, besides the top-level tin_format', async () => {
    const client = await connect(`${deriv.url}?app_id=1089`);
    const { residence_list: list } = await client.ask({ residence_list: 1 });
    await client.close(deriv);
    const recorded = new Map(recordedCountries().map((c) => [c.value, c.tin_format]));
    const crsOnly = list.filter((c: DerivCountry) => c.common_reporting_standard && !c.tin_format);
    const both = list.filter((c: DerivCountry) => c.common_reporting_standard && c.tin_format);
    assert.ok(crsOnly.length > 10 && both.length > 10, `${crsOnly.length} in the new place only, ${both.length} in both`);
    for (const country of list as DerivCountry[]) {
      const crs = (country.common_reporting_standard as { tax?: { tin_format?: string[] } } | undefined)?.tax?.tin_format;
      assert.deepEqual(crs ?? country.tin_format, recorded.get(country.value), country.value);
    }
  });

  test('answers RateLimit when told to, pings still pong', async () => {
    const client = await connect(`${deriv.url}?app_id=1089`);
    deriv.protocol.rateLimited = true;
    try {
      const limited = await client.ask({ residence_list: 1, req_id: 5 });
      assert.equal(limited.error.code, 'RateLimit');
      assert.equal(limited.req_id, 5);
      assert.equal((await client.ask({ ping: 1 })).ping, 'pong');
    } finally {
      deriv.protocol.rateLimited = false;
    }
    assert.equal((await client.ask({ residence_list: 1 })).msg_type, 'residence_list');
    await client.close(deriv);
  });

  test('an app_id it does not accept gets an unsolicited InvalidAppID (no req_id), then a close', async () => {
    const client = await connect(`${deriv.url}?app_id=999&l=EN`);
    const closed = once(client.socket, 'close');
    const refusal = await client.next();
    assert.deepEqual(refusal, { msg_type: 'error', error: { code: 'InvalidAppID', message: 'Your app_id is invalid.' } });
    await closed;
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
