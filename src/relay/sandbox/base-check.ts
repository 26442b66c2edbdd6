/**
 * An in-process BASIS ID `base-check` simulator with the `fetch` signature, for demos and
 * tests that run offline. It answers from the contract's facts: the same validation (with
 * BASIS ID's `empty:<field>` codes), `user:exists` for an email or phone seen before,
 * `error:key` for a wrong key, and realistic hashes, ids and tokens.
 */
import { parseCode } from '../../form/errors.js';
import type { OptionalField } from '../../form/fields.js';
import { baseCheckSchema, checkBaseCheck } from '../../form/schema.js';
import type { FetchLike } from '../core/upstream.js';
import type { SandboxUser } from './steps.js';

export interface SandboxOptions {
  /** When set, any other `key` gets `error:key`. */
  apiKey?: string;
  /** Optional fields the simulated account requires. */
  requiredFields?: readonly OptionalField[];
  /** People remembered for `user:exists`; the oldest are forgotten past this. Default 10 000. */
  maxUsers?: number;
  /** How long after an accepted upload the simulated verdict callback comes. Default 3000 ms. */
  callbackDelayMs?: number;
  /** Told of each user created, so the steps simulator knows them (and their last name). */
  onUser?: (user: SandboxUser) => void;
}

const hex = (bytes: number): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

const answer = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

export function createSandbox(options: SandboxOptions = {}): FetchLike {
  const schema = baseCheckSchema({ requiredFields: options.requiredFields ?? [] });
  const maxUsers = Math.max(1, options.maxUsers ?? 10_000);
  // Insertion-ordered, so the oldest identities are dropped first.
  const seen = new Set<string>();
  let nextUserId = 100_000 + Math.floor(Math.random() * 800_000);

  const remember = (identity: string) => {
    seen.add(identity);
    for (const old of seen) {
      if (seen.size <= maxUsers) break;
      seen.delete(old);
    }
  };

  return async (input, init) => {
    const request = new Request(input, init);
    init?.signal?.throwIfAborted();
    if (request.method !== 'POST') return answer(405, { status: 'error' });
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch {
      return answer(400, { status: 'error' });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return answer(400, { status: 'error' });
    const key = (body as Record<string, unknown>).key;
    if (options.apiKey !== undefined && key !== options.apiKey) return answer(200, { status: 'bad', errors: ['error:key'] });

    const checked = checkBaseCheck(body, {}, schema);
    if (!checked.ok) {
      // BASIS ID says `empty:<field>` for missing and invalid alike.
      const errors = checked.errors.map((code) => `empty:${parseCode(code)?.field ?? 'form'}`);
      // Like BASIS ID, a single error comes as a string.
      return answer(200, { status: 'bad', errors: errors.length === 1 ? errors[0] : errors });
    }
    const identities = [`email:${checked.data.email.toLowerCase()}`, `phone:${checked.data.phone}`];
    if (identities.some((identity) => seen.has(identity))) return answer(200, { status: 'bad', errors: ['user:exists'] });
    identities.forEach(remember);

    const user = { userHash: hex(32), userId: nextUserId++ };
    options.onUser?.({ userHash: user.userHash, userId: String(user.userId), lastName: checked.data.last_name });
    return answer(200, {
      status: 'ok',
      user_hash: user.userHash,
      user_id: user.userId,
      api_access_token: hex(24),
      api_refresh_token: hex(24),
      blockchain_read_token: hex(24),
    });
  };
}
