/** Rate-limit parsing, the memory store, the limiter and client addresses. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRateLimiter, MemoryStore, parseRateLimit } from '../../src/relay/index.js';
import { clientKey, forwardedFor } from '../../src/relay/client-ip.js';

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

describe('MemoryStore', () => {
  it('counts per key within a window, then starts over', () => {
    let now = 1_000;
    const store = new MemoryStore({ now: () => now });
    assert.deepEqual(store.hit('a', 10_000), { count: 1, resetMs: 10_000 });
    now += 4_000;
    assert.deepEqual(store.hit('a', 10_000), { count: 2, resetMs: 6_000 });
    assert.deepEqual(store.hit('b', 10_000), { count: 1, resetMs: 10_000 });
    now += 6_000;
    assert.deepEqual(store.hit('a', 10_000), { count: 1, resetMs: 10_000 });
  });

  it('stays bounded: expired windows are swept, then the oldest dropped', () => {
    let now = 0;
    const store = new MemoryStore({ maxKeys: 3, now: () => now });
    store.hit('old', 100);
    store.hit('x', 10_000);
    store.hit('y', 10_000);
    now = 500;
    store.hit('z', 10_000);
    assert.equal(store.size, 3, 'the expired window made room');
    store.hit('w', 10_000);
    assert.equal(store.size, 3);
    assert.equal(store.hit('x', 10_000).count, 1, 'the oldest key was dropped');
    for (let i = 0; i < 1000; i++) store.hit(`k${i}`, 10_000);
    assert.equal(store.size, 3);
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

describe('client addresses', () => {
  it('takes the X-Forwarded-For entry added by the trusted proxies', () => {
    assert.equal(forwardedFor('1.1.1.1, 2.2.2.2, 3.3.3.3', 1), '3.3.3.3');
    assert.equal(forwardedFor('1.1.1.1, 2.2.2.2, 3.3.3.3', 2), '2.2.2.2');
    assert.equal(forwardedFor('1.1.1.1, 2.2.2.2, 3.3.3.3', 3), '1.1.1.1');
    assert.equal(forwardedFor('1.1.1.1', 0), undefined);
    assert.equal(forwardedFor(null, 1), undefined);
    assert.equal(forwardedFor(' , ', 1), undefined);
  });

  it('believes no entry when there are fewer entries than trusted proxies', () => {
    assert.equal(forwardedFor('6.6.6.6', 2), undefined);
    assert.equal(forwardedFor('6.6.6.6, 3.3.3.3', 3), undefined);
  });

  it('keys an address without its port', () => {
    assert.equal(clientKey('203.0.113.9:51234'), '203.0.113.9');
    assert.equal(clientKey('[2001:db8:1:2::9]:443'), '2001:db8:1:2::/64');
    assert.equal(clientKey('[::ffff:203.0.113.9]:80'), '203.0.113.9');
    assert.equal(clientKey('2001:db8:1:2::9'), '2001:db8:1:2::/64', 'a bare IPv6 stays IPv6');
    assert.equal(clientKey('::ffff:203.0.113.9'), '203.0.113.9');
  });

  it('keys IPv4 as is, unwraps mapped IPv4 and groups IPv6 by /64', () => {
    assert.equal(clientKey('203.0.113.9'), '203.0.113.9');
    assert.equal(clientKey('::ffff:203.0.113.9'), '203.0.113.9');
    assert.equal(clientKey('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:0DB8:0001:0002::1'), '2001:db8:1:2::/64');
    assert.equal(clientKey('[2001:db8::1]'), '2001:db8:0:0::/64');
    assert.equal(clientKey('2001:db8::'), clientKey('2001:db8:0:0:ffff::2'));
    assert.equal(clientKey('::1'), '0:0:0:0::/64');
    assert.equal(clientKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  });
});
