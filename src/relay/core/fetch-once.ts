/**
 * One exchange with BASIS ID: one attempt, one time limit over connecting, the headers and the
 * answer's body, and no redirects. The same approach as `callUpstream` in ../upstream.ts
 * (which can call this instead of its own `exchange`).
 */
import type { FetchLike } from '../upstream.js';

/** BASIS ID could not be reached, or not in time. `note` is for the operator's log only. */
export type Unreachable = { kind: 'unavailable'; note: string } | { kind: 'timeout' };

export interface OnceRequest {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: BodyInit;
}

/** Node's fetch (undici) rejects a redirect it was told to refuse with this cause. */
const isRefusedRedirect = (error: unknown): boolean =>
  (error as { cause?: { message?: unknown } } | null)?.cause?.message === 'unexpected redirect';

/** Calls `url` once; `read` turns any answer that is not a redirect into an outcome, within the time limit. */
export async function fetchOnce<T>(
  fetch: FetchLike,
  url: string,
  init: OnceRequest,
  timeoutMs: number,
  read: (response: Response) => Promise<T | Unreachable>,
): Promise<T | Unreachable> {
  // Cleared once the answer is read (AbortSignal.timeout's timer would outlive the request).
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('upstream time limit', 'TimeoutError')), timeoutMs);
  const { signal } = controller;
  try {
    let response: Response;
    try {
      response = await fetch(url, { ...init, redirect: 'error', window: null, signal });
    } catch (error) {
      if (signal.aborted) return { kind: 'timeout' };
      return { kind: 'unavailable', note: isRefusedRedirect(error) ? 'upstream-redirect' : 'upstream-network' };
    }
    // A fetch that ignores the redirect mode (a custom one) still gets its redirects refused here.
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      await response.body?.cancel().catch(() => {});
      return { kind: 'unavailable', note: 'upstream-redirect' };
    }
    const outcome = await read(response);
    return signal.aborted ? { kind: 'timeout' } : outcome;
  } finally {
    clearTimeout(timer);
  }
}
