/** createRelay's options: the checks that refuse a nonsense setting at start. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRelay } from '../../../../src/relay/index.js';
import { hangingFetch, KEY } from '../../helpers/relay.js';

describe('relay: options', () => {
  it('needs a key unless in sandbox mode', () => {
    assert.throws(() => createRelay({}), /apiKey/);
    assert.throws(() => createRelay({ apiKey: '' }), /apiKey/);
    assert.doesNotThrow(() => createRelay({ sandbox: true }));
  });

  it('takes plain http upstream only on this machine, as the environment does', () => {
    for (const url of ['http://api.basisid.com/auth/base-check', 'http://10.0.0.5/x', 'http://localhost.evil.example/x']) {
      assert.throws(
        () => createRelay({ apiKey: KEY, upstreamUrl: url }),
        (error: Error) => /^createRelay: upstreamUrl must be an https:\/\/ URL \(http:\/\/ is allowed only for localhost\)/.test(error.message),
        url,
      );
    }
    for (const url of ['http://127.0.0.1:9000/x', 'http://localhost/x', 'http://[::1]:8080/x', 'https://api.basisid.com/auth/base-check']) {
      assert.doesNotThrow(() => createRelay({ apiKey: KEY, upstreamUrl: url }), url);
    }
  });

  it('refuses nonsense settings', () => {
    assert.throws(() => createRelay({ apiKey: KEY, timeoutMs: 0 }), /timeoutMs/);
    assert.throws(() => createRelay({ apiKey: KEY, maxBodyBytes: -1 }), /maxBodyBytes/);
    assert.throws(() => createRelay({ apiKey: KEY, upstreamUrl: 'ftp://x.example/' }), /http/);
    assert.throws(() => createRelay({ apiKey: KEY, trustProxy: 1.5 }), /trustProxy/);
    assert.throws(() => createRelay({ sandbox: true, fetch: hangingFetch }), /sandbox/);
  });
});
