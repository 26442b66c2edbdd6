/**
 * Posts the form to the relay. Owns the request (one at a time) and aborts it when the
 * element leaves the page; the element only renders `busy` and applies the outcome.
 * Like @lit/task's run number, each submission's abort controller names its run: a result of a
 * run that a disconnect superseded never lands, and never ends a newer run's `busy`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { NETWORK_ERROR, relayOutcome, TIMEOUT_ERROR, type RelayOutcome } from '../form/relay-answer.js';

export const SUBMIT_TIMEOUT_MS = 30_000;

export class SubmitController implements ReactiveController {
  /** The run in flight, if any. */
  private __abort: AbortController | undefined;

  constructor(
    private readonly __host: ReactiveControllerHost,
    private readonly __timeoutMs = SUBMIT_TIMEOUT_MS,
  ) {
    __host.addController(this);
  }

  get busy(): boolean {
    return this.__abort !== undefined;
  }

  hostDisconnected(): void {
    if (!this.__abort) return;
    this.__abort.abort();
    this.__end();
  }

  /**
   * Sends the payload. Null when there is nothing to report: a submission already in flight
   * (no second request), or the element left the page (nobody is waiting for the answer).
   */
  async submit(url: string, payload: unknown): Promise<RelayOutcome | null> {
    if (this.busy) return null;
    const abort = (this.__abort = new AbortController());
    const signal = AbortSignal.any([abort.signal, AbortSignal.timeout(this.__timeoutMs)]);
    this.__host.requestUpdate();
    let outcome: RelayOutcome;
    try {
      outcome = await this.__send(url, payload, signal);
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      outcome = { kind: 'error', errors: [timedOut ? TIMEOUT_ERROR : NETWORK_ERROR], status: null };
    }
    if (abort !== this.__abort) return null;
    this.__end();
    return outcome;
  }

  private async __send(url: string, payload: unknown, signal: AbortSignal): Promise<RelayOutcome> {
    const response = await fetch(url, {
      method: 'POST',
      // JSON's type makes a cross-origin post ask the relay first (CORS); cookies go same-origin only, fetch's default.
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
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
    return relayOutcome(response.status, body);
  }

  /** The current run is over: nothing in flight, and any result still on its way is dropped. */
  private __end(): void {
    this.__abort = undefined;
    this.__host.requestUpdate();
  }
}
