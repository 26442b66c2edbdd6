/**
 * The verdict store's contract, run against the memory store and a real `redis-server`: once
 * per (user, signature), later different callbacks replace the verdict, replays change nothing;
 * Redis: two relays recording the same callback at once record it exactly once, keys expire.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { MemoryVerdictStore } from '../../../../src/relay/store/memory-verdict-store.js';
import { RedisVerdictStore } from '../../../../src/relay/store/redis-verdict-store.js';
import type { VerdictStore } from '../../../../src/relay/store/verdict-store.js';
import type { Verdict } from '../../../../src/relay/core/verdict.js';
import { startRedisServer, type RedisServer } from '../../helpers/redis-server.js';

const APPROVED: Verdict = { verdict: 'approved', reasons: [] };
const DECLINED: Verdict = { verdict: 'declined', reasons: ['pep', 'sanctions'] };
const MORE: Verdict = { verdict: 'more-data', reasons: ['blurry'] };
const SIG = (n: number) => n.toString(16).padStart(64, '0');

function contract(name: string, makeStore: () => Promise<VerdictStore>) {
  describe(`${name}: the verdict store contract`, () => {
    it('nothing stored: null', async () => {
      assert.equal(await (await makeStore()).get('nobody'), null);
    });

    it('records a callback once; a replay is false and changes nothing', async () => {
      const store = await makeStore();
      assert.equal(await store.record('u1', DECLINED, SIG(1)), true);
      assert.deepEqual(await store.get('u1'), DECLINED);
      assert.equal(await store.record('u1', DECLINED, SIG(1)), false);
      assert.equal(await store.record('u1', APPROVED, SIG(1)), false, 'same signature, whatever verdict is claimed');
      assert.deepEqual(await store.get('u1'), DECLINED);
    });

    it('a later different callback replaces the verdict; replaying the older one does not bring it back', async () => {
      const store = await makeStore();
      assert.equal(await store.record('u2', MORE, SIG(2)), true);
      assert.equal(await store.record('u2', APPROVED, SIG(3)), true);
      assert.deepEqual(await store.get('u2'), APPROVED);
      assert.equal(await store.record('u2', MORE, SIG(2)), false);
      assert.deepEqual(await store.get('u2'), APPROVED);
    });

    it('users are apart: the same signature for another user is another callback', async () => {
      const store = await makeStore();
      assert.equal(await store.record('u3', APPROVED, SIG(4)), true);
      assert.equal(await store.record('u4', DECLINED, SIG(4)), true);
      assert.deepEqual(await store.get('u3'), APPROVED);
      assert.deepEqual(await store.get('u4'), DECLINED);
    });

    it('what is read back cannot change what is stored', async () => {
      const store = await makeStore();
      const reasons = ['pep'];
      await store.record('u5', { verdict: 'declined', reasons }, SIG(5));
      reasons.push('later');
      (await store.get('u5'))!.reasons.push('mutated');
      assert.deepEqual(await store.get('u5'), { verdict: 'declined', reasons: ['pep'] });
    });

    it('the same callback recorded many times at once: exactly one true', async () => {
      const store = await makeStore();
      const results = await Promise.all(Array.from({ length: 20 }, () => store.record('u6', APPROVED, SIG(6))));
      assert.equal(results.filter(Boolean).length, 1);
    });
  });
}

contract('MemoryVerdictStore', async () => new MemoryVerdictStore());

describe('MemoryVerdictStore limits', () => {
  it('forgets verdicts and seen callbacks after the TTL', async () => {
    let now = 1_000;
    const store = new MemoryVerdictStore({ ttlMs: 100, now: () => now });
    await store.record('u', APPROVED, SIG(1));
    now += 99;
    assert.deepEqual(await store.get('u'), APPROVED);
    assert.equal(await store.record('u', APPROVED, SIG(1)), false);
    now += 1;
    assert.equal(await store.get('u'), null);
    assert.equal(await store.record('u', APPROVED, SIG(1)), true);
  });

  it('keeps at most maxEntries users, dropping the oldest', async () => {
    const store = new MemoryVerdictStore({ maxEntries: 2 });
    await store.record('a', APPROVED, SIG(1));
    await store.record('b', APPROVED, SIG(2));
    await store.record('a', DECLINED, SIG(3));
    await store.record('c', APPROVED, SIG(4));
    assert.equal(await store.get('b'), null, 'b was the oldest');
    assert.deepEqual(await store.get('a'), DECLINED);
    assert.deepEqual(await store.get('c'), APPROVED);
  });
});

describe('RedisVerdictStore against redis-server', () => {
  let redis: RedisServer;
  const clients: ReturnType<typeof createClient>[] = [];
  const connect = async () => {
    const client = createClient({ url: redis.url });
    await client.connect();
    clients.push(client);
    return client;
  };
  let prefixes = 0;

  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await redis?.stop();
  });

  contract('RedisVerdictStore', async () => new RedisVerdictStore(await connect(), { prefix: `contract${prefixes++}:` }));

  it('two relays, each with its own connection, given the same callback at once: exactly one records it', async () => {
    const one = new RedisVerdictStore(await connect(), { prefix: 'shared:' });
    const two = new RedisVerdictStore(await connect(), { prefix: 'shared:' });
    for (let round = 0; round < 20; round++) {
      const results = await Promise.all([one.record(`user${round}`, DECLINED, SIG(round)), two.record(`user${round}`, DECLINED, SIG(round))]);
      assert.equal(results.filter(Boolean).length, 1, `round ${round}: ${results}`);
    }
    assert.deepEqual(await two.get('user7'), DECLINED);
    assert.deepEqual(await one.get('user7'), DECLINED);
  });

  it('keys carry the prefix and a TTL', async () => {
    const client = await connect();
    const store = new RedisVerdictStore(client, { prefix: 'ttl:', ttlMs: 60_000 });
    await store.record('u', APPROVED, SIG(1));
    const keys = (await client.keys('ttl:*')).sort();
    assert.deepEqual(keys, [`ttl:seen:u:${SIG(1)}`, 'ttl:user:u']);
    for (const key of keys) {
      const ttl = await client.pTTL(key);
      assert.ok(ttl > 0 && ttl <= 60_000, `${key}: ${ttl}`);
    }
    assert.ok((await client.pTTL('nothing')) < 0);
  });

  it('the default TTL is 30 days', async () => {
    const client = await connect();
    await new RedisVerdictStore(client, { prefix: 'default:' }).record('u', APPROVED, SIG(1));
    const ttl = await client.pTTL('default:user:u');
    assert.ok(ttl > 29 * 24 * 3600 * 1000 && ttl <= 30 * 24 * 3600 * 1000, String(ttl));
  });

  it('prefixes keep relays apart', async () => {
    const client = await connect();
    const a = new RedisVerdictStore(client, { prefix: 'a:' });
    const b = new RedisVerdictStore(client, { prefix: 'b:' });
    assert.equal(await a.record('u', APPROVED, SIG(1)), true);
    assert.equal(await b.record('u', APPROVED, SIG(1)), true);
    assert.equal(await b.get('x'), null);
  });

  it('a stored value that is not a verdict reads as null', async () => {
    const client = await connect();
    const store = new RedisVerdictStore(client, { prefix: 'odd:' });
    for (const value of ['not json', '{"verdict":"hacked","reasons":[]}', '{"verdict":"approved"}', '[]']) {
      await client.set('odd:user:u', value);
      assert.equal(await store.get('u'), null, value);
    }
  });
});
