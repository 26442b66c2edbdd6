/** The per-session limit of the step routes (uploads and status): 30 a minute per BASIS ID user. */
import { createRateLimiter, type RateLimiter, type RateLimitStore } from './rate-limit.js';
import type { SessionData } from './session.js';

export const STEP_RATE_LIMIT = { limit: 30, windowMs: 60_000 } as const;

/** Counted per user, so that one session cannot spread its requests over many IPs. */
export const sessionKey = (session: Pick<SessionData, 'userHash'>): string => `session:${session.userHash}`;

/** `store`: the relay's shared store (Redis) when it has one, else memory. */
export const createStepLimiter = (store?: RateLimitStore): RateLimiter =>
  createRateLimiter({ ...STEP_RATE_LIMIT, ...(store ? { store } : {}) });
