/**
 * BASIS ID's calls after base-check: a step's file forwarded as multipart (user_hash and
 * check_id from the session, never from the browser), and the `users/info` verdict lookup.
 * Every URL is built on the origin of the configured BASIS ID URL.
 */
import { z } from '../../zod.js';
import { readBodyText } from './read-body.js';
import type { FetchLike } from './fetch-once.js';
import { sha256Hex } from './crypto.js';
import { fetchOnce, type Unreachable } from './fetch-once.js';
import type { Upload } from './read-upload.js';
import type { SessionData } from './session.js';
import { FILE_NAMING, type Step } from './step.js';
import { statusVerdict, type Verdict } from './verdict.js';

/** BASIS ID's endpoint for each step. */
export const STEP_PATHS: Readonly<Record<Step, string>> = {
  document: '/auth/send-document',
  selfie: '/auth/send-image',
  'address-proof': '/auth/send-statement',
};

// BASIS ID's answers are small; anything bigger is not an answer we understand.
const MAX_ANSWER_BYTES = 64 * 1024;
const ACCEPT_JSON = Object.freeze({ Accept: 'application/json' });

/** A path on BASIS ID's origin (its credentials, path and query are never carried over). */
export const basisUrl = (configured: string, path: string): string => new URL(path, new URL(configured).origin).href;

export interface BasisCall {
  fetch: FetchLike;
  /** The configured BASIS ID URL (`BASISID_URL`): only its origin is used. */
  basisUrl: string;
  timeoutMs: number;
}

export interface StepCall extends BasisCall {
  session: SessionData;
  step: Step;
  upload: Upload;
}

export type StepOutcome =
  | { kind: 'ok' }
  /** BASIS ID does not know the session's user (its 404). */
  | { kind: 'session' }
  /** BASIS ID could not read the file (its 400). */
  | { kind: 'invalid-file' }
  | Unreachable;

async function readJson(response: Response): Promise<unknown> {
  const text = await readBodyText(response, MAX_ANSWER_BYTES);
  if (!text.ok) return undefined;
  try {
    return JSON.parse(text.text);
  } catch {
    return undefined;
  }
}

const stepAnswer = z.object({ status: z.literal('ok') });

export function sendStep({ fetch, basisUrl: configured, timeoutMs, session, step, upload }: StepCall): Promise<StepOutcome> {
  const body = new FormData();
  body.append('user_hash', session.userHash);
  body.append('check_id', session.userId);
  if (step === 'document') body.append('step', String(upload.side));
  body.append('file', upload.file, `${step}.${FILE_NAMING[upload.kind].extension}`);
  return fetchOnce<StepOutcome>(fetch, basisUrl(configured, STEP_PATHS[step]), { method: 'POST', headers: ACCEPT_JSON, body }, timeoutMs, async (response) => {
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      if (response.status === 404) return { kind: 'session' };
      if (response.status === 400) return { kind: 'invalid-file' };
      return { kind: 'unavailable', note: `upstream-http-${response.status}` };
    }
    // Only "ok" matters: BASIS ID's file path stays here.
    return stepAnswer.safeParse(await readJson(response)).success ? { kind: 'ok' } : { kind: 'unavailable', note: 'upstream-unparseable' };
  });
}

export interface LookupCall extends BasisCall {
  apiKey: string;
  secret2: string;
  userHash: string;
}

const infoAnswer = z.object({ status: z.literal('ok'), user_status: z.union([z.string(), z.number()]) });
const PENDING: Verdict = { verdict: 'pending', reasons: [] };

/** `users/info`: the user's verdict, `pending` for anything else, a failure included. */
export async function lookupVerdict({ fetch, basisUrl: configured, timeoutMs, apiKey, secret2, userHash }: LookupCall): Promise<Verdict> {
  const path = `/users/info/${encodeURIComponent(userHash)}/${encodeURIComponent(apiKey)}/${await sha256Hex(userHash + secret2)}`;
  const outcome = await fetchOnce<Verdict>(fetch, basisUrl(configured, path), { method: 'GET', headers: ACCEPT_JSON }, timeoutMs, async (response) => {
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      return PENDING;
    }
    const answer = infoAnswer.safeParse(await readJson(response));
    return answer.success ? statusVerdict(String(answer.data.user_status)) : PENDING;
  });
  return 'verdict' in outcome ? outcome : PENDING;
}
