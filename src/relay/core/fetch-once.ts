/**
 * One exchange with BASIS ID: one attempt, one time limit over connecting, the headers and the
 * answer's body, and no redirects: for base-check (upstream.ts) and the steps (steps-upstream.ts).
 */

/** The part of `fetch` the relay uses (so a simulator or a test double can stand in). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** BASIS ID could not be reached, or not in time. `note` is for the operator's log only. */
export type Unreachable = { kind: 'unavailable'; note: string } | { kind: 'timeout' };

export interface OnceRequest {
  method: 'GET' | 'POST';
  headers?: Readonly<Record<string, string>>;
  body?: string | FormData;
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
  // Cleared once the answer is read: AbortSignal.timeout's timer would outlive every request by
  // the whole limit (measured: thousands of live timers and weak references under load, and slower).
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('upstream time limit', 'TimeoutError')), timeoutMs);
  const { signal } = controller;
  try {
    let response: Response;
    try {
      // `redirect: 'error'` refuses any redirect outright; with `window: null` it also spares fetch
      // its copy of the request and body stream (measured: more than the signal costs).
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
