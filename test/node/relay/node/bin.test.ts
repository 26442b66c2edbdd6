/** The `kyc-relay` bin as a process: configured by the environment, refusing bad settings, stopping on signals. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { VALID } from '../../helpers/relay.js';
import { FakeUpstream, postJson } from '../../helpers/fake-upstream.js';
import { cleanEnv, spawnCaptured } from '../../helpers/processes.js';

describe('kyc-relay bin', () => {
  const bin = (env: Record<string, string>) => spawnCaptured(process.execPath, ['--import', 'tsx', 'src/relay/node/bin.ts'], cleanEnv(env));

  it('refuses to start without BASISID_API_KEY, with a clear message and exit code 1', async () => {
    const run = bin({ PORT: '0' });
    assert.equal(await run.exited, 1);
    assert.match(run.stderr(), /BASISID_API_KEY is not set/);
    assert.match(run.stderr(), /KYC_SANDBOX=1/);
    assert.equal(run.stdout(), '');
  });

  it('refuses a bad variable, naming it', async () => {
    const run = bin({ BASISID_API_KEY: 'k', KYC_RATE_LIMIT: 'lots', PORT: '0' });
    assert.equal(await run.exited, 1);
    assert.match(run.stderr(), /KYC_RATE_LIMIT/);
  });

  it('with KYC_SANDBOX=1 serves /healthz and checks, prints its URL and stops on SIGTERM', async () => {
    const run = bin({ KYC_SANDBOX: '1', PORT: '0' });
    try {
      const [, url] = await run.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      assert.match(run.stdout(), /sandbox/);
      const health = await fetch(`${url}/healthz`);
      assert.equal(health.status, 200);
      await health.text();
      const answer = await postJson(`${url}/api/kyc/base-check`, VALID);
      assert.equal(answer.status, 200);
      assert.match(answer.body.userHash as string, /^[0-9a-f]{64}$/);
      run.child.kill('SIGTERM');
      assert.equal(await run.exited, 0);
      // One JSON access line per request on stdout.
      const lines = run.stdout().split('\n').filter((line) => line.startsWith('{'));
      assert.equal(lines.length, 2);
      assert.ok(!run.stdout().includes(VALID.email));
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('forwards to BASISID_URL with BASISID_API_KEY, and stops on SIGINT', async () => {
    const upstream = new FakeUpstream();
    await upstream.start();
    const run = bin({ BASISID_API_KEY: 'bin-key', BASISID_URL: `${upstream.url}/auth/base-check?token=QSECRET`, PORT: '0', KYC_TIMEOUT_MS: '2000' });
    try {
      const [, url] = await run.waitFor(/listening on (http:\/\/[^\s]+)/);
      // The upstream is named, without its credentials or query.
      assert.match(run.stdout(), new RegExp(`upstream ${upstream.url}/auth/base-check\\)`));
      assert.doesNotMatch(run.stdout(), /QSECRET/);
      const answer = await postJson(`${url}/api/kyc/base-check`, VALID);
      assert.equal(answer.status, 200);
      assert.equal(upstream.received[0]!.body.key, 'bin-key');
      run.child.kill('SIGINT');
      assert.equal(await run.exited, 0);
      assert.ok(!run.stdout().includes('bin-key') && !run.stderr().includes('bin-key'));
    } finally {
      run.child.kill('SIGKILL');
      await upstream.stop();
    }
  });
});
