/**
 * Posts the form to the relay. Owns the request (one at a time) and aborts it when the
 * element leaves the page; the element only renders `busy` and applies the outcome.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { interpretAnswer, NETWORK_ERROR, readBaseCheckAnswer, TIMEOUT_ERROR, type RelayOutcome } from './relay-answer.js';

export const SUBMIT_TIMEOUT_MS = 30_000;

export class SubmitController implements ReactiveController {
  busy = false;
  private abort: AbortController | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly timeoutMs = SUBMIT_TIMEOUT_MS,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.abort?.abort();
  }

  /**
   * Sends the payload. Null when there is nothing to report: a submission already in flight
   * (no second request), or the element left the page (nobody is waiting for the answer).
   */
  async submit(url: string, payload: unknown): Promise<RelayOutcome | null> {
    if (this.busy) return null;
    this.busy = true;
    const abort = (this.abort = new AbortController());
    const signal = AbortSignal.any([abort.signal, AbortSignal.timeout(this.timeoutMs)]);
    this.host.requestUpdate();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(payload),
        credentials: 'same-origin',
        signal,
      });
      // Read first, parse after: a body cut off by an abort or the timeout is not an answer.
      const text = await response.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: no answer, reported as an invalid one with the status.
      }
      return interpretAnswer(response.status, readBaseCheckAnswer(body));
    } catch (error) {
      if (abort.signal.aborted) return null;
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      return { kind: 'error', errors: [timedOut ? TIMEOUT_ERROR : NETWORK_ERROR], status: null };
    } finally {
      this.busy = false;
      this.abort = undefined;
      this.host.requestUpdate();
    }
  }
}
