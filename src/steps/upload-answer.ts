/**
 * What the relay's answer to an upload or a status poll means for the person: pure, so every
 * status and error code is tested in Node. Keys name messages in the steps' language tables.
 */
import { normalizeErrors } from '../form/errors.js';
import { z } from '../zod.js';

/** Why a file did not go through; each has a message `steps.error.<key>`. */
export type FailureKey =
  | 'session'
  | 'too_large'
  | 'file_type'
  | 'unreadable'
  | 'undecodable'
  | 'rate_limited'
  | 'unavailable'
  | 'network'
  | 'rejected';

const record = (body: unknown): Record<string, unknown> => (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;

/** The failure an upload answer means, or null when the relay accepted the file. `status` null: no answer came. */
export function uploadFailure(status: number | null, body: unknown): FailureKey | null {
  if (status === null) return 'network';
  const answer = record(body);
  if (status >= 200 && status < 300 && answer.status === 'ok') return null;
  const errors = normalizeErrors(answer.errors);
  if (status === 401 || errors.includes('request:session')) return 'session';
  if (status === 413 || errors.includes('request:too_large')) return 'too_large';
  if (status === 415 || errors.includes('request:file_type')) return 'file_type';
  if (errors.includes('invalid:file')) return 'unreadable';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'unavailable';
  return 'rejected';
}

export const VERDICTS = ['pending', 'approved', 'declined', 'more-data'] as const;
export type Verdict = (typeof VERDICTS)[number];

// Only the zod parts the first load has too: the entry holds every zod part this chunk uses.
const statusSchema = z.object({
  status: z.custom<'ok'>((v) => v === 'ok'),
  verdict: z.custom<Verdict>((v) => VERDICTS.includes(v as Verdict)),
  // Malformed reasons do not void a verdict: they read as none.
  reasons: z.optional(z.unknown()),
});

export type StatusAnswer =
  | { kind: 'verdict'; verdict: Verdict; reasons: string[] }
  | { kind: 'expired' }
  /** Network, 5xx or anything unexpected: ask again later. */
  | { kind: 'retry' };

const readReasons = (reasons: unknown): string[] =>
  Array.isArray(reasons) && reasons.every((r) => typeof r === 'string') ? reasons : [];

/** The relay's answer to `GET status`. */
export function statusAnswer(status: number | null, body: unknown): StatusAnswer {
  if (status === 401) return { kind: 'expired' };
  if (status !== 200) return { kind: 'retry' };
  const parsed = statusSchema.safeParse(body);
  return parsed.success ? { kind: 'verdict', verdict: parsed.data.verdict, reasons: readReasons(parsed.data.reasons) } : { kind: 'retry' };
}

/** A verdict after which there is nothing more to wait for. */
export const isFinal = (verdict: Verdict): boolean => verdict !== 'pending';
