/**
 * The Redis rate-limit store against a real `redis-server` (started here on a free loopback
 * port, nothing saved, killed afterwards): atomic counting, expiry, and two relays sharing one limit.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { connectRedisStore, createRateLimiter, createRelay, RedisStore, type ConnectedRedisStore } from '../../../../src/relay/index.js';
import { KEY, post, recordingFetch, VALID } from '../../helpers/relay.js';
import { startRedisServer, type RedisServer } from '../../helpers/redis-server.js';

describe('RedisStore against redis-server', () => {
  let redis: RedisServer;
  const stores: ConnectedRedisStore[] = [];
  const connect = async (prefix = 'test:') => {
    const store = await connectRedisStore(redis.url, { prefix, onError: () => {} });
    stores.push(store);
    return store;
  };

  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await redis?.stop();
  });

  it('counts atomically within a window', async () => {
    const store = await connect('atomic:');
    const hits = await Promise.all(Array.from({ length: 50 }, () => store.hit('ip', 60_000)));
    assert.deepEqual(hits.map((h) => h.count).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    for (const { resetMs } of hits) assert.ok(resetMs > 0 && resetMs <= 60_000, `resetMs ${resetMs}`);
  });

  it('starts a new window after it expires', async () => {
    const store = await connect('expiry:');
    assert.equal((await store.hit('ip', 150)).count, 1);
    assert.equal((await store.hit('ip', 150)).count, 2);
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal((await store.hit('ip', 150)).count, 1);
  });

  it('keeps prefixes apart', async () => {
    const a = await connect('a:');
    const b = await connect('b:');
    await a.hit('same', 60_000);
    assert.equal((await b.hit('same', 60_000)).count, 1);
  });

  it('two relays, each with its own connection, share one limit', async () => {
    const relayOn = async () =>
      createRelay({
        apiKey: KEY,
        fetch: recordingFetch().fetch,
        logger: false,
        rateLimiter: createRateLimiter({ limit: 3, windowMs: 60_000, store: await connect('shared:') }),
      });
    const [one, two] = [await relayOn(), await relayOn()];
    const client = { clientIp: '198.51.100.23' };
    const statuses = [
      (await one(post(VALID), client)).status,
      (await two(post(VALID), client)).status,
      (await one(post(VALID), client)).status,
      (await two(post(VALID), client)).status,
      (await one(post(VALID), client)).status,
    ];
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    const limited = await two(post(VALID), client);
    const retry = Number(limited.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 60);
    assert.equal((await two(post(VALID), { clientIp: '198.51.100.24' })).status, 200, 'another client has its own count');
  });

  it('takes an integrator`s own node-redis client', async () => {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const store = new RedisStore(client, { prefix: 'own:' });
      assert.equal((await store.hit('ip', 60_000)).count, 1);
      assert.equal((await store.hit('ip', 60_000)).count, 2);
    } finally {
      await client.close();
    }
  });

  it('refuses a Redis it cannot reach at start, with a clear message', async () => {
    await assert.rejects(connectRedisStore('redis://127.0.0.1:1', { onError: () => {} }), /cannot reach Redis/);
  });

  it('while Redis is down each relay still limits in its own memory, says so once, and goes back to Redis when it returns', async () => {
    const store = await connect('outage:');
    const changes: string[] = [];
    const relay = createRelay({
      apiKey: KEY,
      fetch: recordingFetch().fetch,
      logger: false,
      rateLimiter: createRateLimiter({ limit: 2, windowMs: 60_000, store, onStoreChange: (m) => changes.push(m) }),
    });
    const from = async (clientIp: string) => (await relay(post(VALID), { clientIp })).status;
    assert.equal(await from('192.0.2.9'), 200);

    await redis.stop();
    const started = Date.now();
    assert.deepEqual([await from('192.0.2.10'), await from('192.0.2.10'), await from('192.0.2.10'), await from('192.0.2.10')], [200, 200, 429, 429]);
    assert.ok(Date.now() - started < 2000, 'a Redis outage must not stall answers');
    assert.equal(changes.length, 1, `one line for the outage: ${changes.join(' | ')}`);
    assert.match(changes[0]!, /memory/);

    await redis.restart();
    // The store's connection comes back by itself; wait until it answers.
    for (let tries = 0; ; tries++) {
      const hit = await Promise.resolve(store.hit('probe', 60_000)).then(() => true, () => false);
      if (hit) break;
      assert.ok(tries < 100, 'the store reconnects to the restarted Redis');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The restarted Redis is empty: a client the memory store had stopped is counted afresh there…
    assert.equal(await from('192.0.2.10'), 200);
    // …and a count another relay left in Redis applies here.
    const other = createClient({ url: redis.url });
    await other.connect();
    try {
      await other.set('outage:192.0.2.11', '2', { PX: 60_000 });
    } finally {
      await other.close();
    }
    assert.equal(await from('192.0.2.11'), 429);
    assert.equal(changes.length, 2);
    assert.match(changes[1]!, /back/);
  });
});
