/** The bin's environment: defaults, and a clear refusal for each bad value. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, createRelay, readRelayConfig, redactUrl, relayOptionsOf } from '../../../../src/relay/index.js';
import { VALID } from '../../helpers/relay.js';

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
      KYC_MIN_AGE: '18',
      KYC_REQUIRED_FIELDS: 'zip, city  gender',
      KYC_SESSION_SECRET: ' a-session-secret-of-32-characters ',
      BASISID_SECRET2: ' secret-two ',
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
      minAge: 18,
      requiredFields: ['gender', 'city', 'zip'],
      sessionSecret: 'a-session-secret-of-32-characters',
      secret2: 'secret-two',
      host: '0.0.0.0',
      port: 0,
    });
    const options = relayOptionsOf(config);
    assert.deepEqual([options.sessionSecret, options.secret2], ['a-session-secret-of-32-characters', 'secret-two']);
  });

  it('refuses a KYC_SESSION_SECRET shorter than 16 characters, without echoing it', () => {
    assert.throws(
      () => readRelayConfig({ ...KEYED, KYC_SESSION_SECRET: 'short-secret' }),
      (error: Error) => error instanceof ConfigError && /KYC_SESSION_SECRET must be at least 16 characters/.test(error.message) && !error.message.includes('short-secret'),
    );
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
    [{ KYC_MIN_AGE: 'eighteen' }, /KYC_MIN_AGE/],
    [{ KYC_MIN_AGE: '0' }, /KYC_MIN_AGE/],
    [{ KYC_MIN_AGE: '18.5' }, /KYC_MIN_AGE/],
    [{ KYC_REQUIRED_FIELDS: 'city, phone' }, /KYC_REQUIRED_FIELDS.*"phone".*middle_name phone2 gender/],
    [{ KYC_REQUIRED_FIELDS: 'City' }, /KYC_REQUIRED_FIELDS/],
    [{ PORT: '70000' }, /PORT/],
    [{ PORT: '-1' }, /PORT/],
  ];
  for (const [env, message] of bad) {
    it(`refuses ${JSON.stringify(env)}`, () => {
      assert.throws(() => readRelayConfig({ ...KEYED, ...env }), (error: Error) => error instanceof ConfigError && message.test(error.message));
    });
  }
});

describe('KYC_MIN_AGE and KYC_REQUIRED_FIELDS are enforced by the relay', () => {
  // As the bin and the demo build it: the environment through the one mapping to the options.
  const relay = createRelay({
    ...relayOptionsOf(readRelayConfig({ KYC_SANDBOX: '1', KYC_MIN_AGE: '18', KYC_REQUIRED_FIELDS: 'city,zip' })),
    logger: false,
    rateLimiter: false,
  });
  const ask = async (form: Record<string, string>) => {
    const response = await relay(new Request('https://relay.test/api/kyc/base-check', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(form) }));
    return { status: response.status, body: (await response.json()) as { errors?: string[] } };
  };
  const year = new Date().getFullYear();

  it('refuses a hand-made request from someone too young', async () => {
    const { status, body } = await ask({ ...VALID, birthday_year: String(year - 10), city: 'Berlin', zip: '10115' });
    assert.equal(status, 422);
    assert.deepEqual(body.errors, ['too_young:birthday_year']);
  });

  it('refuses a request without the required fields', async () => {
    const { status, body } = await ask({ ...VALID, city: 'Berlin' });
    assert.equal(status, 422);
    assert.deepEqual(body.errors, ['empty:zip']);
  });

  it('accepts an adult with every required field', async () => {
    assert.equal((await ask({ ...VALID, birthday_year: String(year - 30), city: 'Berlin', zip: '10115' })).status, 200);
  });
});
