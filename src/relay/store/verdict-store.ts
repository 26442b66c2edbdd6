/**
 * Where callback verdicts live, per user_hash, and the once-only rule for callbacks: BASIS ID's
 * signature has no nonce or timestamp, so a callback is "the same" when its user and signature
 * are (the signature already covers the status and reasons). Memory for one relay
 * (memory-verdict-store.ts), Redis for several (redis-verdict-store.ts).
 */
import { z } from '../../zod.js';
import type { Verdict } from '../core/verdict.js';

export interface VerdictStore {
  /**
   * Stores `verdict` as the user's current one and answers true, the first time this
   * (user, signature) is seen; a replay answers false and changes nothing.
   */
  record(userHash: string, verdict: Verdict, signature: string): Promise<boolean>;
  /** The user's latest recorded verdict, or null. */
  get(userHash: string): Promise<Verdict | null>;
}

/** How long verdicts and seen signatures are kept: far beyond any verification journey. */
export const VERDICT_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** A stored verdict as read back (from Redis, say): checked, never trusted. */
export const verdictSchema = z.object({
  verdict: z.enum(['pending', 'approved', 'declined', 'more-data']),
  reasons: z.array(z.string()),
});
