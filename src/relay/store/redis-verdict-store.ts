/**
 * Verdicts in Redis, shared by several relays. The once-only check and the verdict's update
 * are one Lua script, so two relays given the same callback at once record it exactly once.
 */
import type { Verdict } from '../core/verdict.js';
import { VERDICT_TTL_MS, verdictSchema, type VerdictStore } from './verdict-store.js';

/** The client methods the store needs; a node-redis v5 client fits. */
export interface RedisVerdictClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  get(key: string): Promise<unknown>;
}

// Marks the callback seen if it was not; only then replaces the verdict. Both expire.
const RECORD_SCRIPT = `
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[2]) then
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;

export interface RedisVerdictStoreOptions {
  /** Key prefix, to share a Redis with other uses. Default `kyc-relay:verdict:`. */
  prefix?: string;
  /** Default 30 days. */
  ttlMs?: number;
}

export class RedisVerdictStore implements VerdictStore {
  private readonly prefix: string;
  private readonly ttlMs: number;

  constructor(
    private readonly client: RedisVerdictClient,
    options: RedisVerdictStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'kyc-relay:verdict:';
    this.ttlMs = Math.max(1, Math.round(options.ttlMs ?? VERDICT_TTL_MS));
  }

  private verdictKey = (userHash: string) => `${this.prefix}user:${userHash}`;

  async record(userHash: string, verdict: Verdict, signature: string): Promise<boolean> {
    const reply = await this.client.eval(RECORD_SCRIPT, {
      keys: [`${this.prefix}seen:${userHash}:${signature}`, this.verdictKey(userHash)],
      arguments: [JSON.stringify({ verdict: verdict.verdict, reasons: verdict.reasons }), String(this.ttlMs)],
    });
    return Number(reply) === 1;
  }

  async get(userHash: string): Promise<Verdict | null> {
    const text = await this.client.get(this.verdictKey(userHash));
    if (typeof text !== 'string') return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return null;
    }
    const parsed = verdictSchema.safeParse(value);
    return parsed.success ? parsed.data : null;
  }
}
