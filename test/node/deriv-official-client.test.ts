/**
 * Deriv's official client (`@deriv/deriv-api`) against the local Deriv server: where they
 * disagree, the fake is wrong. The client runs on `ws`'s WebSocket, as its README says for Node.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import DerivAPIBasic from '@deriv/deriv-api/dist/DerivAPIBasic.js';
import WebSocket from 'ws';
import { recordedCountries, startFakeDeriv, type FakeDerivServer } from '../../demo/services/fake-deriv.js';

/** An official client on a fresh connection to the fake. */
function client(server: FakeDerivServer, query = 'app_id=1089&l=EN') {
  return new DerivAPIBasic({ connection: new WebSocket(`${server.url}?${query}`) });
}

/** The error a call was refused with (the client rejects with the whole reply). */
async function refusal(call: Promise<unknown>): Promise<Record<string, any>> {
  try {
    await call;
  } catch (reply) {
    return reply as Record<string, any>;
  }
  throw new Error('the call was answered, not refused');
}

describe('the official Deriv client against the local Deriv server', () => {
  let deriv: FakeDerivServer;
  before(async () => {
    deriv = await startFakeDeriv({ appIds: ['1089'] });
  });
  after(() => deriv.close());

  test('residence_list without query: every recorded country', async () => {
    const api = client(deriv);
    try {
      const reply = await api.residenceList();
      assert.equal(reply.msg_type, 'residence_list');
      assert.deepEqual(
        reply.residence_list.map((c: { value: string }) => c.value),
        recordedCountries().map((c) => c.value),
      );
    } finally {
      api.disconnect();
    }
  });

  test('residence_list with query: only the named fields', async () => {
    const api = client(deriv);
    try {
      const reply = await api.residenceList({ query: ['value', 'phone_idd'] });
      assert.deepEqual(reply.echo_req.query, ['value', 'phone_idd']);
      for (const country of reply.residence_list) {
        assert.ok(Object.keys(country).every((key) => key === 'value' || key === 'phone_idd'), JSON.stringify(country));
      }
    } finally {
      api.disconnect();
    }
  });

  test('ping: a pong matched to its req_id', async () => {
    const api = client(deriv);
    try {
      const pong = await api.ping();
      assert.equal(pong.ping, 'pong');
      assert.equal(pong.msg_type, 'ping');
      assert.equal(pong.req_id, pong.echo_req.req_id);
    } finally {
      api.disconnect();
    }
  });

  test('req_id: the one a caller gives comes back, with passthrough', async () => {
    const api = client(deriv);
    try {
      const reply = await api.send({ residence_list: 1, query: ['value'], req_id: 4242, passthrough: { form: 'kyc' } });
      assert.equal(reply.req_id, 4242);
      assert.deepEqual(reply.passthrough, { form: 'kyc' });
      assert.deepEqual(reply.echo_req, { residence_list: 1, query: ['value'], req_id: 4242, passthrough: { form: 'kyc' } });
    } finally {
      api.disconnect();
    }
  });

  test('an unknown call is refused with UnrecognisedRequest', async () => {
    const api = client(deriv);
    try {
      const reply = await refusal(api.send({ website_status_v9: 1 }));
      assert.equal(reply.error.code, 'UnrecognisedRequest');
      assert.equal(reply.msg_type, 'error');
    } finally {
      api.disconnect();
    }
  });

  test('a malformed request is refused with InputValidationFailed and details', async () => {
    const api = client(deriv);
    try {
      const badQuery = await refusal(api.residenceList({ query: ['value', 'shoe_size'] }));
      assert.equal(badQuery.error.code, 'InputValidationFailed');
      assert.deepEqual(Object.keys(badQuery.error.details), ['query']);
      const extra = await refusal(api.send({ ping: 1, loud: true }));
      assert.equal(extra.error.code, 'InputValidationFailed');
      assert.equal(extra.msg_type, 'ping');
      assert.deepEqual(Object.keys(extra.error.details), ['loud']);
    } finally {
      api.disconnect();
    }
  });

  test('an invalid app_id: the client sees an error that answers no request, then the close', async () => {
    const api = client(deriv, 'app_id=999&l=EN');
    const messages: Array<Record<string, any>> = [];
    api.onMessage().subscribe(({ data }) => messages.push(data));
    await new Promise<void>((resolve) => api.onClose().subscribe(() => resolve()));
    assert.deepEqual(messages, [{ msg_type: 'error', error: { code: 'InvalidAppID', message: 'Your app_id is invalid.' } }]);
  });
});
