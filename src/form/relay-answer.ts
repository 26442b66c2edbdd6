/** What the relay's answer means for the form, whatever the HTTP status (see DESIGN's table). */
import { normalizeErrors } from './errors.js';

export type RelayOutcome =
  | { kind: 'ok'; userHash: string; userId: string }
  | { kind: 'bad'; errors: string[]; status: number | null }
  | { kind: 'error'; errors: string[]; status: number | null };

export const NETWORK_ERROR = 'network:unreachable';
export const TIMEOUT_ERROR = 'network:timeout';
export const INVALID_ANSWER = 'relay:invalid_answer';

export function interpretAnswer(status: number, body: unknown): RelayOutcome {
  const answer = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (answer.status === 'ok' && typeof answer.userHash === 'string') {
    return { kind: 'ok', userHash: answer.userHash, userId: String(answer.userId ?? '') };
  }
  const errors = normalizeErrors(answer.errors);
  if (answer.status === 'bad') return { kind: 'bad', errors: errors.length ? errors : ['relay:bad'], status };
  if (answer.status === 'error') return { kind: 'error', errors: errors.length ? errors : ['relay:error'], status };
  return { kind: 'error', errors: [INVALID_ANSWER], status };
}
