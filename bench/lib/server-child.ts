/**
 * A child process that runs one server for the bench or the soak, so the process under test
 * has its event loop to itself: the fake BASIS ID (instant `ok`), the soak's chaotic upstream,
 * or a relay (optionally rate limited through a shared Redis store). It reports its memory.
 */
import { startFakeBasis } from '../../demo/services/fake-basis.js';
import { connectRedisStore, createRateLimiter, startRelayServer, type RelayServer } from '../../src/relay/index.js';
import { serveParent } from './child.js';

export type ServerSpec =
  | { kind: 'basis' }
  | { kind: 'chaos'; seed?: number; slowMs: number }
  | {
      kind: 'relay';
      upstreamUrl: string;
      timeoutMs: number;
      /** Shared rate limit: `limit` per `windowMs` per client address, counted in Redis. */
      redis?: { url: string; limit: number; windowMs: number };
    };

export interface ServerMemory {
  rss: number;
  heapUsed: number;
}

export type ServerRequest = { start: ServerSpec } | { memory: true } | { stats: true } | { stop: true };

let stop: () => Promise<void> = async () => {};
let stats: () => unknown = () => ({});

async function start(spec: ServerSpec): Promise<{ url: string }> {
  if (spec.kind === 'basis') {
    const basis = await startFakeBasis({ keep: 1 });
    stop = () => basis.close();
    return { url: basis.url };
  }
  if (spec.kind === 'chaos') {
    const { startChaosUpstream } = await import('../../soak/chaos-upstream.js');
    const chaos = await startChaosUpstream({ slowMs: spec.slowMs });
    stop = () => chaos.close();
    stats = () => chaos.served;
    return { url: chaos.url };
  }
  const store = spec.redis ? await connectRedisStore(spec.redis.url, { prefix: 'soak:' }) : undefined;
  const relay: RelayServer = await startRelayServer({
    port: 0,
    apiKey: 'soak-key',
    upstreamUrl: spec.upstreamUrl,
    timeoutMs: spec.timeoutMs,
    logger: false,
    trustProxy: 1,
    rateLimiter: spec.redis && store ? createRateLimiter({ limit: spec.redis.limit, windowMs: spec.redis.windowMs, store }) : false,
  });
  stop = async () => {
    await relay.close(1_000);
    await store?.close();
  };
  return { url: `${relay.url}/api/kyc/base-check` };
}

function memory(): ServerMemory {
  // Started with --expose-gc: measure what is live, not what is waiting for collection.
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

serveParent(async (request: ServerRequest) => {
  if ('start' in request) return start(request.start);
  if ('memory' in request) return memory();
  if ('stats' in request) return stats();
  await stop();
  return true;
});
