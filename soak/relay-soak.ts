/**
 * The relay under fault and load: two relay processes sharing one rate limit in a real
 * redis-server, in front of an upstream that misbehaves at random, driven by 50 clients in a
 * child process for a fixed time. Every answer is checked against the contract's table; a
 * request without an answer (client-side timeout, reset) is lost.
 */
import { spawnChild, type Child } from '../bench/lib/child.js';
import { runLoad, type GroupResult, type LoadResult } from '../bench/lib/load.js';
import type { ServerMemory, ServerRequest } from '../bench/lib/server-child.js';
import { startRedisServer } from '../test/node/helpers/redis-server.js';
import { PERSON_PAYLOAD } from '../test/e2e/helpers/form.js';
import { CHAOS } from './chaos-upstream.js';

export const RELAY_TIMEOUT_MS = 1_000;
export const CLIENT_TIMEOUT_MS = 5_000;
/** The shared limit: per client address, across both relays. */
export const LIMIT = { limit: 10, windowMs: 10_000, phaseMs: 2_000 };

export interface RelaySoakReport {
  seconds: number;
  clients: number;
  load: LoadResult;
  upstreamServed: Record<string, number>;
  /** What the relay must answer per upstream behaviour (from the chaos table). */
  expected: Record<string, number>;
  memory: Array<{ relay: string; samples: Array<{ atSeconds: number } & ServerMemory> }>;
  limit: {
    addresses: number;
    maxAdmitted: number;
    minAdmitted: number;
    /** Addresses that got more than `limit` answers past the limiter. */
    violations: Array<{ address: string; admitted: number }>;
    /** Answers per relay for the limited addresses (both must take part). */
    byRelay: Record<string, Record<string, number>>;
  };
}

async function startServer(spec: ServerRequest & { start: unknown }, execArgv: string[] = []): Promise<{ child: Child; url: string }> {
  const child = spawnChild(new URL('../bench/lib/server-child.ts', import.meta.url), execArgv);
  const { url } = await child.ask<{ url: string }>(spec);
  return { child, url };
}

export async function soakRelay(seconds: number, log: (line: string) => void): Promise<RelaySoakReport> {
  const redis = await startRedisServer();
  const children: Child[] = [];
  try {
    const upstream = await startServer({ start: { kind: 'chaos', slowMs: RELAY_TIMEOUT_MS * 1.5 } });
    children.push(upstream.child);
    const relays = await Promise.all(
      ['A', 'B'].map(() =>
        startServer(
          {
            start: {
              kind: 'relay',
              upstreamUrl: upstream.url,
              timeoutMs: RELAY_TIMEOUT_MS,
              redis: { url: redis.url, limit: LIMIT.limit, windowMs: LIMIT.windowMs },
            },
          },
          ['--expose-gc'],
        ),
      ),
    );
    children.push(...relays.map((r) => r.child));
    log(`relay soak: relays at ${relays.map((r) => r.url).join(', ')}, redis at ${redis.url}, upstream ${upstream.url}`);
    const memory = relays.map((_, i) => ({ relay: `relay ${'AB'[i]}`, samples: [] as RelaySoakReport['memory'][number]['samples'] }));
    const started = performance.now();
    const sample = async () => {
      const atSeconds = Math.round((performance.now() - started) / 1000);
      const readings = await Promise.all(relays.map((r) => r.child.ask<ServerMemory>({ memory: true } satisfies ServerRequest)));
      readings.forEach((m, i) => memory[i]!.samples.push({ atSeconds, ...m }));
    };
    await sample();
    // Memory every 10 s while the load runs.
    let sampling = Promise.resolve();
    const sampler = setInterval(() => (sampling = sampling.then(sample, () => {})), 10_000);
    const clients = 50;
    const load = await runLoad({
      targets: relays.map((r) => r.url),
      body: JSON.stringify(PERSON_PAYLOAD),
      durationMs: seconds * 1_000,
      maxRequests: 500_000,
      timeoutMs: CLIENT_TIMEOUT_MS,
      checkContract: true,
      groups: [
        // A new address per request: never limited, so the upstream's chaos shows.
        { name: 'faults (new address per request)', concurrency: clients - 5, forwardedFor: 'unique', thinkMs: 10 },
        // One address per phase, across both relays: the shared limit must hold.
        { name: 'shared limit (one address per 2 s)', concurrency: 5, forwardedFor: { phaseMs: LIMIT.phaseMs }, thinkMs: 10 },
      ],
    });
    clearInterval(sampler);
    await sampling;
    // In-flight upstream calls (slow, never-answering) end with the relay timeout.
    await new Promise((resolve) => setTimeout(resolve, RELAY_TIMEOUT_MS + 500));
    await sample();
    const upstreamServed = await upstream.child.ask<Record<string, number>>({ stats: true } satisfies ServerRequest);
    const limited = load.groups[1]!;
    const admitted = Object.entries(limited.perAddress).map(([address, a]) => ({ address, admitted: a.admitted }));
    return {
      seconds,
      clients,
      load,
      upstreamServed,
      expected: Object.fromEntries(Object.entries(CHAOS).map(([k, v]) => [k, v.expect])),
      memory,
      limit: {
        addresses: admitted.length,
        maxAdmitted: Math.max(0, ...admitted.map((a) => a.admitted)),
        minAdmitted: Math.min(...admitted.map((a) => a.admitted)),
        violations: admitted.filter((a) => a.admitted > LIMIT.limit),
        byRelay: limited.byTarget,
      },
    };
  } finally {
    for (const child of children) {
      await child.ask({ stop: true } satisfies ServerRequest).catch(() => {});
      await child.stop();
    }
    await redis.stop();
  }
}

export const totals = (g: GroupResult[]) => ({
  sent: g.reduce((a, x) => a + x.sent, 0),
  answered: g.reduce((a, x) => a + x.answered, 0),
  lost: g.reduce((a, x) => a + x.lost, 0),
  malformed: g.reduce((a, x) => a + x.malformed, 0),
});
