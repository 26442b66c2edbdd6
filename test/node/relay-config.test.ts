/** The bin's environment: defaults, and a clear refusal for each bad value. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, readRelayConfig, redactUrl } from '../../src/relay/index.js';

const KEYED = { BASISID_API_KEY: 'k' };

describe('readRelayConfig', () => {
  it('has the contract`s defaults', () => {
    assert.deepEqual(readRelayConfig(KEYED), {
      apiKey: 'k',
      upstreamUrl: 'https://api.basisid.com/auth/base-check',
      sandbox: false,
      allowedOrigins: [],
      timeoutMs: 15_000,
      rateLimit: { limit: 5, windowMs: 60_000 },
      trustProxy: 0,
      host: '127.0.0.1',
      port: 8787,
    });
  });

  it('reads every variable', () => {
    const config = readRelayConfig({
      BASISID_API_KEY: ' key ',
      BASISID_URL: 'https://sandbox.basisid.test/auth/base-check',
      KYC_SANDBOX: '0',
      KYC_ALLOWED_ORIGINS: 'https://shop.example, http://localhost:5173,',
      KYC_TIMEOUT_MS: '2500',
      KYC_RATE_LIMIT: '10/30',
      KYC_TRUST_PROXY: '1',
      KYC_REDIS_URL: 'redis://127.0.0.1:6380/0',
      HOST: '0.0.0.0',
      PORT: '0',
    });
    assert.deepEqual(config, {
      apiKey: 'key',
      upstreamUrl: 'https://sandbox.basisid.test/auth/base-check',
      sandbox: false,
      allowedOrigins: ['https://shop.example', 'http://localhost:5173'],
      timeoutMs: 2500,
      rateLimit: { limit: 10, windowMs: 30_000 },
      trustProxy: 1,
      redisUrl: 'redis://127.0.0.1:6380/0',
      host: '0.0.0.0',
      port: 0,
    });
  });

  it('refuses to start without a key unless KYC_SANDBOX=1', () => {
    assert.throws(() => readRelayConfig({}), (error: Error) => error instanceof ConfigError && /BASISID_API_KEY/.test(error.message) && /KYC_SANDBOX=1/.test(error.message));
    assert.throws(() => readRelayConfig({ BASISID_API_KEY: '  ' }), ConfigError);
    const sandbox = readRelayConfig({ KYC_SANDBOX: '1' });
    assert.equal(sandbox.sandbox, true);
    assert.equal(sandbox.apiKey, undefined);
  });

  it('KYC_RATE_LIMIT=off and KYC_TRUST_PROXY hop counts', () => {
    assert.equal(readRelayConfig({ ...KEYED, KYC_RATE_LIMIT: 'off' }).rateLimit, false);
    assert.equal(readRelayConfig({ ...KEYED, KYC_TRUST_PROXY: 'true' }).trustProxy, 1);
    assert.equal(readRelayConfig({ ...KEYED, KYC_TRUST_PROXY: '2' }).trustProxy, 2);
    assert.equal(readRelayConfig({ ...KEYED, KYC_TRUST_PROXY: 'off' }).trustProxy, 0);
  });

  it('allows plain http upstream only on loopback', () => {
    assert.equal(readRelayConfig({ ...KEYED, BASISID_URL: 'http://127.0.0.1:9000/x' }).upstreamUrl, 'http://127.0.0.1:9000/x');
    assert.equal(readRelayConfig({ ...KEYED, BASISID_URL: 'http://localhost/x' }).upstreamUrl, 'http://localhost/x');
  });

  it('never prints BASISID_URL`s credentials or query in its refusals', () => {
    for (const url of ['http://user:s3cret@api.basisid.test/x?token=QSECRET#frag', 'ftp://user:s3cret@x.example/?token=QSECRET', 'https://user:s3cret@ host/?token=QSECRET']) {
      assert.throws(
        () => readRelayConfig({ ...KEYED, BASISID_URL: url }),
        (error: Error) => error instanceof ConfigError && /BASISID_URL/.test(error.message) && !/s3cret|QSECRET|user/.test(error.message),
        url,
      );
    }
  });

  it('redactUrl drops credentials, query and fragment', () => {
    assert.equal(redactUrl('https://user:s3cret@api.basisid.test:8443/auth/base-check?token=QSECRET#x'), 'https://api.basisid.test:8443/auth/base-check');
    assert.equal(redactUrl(new URL('https://api.basisid.com/auth/base-check')), 'https://api.basisid.com/auth/base-check');
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ KYC_SANDBOX: 'maybe' }, /KYC_SANDBOX/],
    [{ BASISID_URL: 'http://api.basisid.com/auth/base-check' }, /BASISID_URL.*https/],
    [{ BASISID_URL: 'not a url' }, /BASISID_URL/],
    [{ KYC_ALLOWED_ORIGINS: 'https://shop.example/' }, /KYC_ALLOWED_ORIGINS/],
    [{ KYC_TIMEOUT_MS: '0' }, /KYC_TIMEOUT_MS/],
    [{ KYC_TIMEOUT_MS: '15s' }, /KYC_TIMEOUT_MS/],
    [{ KYC_RATE_LIMIT: '5 per minute' }, /KYC_RATE_LIMIT/],
    [{ KYC_TRUST_PROXY: 'yes please' }, /KYC_TRUST_PROXY/],
    [{ KYC_REDIS_URL: 'http://127.0.0.1:6379' }, /KYC_REDIS_URL/],
    [{ PORT: '70000' }, /PORT/],
    [{ PORT: '-1' }, /PORT/],
  ];
  for (const [env, message] of bad) {
    it(`refuses ${JSON.stringify(env)}`, () => {
      assert.throws(() => readRelayConfig({ ...KEYED, ...env }), (error: Error) => error instanceof ConfigError && message.test(error.message));
    });
  }
});
