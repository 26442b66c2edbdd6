/**
 * Where a verification journey is, kept in sessionStorage so a reload (phones reload the tab
 * when the camera opens) resumes at the same step. Only the relay's opaque token, the step and
 * an expiry: no personal data. Part of the steps chunk: the element only asks `hasSavedJourney`
 * at connect, to know whether to load the chunk at once. Storage may be unavailable or full;
 * then the journey simply does not survive a reload.
 */
import { z } from '../zod.js';
import { journeyKey } from './journey-key.js';
import { STEP_NAMES, type Phase } from './step-names.js';

/** The relay's session tokens live two hours; a journey is not resumed after that. */
export const JOURNEY_TTL_MS = 2 * 60 * 60_000;

const journeySchema = z.object({
  session: z.string().check(z.refine((v) => v.length >= 1 && v.length <= 4096)),
  step: z.custom<Phase>((v) => [...STEP_NAMES, 'done'].includes(v as Phase)),
  expiresAt: z.custom<number>((v) => typeof v === 'number'),
});

export type Journey = z.infer<typeof journeySchema>;

/** The saved journey for this relay, or null (none, expired, malformed or storage unavailable). */
export function readJourney(backendUrl: string, now = Date.now()): Journey | null {
  try {
    const key = journeyKey(backendUrl);
    const raw = sessionStorage.getItem(key);
    if (raw === null) return null;
    const parsed = journeySchema.safeParse(JSON.parse(raw));
    if (parsed.success && parsed.data.expiresAt > now) return parsed.data;
    sessionStorage.removeItem(key);
  } catch {
    // Unavailable storage or text that is not JSON: no journey.
  }
  return null;
}

/** Records the step; the expiry is set when the session is first saved and never extended. */
export function saveJourney(backendUrl: string, session: string, step: Phase, now = Date.now()): void {
  const previous = readJourney(backendUrl, now);
  const expiresAt = previous?.session === session ? previous.expiresAt : now + JOURNEY_TTL_MS;
  const journey: Journey = { session, step, expiresAt };
  try {
    sessionStorage.setItem(journeyKey(backendUrl), JSON.stringify(journey));
  } catch {
    // Full or unavailable: the journey will not survive a reload, nothing else changes.
  }
}

/** Forgets the journey: after the verdict, or when the person starts again. */
export function clearJourney(backendUrl: string): void {
  try {
    sessionStorage.removeItem(journeyKey(backendUrl));
  } catch {
    // Unavailable storage holds nothing to clear.
  }
}
