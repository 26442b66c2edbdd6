/** What the relay's answer means for the form, whatever the HTTP status (see DESIGN's table). */
import { normalizeErrors } from './errors.js';
import type { BaseCheckAnswer, ErrorCode } from './relay-contract.js';

export type RelayOutcome =
  | { kind: 'ok'; userHash: string; userId: string; session?: string }
  | { kind: 'bad'; errors: string[]; status: number | null }
  | { kind: 'error'; errors: string[]; status: number | null };

export const NETWORK_ERROR = 'network:unreachable';
export const TIMEOUT_ERROR = 'network:timeout';
export const INVALID_ANSWER = 'relay:invalid_answer';

/**
 * Reads a relay's JSON body as a base-check answer, or null when it is none. Leniently, as
 * BASIS ID writes them: `errors` may be one string, `userId` a number.
 */
export function readBaseCheckAnswer(body: unknown): BaseCheckAnswer | null {
  const answer = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (answer.status === 'ok' && typeof answer.userHash === 'string') {
    const session = typeof answer.session === 'string' ? { session: answer.session } : {};
    return { status: 'ok', userHash: answer.userHash, userId: String(answer.userId ?? ''), ...session };
  }
  if (answer.status !== 'bad' && answer.status !== 'error') return null;
  // Codes are passed on as they came; the form shows unknown ones as a generic failure.
  return { status: answer.status, errors: normalizeErrors(answer.errors) as ErrorCode[] };
}

/** The outcome of an answer (null: not an answer) that came with HTTP `status`. */
export function interpretAnswer(status: number, answer: BaseCheckAnswer | null): RelayOutcome {
  if (!answer) return { kind: 'error', errors: [INVALID_ANSWER], status };
  if (answer.status === 'ok') {
    const { status: _, ...verified } = answer;
    return { kind: 'ok', ...verified };
  }
  const errors = answer.errors.length ? answer.errors : [`relay:${answer.status}`];
  return { kind: answer.status, errors, status };
}
