/** The step routes' limit: 30 a minute per session's user, whatever the IP. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createStepLimiter, sessionKey } from '../../../../src/relay/core/step-limit.js';
import { MemoryStore } from '../../../../src/relay/store/memory-rate-store.js';

describe('step limit', () => {
  it('keys by the session user', () => {
    assert.equal(sessionKey({ userHash: 'abc' }), 'session:abc');
  });

  it('allows 30 a minute per session, then asks to wait; another session has its own count', async () => {
    let now = 0;
    const limiter = createStepLimiter(new MemoryStore({ now: () => now }));
    const key = sessionKey({ userHash: 'u1' });
    for (let i = 0; i < 30; i++) assert.equal((await limiter.consume(key)).allowed, true, `request ${i + 1}`);
    assert.deepEqual(await limiter.consume(key), { allowed: false, retryAfterSeconds: 60 });
    assert.equal((await limiter.consume(sessionKey({ userHash: 'u2' }))).allowed, true);
    now += 60_000;
    assert.equal((await limiter.consume(key)).allowed, true, 'a new minute');
  });
});
