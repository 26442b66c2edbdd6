/** What the relay's answer means for the form, whatever the HTTP status (see DESIGN's table). */
import { normalizeErrors } from './errors.js';

export type RelayOutcome =
  | { kind: 'ok'; userHash: string; userId: string; session?: string }
  | { kind: 'bad'; errors: string[]; status: number | null }
  | { kind: 'error'; errors: string[]; status: number | null };

export const NETWORK_ERROR = 'network:unreachable';
export const TIMEOUT_ERROR = 'network:timeout';
export const INVALID_ANSWER = 'relay:invalid_answer';

/**
 * The outcome of a relay's JSON body (null when it sent none) that came with HTTP `status`. Read
 * leniently, as BASIS ID writes answers: `errors` may be one string, `userId` a number.
 */
export function relayOutcome(status: number, body: unknown): RelayOutcome {
  const answer = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (answer.status === 'ok' && typeof answer.userHash === 'string') {
    const session = typeof answer.session === 'string' ? { session: answer.session } : {};
    return { kind: 'ok', userHash: answer.userHash, userId: String(answer.userId ?? ''), ...session };
  }
  if (answer.status !== 'bad' && answer.status !== 'error') return { kind: 'error', errors: [INVALID_ANSWER], status };
  // Codes are passed on as they came; the form shows unknown ones as a generic failure.
  const errors = normalizeErrors(answer.errors);
  return { kind: answer.status, errors: errors.length ? errors : [`relay:${answer.status}`], status };
}
