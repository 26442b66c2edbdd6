/**
 * The sandbox's whole journey in Node, offline: base-check, the three uploads, the simulator's
 * signed callback back into the relay a moment later, and the verdict in `status`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRelay, startRelayServer, type StatusEvent } from '../../../../src/relay/index.js';
import { captureLogs, post, VALID } from '../../helpers/relay.js';
import { formOf, RELAY, statusRequest, STEP_FIELDS, until, uploadRequest } from '../../helpers/journey.js';

type Handler = (request: Request) => Promise<Response>;

/** base-check, then every step with the session it gave; the session. */
async function journey(relay: Handler, person: Record<string, string>): Promise<string> {
  const verified = await relay(post(person, { url: `${RELAY}/base-check` }));
  assert.equal(verified.status, 200);
  const { session } = (await verified.json()) as { session: string };
  for (const step of ['document', 'selfie', 'address-proof'] as const) {
    const uploaded = await relay(uploadRequest(step, STEP_FIELDS[step](), session));
    assert.deepEqual([step, uploaded.status, await uploaded.json()], [step, 200, { status: 'ok' }]);
  }
  return session;
}

const verdictOf = async (relay: Handler, session: string) => (await (await relay(statusRequest(session))).json()) as { verdict: string; reasons: string[] };

describe('sandbox: the whole journey', () => {
  it('uploads, then a signed callback from the simulator: approved, told to onStatus', async () => {
    const statuses: StatusEvent[] = [];
    const logs = captureLogs();
    const relay = createRelay({ sandbox: { callbackDelayMs: 10 }, logger: logs.logger, rateLimiter: false, onStatus: (status) => void statuses.push(status) });
    const session = await journey(relay, VALID);
    await until(() => statuses.length > 0, 'the simulated callback');
    assert.deepEqual(await verdictOf(relay, session), { status: 'ok', verdict: 'approved', reasons: [] });
    assert.equal(statuses[0]!.verdict, 'approved');
    // Through the relay's own callback route: logged like BASIS ID's, verified with the sandbox's secret.
    assert.ok(logs.entries.some((entry) => entry.path === '/api/kyc/callback' && entry.status === 200));
    // One callback per upload, each told once (their signatures are the same: replays of the first).
    await until(() => logs.entries.filter((entry) => entry.path === '/api/kyc/callback').length === 3, 'three callbacks');
    assert.equal(statuses.length, 1);
  });

  it('a last name "Declined" (any case) is declined', async () => {
    const statuses: StatusEvent[] = [];
    const relay = createRelay({ sandbox: { callbackDelayMs: 10 }, logger: false, rateLimiter: false, onStatus: (status) => void statuses.push(status) });
    const session = await journey(relay, { ...VALID, last_name: 'Declined' });
    await until(() => statuses.length > 0, 'the simulated callback');
    assert.deepEqual(await verdictOf(relay, session), { status: 'ok', verdict: 'declined', reasons: ['black_list'] });
  });

  it('pending until the callback comes', async () => {
    const relay = createRelay({ sandbox: { callbackDelayMs: 60_000 }, logger: false, rateLimiter: false });
    const verified = await relay(post(VALID, { url: `${RELAY}/base-check` }));
    const { session } = (await verified.json()) as { session: string };
    assert.deepEqual(await verdictOf(relay, session), { status: 'ok', verdict: 'pending', reasons: [] });
  });

  it('over HTTP through the Node server, with a multipart upload as a browser sends it', async () => {
    const statuses: StatusEvent[] = [];
    const server = await startRelayServer({ port: 0, sandbox: { callbackDelayMs: 10 }, logger: false, rateLimiter: false, onStatus: (status) => void statuses.push(status) });
    try {
      const verified = await fetch(`${server.url}/api/kyc/base-check`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...VALID, last_name: 'DECLINED' }) });
      const { session } = (await verified.json()) as { session: string };
      const uploaded = await fetch(`${server.url}/api/kyc/document`, { method: 'POST', headers: { Authorization: `Bearer ${session}` }, body: formOf(STEP_FIELDS.document()) });
      assert.deepEqual([uploaded.status, await uploaded.json()], [200, { status: 'ok' }]);
      await until(() => statuses.length > 0, 'the simulated callback');
      const status = await fetch(`${server.url}/api/kyc/status`, { headers: { Authorization: `Bearer ${session}` } });
      assert.deepEqual(await status.json(), { status: 'ok', verdict: 'declined', reasons: ['black_list'] });
    } finally {
      await server.close(100);
    }
  });
});
