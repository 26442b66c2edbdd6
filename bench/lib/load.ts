/**
 * A closed-loop HTTP load generator, run in a child process (bench/lib/load-child.ts): each
 * client sends one POST, waits for the whole answer, and sends the next, for a fixed time and
 * at most a fixed number of requests. Bounded in time and count; loopback targets only.
 */
import { spawnChild } from './child.js';

export interface LoadGroup {
  name: string;
  /** Clients in this group. */
  concurrency: number;
  /**
   * `X-Forwarded-For` per request: none, a new address per request (never rate limited), or
   * one address per `phaseMs` period (all of the group's requests in a period count together).
   */
  forwardedFor?: 'none' | 'unique' | { phaseMs: number };
  /** Pause between a client's requests (ms, uniform in [0, thinkMs]). Default 0. */
  thinkMs?: number;
}

export interface LoadPlan {
  /** Requests go round-robin to these URLs (loopback only). */
  targets: string[];
  body: string;
  durationMs: number;
  maxRequests: number;
  /** A request unanswered this long is abandoned and counted as lost. */
  timeoutMs: number;
  groups: LoadGroup[];
  /** Check every answer against the relay's answer table. */
  checkContract?: boolean;
  /** Keep every latency (for percentiles). */
  keepLatencies?: boolean;
}

export interface GroupResult {
  name: string;
  sent: number;
  answered: number;
  byStatus: Record<string, number>;
  /** Timed out or failed at the socket: no answer at all. */
  lost: number;
  lostReasons: Record<string, number>;
  /** Answers outside the contract's table (first few kept). */
  malformed: number;
  malformedExamples: string[];
  latencies: number[];
  maxLatencyMs: number;
  /** Phase addresses: answers per address that passed the limiter (not 429) and were limited. */
  perAddress: Record<string, { admitted: number; limited: number; firstMs: number; lastMs: number }>;
  /** Which target answered what, by status. */
  byTarget: Record<string, Record<string, number>>;
}

export interface LoadResult {
  elapsedMs: number;
  groups: GroupResult[];
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  for (const target of plan.targets) {
    if (!LOOPBACK.test(new URL(target).hostname)) throw new Error(`load generator: ${target} is not on loopback`);
  }
  const child = spawnChild(new URL('./load-child.ts', import.meta.url));
  try {
    return await child.ask<LoadResult>(plan);
  } finally {
    await child.stop();
  }
}

export const requestsPerSecond = (result: LoadResult): number =>
  result.groups.reduce((a, g) => a + g.answered, 0) / (result.elapsedMs / 1000);
