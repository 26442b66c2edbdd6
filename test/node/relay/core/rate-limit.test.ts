/** Rate-limit parsing and the limiter. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRateLimiter, MemoryStore, parseRateLimit } from '../../../../src/relay/index.js';

describe('parseRateLimit', () => {
  it('reads <requests>/<seconds>', () => {
    assert.deepEqual(parseRateLimit('5/60'), { limit: 5, windowMs: 60_000 });
    assert.deepEqual(parseRateLimit(' 100 / 1 '), { limit: 100, windowMs: 1000 });
  });
  it('refuses anything else', () => {
    for (const bad of ['', '5', '5/', '/60', '0/60', '5/0', '-1/60', '5/60/1', 'five/60', '1.5/60', '5/60s']) {
      assert.throws(() => parseRateLimit(bad), /requests>\/<seconds/, bad);
    }
  });
});

describe('createRateLimiter', () => {
  it('allows `limit` per window and tells how long to wait', async () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000, store: new MemoryStore({ now: () => now }) });
    assert.deepEqual(await limiter.consume('ip'), { allowed: true, retryAfterSeconds: 60 });
    assert.equal((await limiter.consume('ip')).allowed, true);
    now = 59_100;
    assert.deepEqual(await limiter.consume('ip'), { allowed: false, retryAfterSeconds: 1 });
    now = 60_000;
    assert.equal((await limiter.consume('ip')).allowed, true);
  });
});
