/**
 * Two relays sharing a real redis-server through one connection each (connectRedis): each
 * distinct callback is told to onStatus once in all, whichever relay gets it, and the
 * verdict is known to both.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  connectRedis,
  createRelay,
  RedisStore,
  RedisVerdictStore,
  type RedisConnection,
  type RelayHandler,
  type StatusEvent,
} from '../../../../src/relay/index.js';
import { KEY } from '../../helpers/relay.js';
import { APPROVED, callbackRequest, DECLINED, recordingBasis, SECRET2, SESSION_SECRET, sessionOf, signedCallback, statusRequest } from '../../helpers/journey.js';
import { startRedisServer, type RedisServer } from '../../helpers/redis-server.js';

describe('shared verdicts: two relays, one redis-server', () => {
  let redis: RedisServer;
  const connections: RedisConnection[] = [];
  const statuses: StatusEvent[] = [];
  const relays: RelayHandler[] = [];

  before(async () => {
    redis = await startRedisServer();
    for (let i = 0; i < 2; i++) {
      const connection = await connectRedis(redis.url);
      connections.push(connection);
      relays.push(
        createRelay({
          apiKey: KEY,
          fetch: recordingBasis().fetch,
          logger: false,
          rateLimiter: false,
          sessionSecret: SESSION_SECRET,
          secret2: SECRET2,
          // The one connection serves both stores.
          verdictStore: new RedisVerdictStore(connection.client),
          rateStore: new RedisStore(connection.client),
          onStatus: (status) => void statuses.push(status),
        }),
      );
    }
  });
  after(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    await redis?.stop();
  });

  it('the same callback to both at once: one onStatus in all, both answer OK', async () => {
    const body = signedCallback(APPROVED);
    const answers = await Promise.all([...relays, ...relays].map((relay) => relay(callbackRequest(body))));
    assert.deepEqual(await Promise.all(answers.map((answer) => answer.text())), ['OK', 'OK', 'OK', 'OK']);
    assert.equal(statuses.length, 1);
    // A different callback for the same person is told once too; its replay to the other relay is not.
    const declined = signedCallback(DECLINED);
    await relays[0]!(callbackRequest(declined));
    await relays[1]!(callbackRequest(declined));
    assert.deepEqual(statuses.map((status) => status.verdict), ['approved', 'declined']);
  });

  it('the verdict one relay recorded is the other`s status', async () => {
    const token = await sessionOf();
    for (const relay of relays) {
      assert.deepEqual(await (await relay(statusRequest(token))).json(), { status: 'ok', verdict: 'declined', reasons: ['pep', 'black_list'] });
    }
  });
});
