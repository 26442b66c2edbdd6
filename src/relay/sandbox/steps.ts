/**
 * An in-process simulator of BASIS ID's step endpoints (send-document, send-image,
 * send-statement) with the `fetch` signature, so the whole journey runs offline. A few seconds
 * after each accepted upload it sends the relay a callback signed as BASIS ID would:
 * approved, or declined when the person's last name is "declined" (any case).
 */
import { callbackSignature } from '../core/callback.js';
import { randomSecret } from '../core/crypto.js';
import { STEP_PATHS } from '../core/steps-upstream.js';
import { APPROVED_STATUS, DECLINED_STATUS } from '../core/verdict.js';
import type { FetchLike } from '../core/fetch-once.js';

export interface SandboxUser {
  userHash: string;
  userId: string;
  lastName: string;
}

export interface StepsSandboxOptions {
  /** Signs the callbacks. Default: a random per-process secret (`secret2` tells which). */
  secret2?: string;
  /** Delivers a callback's JSON body to the relay's callback route. Failures are ignored, as BASIS ID would retry. */
  sendCallback: (body: string) => unknown;
  /** Default 3000. */
  callbackDelayMs?: number;
  /** Users remembered; the oldest are forgotten past this. Default 10 000. */
  maxUsers?: number;
}

export interface StepsSandbox {
  fetch: FetchLike;
  /** The secret the callbacks are signed with (the relay verifies them with it). */
  secret2: string;
  /** The base-check sandbox tells of each user it creates; only they may upload. */
  rememberUser(user: SandboxUser): void;
  /** Cancels the callbacks not sent yet. */
  close(): void;
}

const STEP_ENDPOINTS = new Set(Object.values(STEP_PATHS));

const answer = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

export function createStepsSandbox(options: StepsSandboxOptions): StepsSandbox {
  const secret2 = options.secret2 || randomSecret();
  const delayMs = options.callbackDelayMs ?? 3000;
  const maxUsers = Math.max(1, options.maxUsers ?? 10_000);
  // Insertion-ordered, so the oldest users are dropped first.
  const users = new Map<string, SandboxUser>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  async function callbackFor(user: SandboxUser): Promise<string> {
    const declined = user.lastName.trim().toLowerCase() === 'declined';
    const fields = {
      user_id: user.userId,
      user_hash: user.userHash,
      status: declined ? DECLINED_STATUS : APPROVED_STATUS,
      autocheck_bad_reasons: declined ? 'black_list' : '',
      callback_type: '',
      reason: '',
      request: '',
      message: '',
    };
    return JSON.stringify({ ...fields, signature: await callbackSignature(secret2, fields) });
  }

  function schedule(user: SandboxUser): void {
    const timer = setTimeout(async () => {
      timers.delete(timer);
      try {
        await options.sendCallback(await callbackFor(user));
      } catch {
        // The real BASIS ID retries later; a demo simply carries on.
      }
    }, delayMs);
    timers.add(timer);
  }

  const fetch: FetchLike = async (input, init) => {
    const request = new Request(input, init);
    init?.signal?.throwIfAborted();
    if (request.method !== 'POST' || !STEP_ENDPOINTS.has(new URL(request.url).pathname)) return answer(404, { status: 'error' });
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return answer(400, { status: 'error' });
    }
    const user = users.get(String(form.get('user_hash')));
    if (!user || form.get('check_id') !== user.userId) return answer(404, { status: 'error' });
    const file = form.get('file');
    const step = form.get('step');
    const isDocument = new URL(request.url).pathname === STEP_PATHS.document;
    if (!(file instanceof Blob) || file.size === 0 || (isDocument && step !== '1' && step !== '2')) return answer(400, { status: 'error' });
    schedule(user);
    return answer(200, { status: 'ok', file: `/uploads/${crypto.randomUUID()}` });
  };

  return {
    fetch,
    secret2,
    rememberUser(user) {
      users.delete(user.userHash);
      users.set(user.userHash, user);
      for (const oldest of users.keys()) {
        if (users.size <= maxUsers) break;
        users.delete(oldest);
      }
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
