/**
 * Asks the relay for the verdict until it is final: soon at first, then less and less often
 * (see poll-schedule), never while the page is hidden (an immediate poll when it shows again),
 * through network and server failures, and for 30 minutes at most. Leaving the DOM stops it;
 * coming back resumes it. Timers are injectable so tests run in milliseconds.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { POLL_SCHEDULE, pollDelay, type PollSchedule } from './poll-schedule.js';
import { isFinal, statusAnswer, type StatusAnswer } from './upload-answer.js';

export interface PollTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const REAL_TIMERS: PollTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface PollTarget {
  url: string;
  session: string;
}

/** What the poller reports: each answer that carries a verdict, an expired session, or giving up. */
export type PollReport = Extract<StatusAnswer, { kind: 'verdict' | 'expired' }> | { kind: 'gave-up' };

const hidden = (): boolean => document.visibilityState === 'hidden';

export class StatusPoller implements ReactiveController {
  private running = false;
  private connected = false;
  private attempt = 0;
  private startedAt = 0;
  private timer: unknown;
  private inFlight: AbortController | undefined;
  private listeners: AbortController | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly target: () => PollTarget,
    private readonly report: (report: PollReport) => void,
    private readonly timers: PollTimers = REAL_TIMERS,
    private readonly schedule: PollSchedule = POLL_SCHEDULE,
  ) {
    host.addController(this);
  }

  /** Starts (or starts over after giving up): a poll now, the 30 minutes counted from here. */
  start(): void {
    this.stop();
    this.running = true;
    this.attempt = 0;
    this.startedAt = this.timers.now();
    this.pollSoon(0);
  }

  stop(): void {
    this.running = false;
    this.cancelPending();
  }

  hostConnected(): void {
    this.connected = true;
    this.listeners = new AbortController();
    document.addEventListener('visibilitychange', () => this.onVisibility(), { signal: this.listeners.signal });
    if (this.running) this.pollSoon(0);
  }

  hostDisconnected(): void {
    this.connected = false;
    this.listeners?.abort();
    this.cancelPending();
  }

  private cancelPending(): void {
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  private onVisibility(): void {
    if (!this.running) return;
    if (hidden()) this.cancelPending();
    else if (!this.inFlight) this.pollSoon(0);
  }

  private pollSoon(ms: number): void {
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running || !this.connected || hidden()) return;
    if (this.timers.now() - this.startedAt >= this.schedule.giveUpAfter) {
      this.running = false;
      this.report({ kind: 'gave-up' });
      return;
    }
    this.timer = this.timers.setTimeout(() => void this.poll(), ms);
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    const { url, session } = this.target();
    const inFlight = (this.inFlight = new AbortController());
    let status: number | null = null;
    let body: unknown = null;
    try {
      const response = await fetch(url, {
        headers: { Authorization: `Bearer ${session}`, Accept: 'application/json' },
        cache: 'no-store',
        signal: inFlight.signal,
      });
      status = response.status;
      body = await response.json().catch(() => null);
    } catch {
      // A network failure: counted like a 5xx, polling goes on.
    }
    if (inFlight.signal.aborted) return;
    this.inFlight = undefined;
    const answer = statusAnswer(status, body);
    if (answer.kind === 'retry' || (answer.kind === 'verdict' && !isFinal(answer.verdict))) {
      this.pollSoon(pollDelay(this.attempt++, this.schedule));
    } else {
      this.running = false;
    }
    if (answer.kind !== 'retry') this.report(answer);
  }
}
