/**
 * Relay throughput: `startRelayServer` (logger and rate limiter off) against a bare `node:http`
 * forwarder doing the same `fetch`, both in this process, in front of the same instant fake
 * BASIS ID (its own process), loaded by a closed-loop generator (its own process).
 */
import { createServer, type Server } from 'node:http';
import { PERSON_PAYLOAD } from '../test/e2e/helpers/form.js';
import { listen } from '../src/relay/node/listen.js';
import { baseCheckSchema, checkBaseCheck } from '../src/form/schema.js';
import { createRelay, startRelayServer } from '../src/relay/index.js';
import { spawnChild } from './lib/child.js';
import { usPerOp } from './lib/micro.js';
import { requestsPerSecond, runLoad, type LoadResult } from './lib/load.js';
import type { ServerRequest } from './lib/server-child.js';
import { median, quantile } from './lib/stats.js';

export interface RelayRun {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export interface RelayReport {
  concurrency: number;
  seconds: number;
  relay: RelayRun[];
  bare: RelayRun[];
  /** What the relay does per request besides the HTTP and the upstream fetch, in µs (in-process). */
  costs: Array<{ step: string; us: number }>;
}

/** The baseline: read the body, `fetch` it to the upstream, send back what came. */
async function startBareForwarder(upstreamUrl: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const answer = await fetch(upstreamUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: Buffer.concat(chunks),
        });
        const text = await answer.text();
        res.writeHead(answer.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
      } catch {
        res.writeHead(502).end();
      }
    });
  });
  const { url } = await listen(server, 0, '127.0.0.1');
  return { url: `${url}/forward`, server };
}

const summarise = (result: LoadResult): RelayRun => {
  const g = result.groups[0]!;
  return {
    rps: requestsPerSecond(result),
    p50: quantile(g.latencies, 0.5),
    p99: quantile(g.latencies, 0.99),
    errors: g.lost + g.answered - (g.byStatus['200'] ?? 0),
  };
};

export async function measureRelay(options: { concurrency?: number; seconds?: number; rounds?: number; log?: (line: string) => void } = {}): Promise<RelayReport> {
  const { concurrency = 32, seconds = 5, rounds = 3, log = () => {} } = options;
  const upstream = spawnChild(new URL('./lib/server-child.ts', import.meta.url));
  const { url: upstreamUrl } = await upstream.ask<{ url: string }>({ start: { kind: 'basis' } } satisfies ServerRequest);
  const relay = await startRelayServer({ port: 0, apiKey: 'bench-key', upstreamUrl, logger: false, rateLimiter: false });
  const bare = await startBareForwarder(upstreamUrl);
  const targets = { relay: `${relay.url}/api/kyc/base-check`, bare: bare.url };
  const body = JSON.stringify(PERSON_PAYLOAD);
  const load = (url: string, durationMs: number) =>
    runLoad({
      targets: [url],
      body,
      durationMs,
      maxRequests: 2_000_000,
      timeoutMs: 10_000,
      keepLatencies: true,
      groups: [{ name: 'load', concurrency }],
    });
  const report: RelayReport = { concurrency, seconds, relay: [], bare: [], costs: [] };
  try {
    // Warm both (JIT, keep-alive pools) before measuring.
    await load(targets.relay, 1_000);
    await load(targets.bare, 1_000);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (['relay', 'bare'] as const) : (['bare', 'relay'] as const);
      for (const which of order) {
        log(`relay throughput: round ${round + 1}/${rounds}, ${which}, ${seconds} s at concurrency ${concurrency}`);
        report[which].push(summarise(await load(targets[which], seconds * 1_000)));
      }
    }
    log('relay: per-request costs in process');
    report.costs = await relayCosts(body);
  } finally {
    await relay.close(500);
    await new Promise<void>((resolve) => bare.server.close(() => resolve()));
    bare.server.closeAllConnections();
    await upstream.ask({ stop: true } satisfies ServerRequest).catch(() => {});
    await upstream.stop();
  }
  return report;
}

export const medianOf = (runs: RelayRun[], key: keyof RelayRun): number => median(runs.map((r) => r[key]));

const HEADERS = {
  host: '127.0.0.1:8787',
  'content-type': 'application/json',
  'content-length': '300',
  connection: 'keep-alive',
  accept: '*/*',
};
const BASIS_OK = JSON.stringify({ status: 'ok', user_hash: 'a1b2c3', user_id: 7, api_access_token: 'x', api_refresh_token: 'y' });

/** The relay's own work per request, step by step, without sockets (what a Node fast path could skip). */
async function relayCosts(body: string): Promise<RelayReport['costs']> {
  const bytes = new TextEncoder().encode(body);
  const request = () =>
    new Request('http://127.0.0.1:8787/api/kyc/base-check', {
      method: 'POST',
      headers: HEADERS,
      body: new ReadableStream({
        pull(controller) {
          controller.enqueue(bytes);
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
  const handler = createRelay({
    apiKey: 'k',
    upstreamUrl: 'http://127.0.0.1:9/auth/base-check',
    logger: false,
    rateLimiter: false,
    fetch: async () => new Response(BASIS_OK, { status: 200, headers: { 'content-type': 'application/json' } }),
  });
  const schema = baseCheckSchema();
  const form = JSON.parse(body) as Record<string, unknown>;
  const steps: Array<[string, () => unknown]> = [
    ['whole handler (createRelay, upstream stubbed), Request in → Response read', async () => (await handler(request())).arrayBuffer()],
    ['web Request with a streamed body, read as text (Node adapter)', () => request().text()],
    ['schema check (zod, checkBaseCheck)', () => checkBaseCheck(form, {}, schema)],
    ['Response + Headers built, body read back (toResponse + writeResponse)', () =>
      new Response(BASIS_OK, { status: 200, headers: new Headers({ ...HEADERS, 'x-request-id': crypto.randomUUID() }) }).arrayBuffer()],
    ['stubbed upstream Response read (readBodyText)', () => new Response(BASIS_OK).text()],
    ['crypto.randomUUID + ISO time (log fields)', () => crypto.randomUUID() + new Date().toISOString()],
    ['JSON.parse + JSON.stringify of the form (the floor)', () => JSON.stringify(JSON.parse(body))],
  ];
  const out: RelayReport['costs'] = [];
  for (const [step, op] of steps) out.push({ step, us: await usPerOp(op) });
  return out;
}
