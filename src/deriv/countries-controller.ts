/**
 * Owns the Deriv connection for a host element and exposes the country list as state.
 * The host only renders `state` and calls `retry()`; everything about the network lives here:
 * cache first, then a (quiet) refresh, backoff with full jitter, and no traffic while the
 * page is hidden or offline. Leaving the DOM closes the socket and clears every timer and listener.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { emit } from '../events.js';
import { backoffDelay } from './backoff.js';
import { countriesCacheKey, readCachedCountries, writeCachedCountries } from './country-cache.js';
import { DerivSocket, type DerivReply, type SocketTiming } from './deriv-socket.js';
import { derivSocketUrl } from './deriv-url.js';
import { derivFailure, isFatal, type DerivFailure } from './deriv-failure.js';
import { pingInterval } from './ping-interval.js';
import { parseCountries, residenceListRequest, type Country } from './residence-list.js';

export type CountriesState =
  | { status: 'loading' }
  | { status: 'ready'; countries: Country[]; fromCache: boolean }
  | { status: 'error'; code: string; message: string };

export interface CountriesOptions {
  wsUrl: string;
  appId: string;
  lang: string;
  /** ms between pings while connected; anything but a number of at least `minPingInterval` means 30 000. */
  pingInterval: number;
}

/** Time limits and retry rules; injectable so tests run in milliseconds. */
export interface ConnectionPolicy extends SocketTiming {
  /** Backoff window for the first retry (doubles each time) and its cap, in ms. */
  backoffBase: number;
  backoffMax: number;
  /** ms a connection must stay open before the backoff starts over. */
  stableAfter: number;
  /** Tries of the initial load before `countries-error`. */
  maxAttempts: number;
  /** ms a cached list stays usable. */
  cacheMaxAge: number;
  /** Uniform in [0, 1): the backoff jitter. */
  random: () => number;
  /** The shortest ping interval taken from the options, in ms. */
  minPingInterval: number;
}

export const DEFAULT_POLICY: Readonly<ConnectionPolicy> = {
  connectTimeout: 8_000,
  requestTimeout: 10_000,
  backoffBase: 1_000,
  backoffMax: 30_000,
  stableAfter: 60_000,
  maxAttempts: 5,
  cacheMaxAge: 3_600_000,
  random: Math.random,
  minPingInterval: 1_000,
};

const offline = (): boolean => navigator.onLine === false;
const hidden = (): boolean => document.visibilityState === 'hidden';

export class CountriesController implements ReactiveController {
  private current: CountriesState = { status: 'loading' };
  private readonly policy: ConnectionPolicy;
  private socket: DerivSocket | undefined;
  /** Socket URL of the current run (null: wsUrl is invalid); a change means a new list. */
  private url: string | null | undefined;
  /** Present exactly while the host is connected; aborting it removes every listener. */
  private listeners: AbortController | undefined;
  /** Set on connect: the next update re-reads the options from scratch. */
  private restartNeeded = false;
  /** The state is prepared; the socket opens after the update that renders it. */
  private connectNeeded = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stableTimer: ReturnType<typeof setTimeout> | undefined;
  /** Backoff exponent: consecutive drops, reset after a stable connection. */
  private attempt = 0;
  /** Failed tries of the current initial load. */
  private failures = 0;
  /** A connection is held back until the page is visible and online again. */
  private waiting = false;
  /** Cleared for the rest of the run once the server refuses `query` (an older schema). */
  private withQuery = true;
  /** Set on connect until the first socket opens: see `connectAfterThisTask`. */
  private __firstConnection = false;
  /** Like @lit/task's call id: bumped when a run ends, so a result of an earlier run never lands. */
  private __run = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { readonly isUpdatePending: boolean },
    private readonly options: () => CountriesOptions,
    policy: Partial<ConnectionPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_POLICY, ...policy };
    host.addController(this);
  }

  get state(): CountriesState {
    return this.current;
  }

  hostConnected(): void {
    this.listeners = new AbortController();
    const { signal } = this.listeners;
    document.addEventListener('visibilitychange', () => this.resume(), { signal });
    window.addEventListener('online', () => this.resume(), { signal });
    // Wait for the next update, so that properties set right after insertion are in place.
    this.restartNeeded = true;
    this.__firstConnection = true;
    this.host.requestUpdate();
  }

  /**
   * Before render: a new endpoint or language gets its state (a cache hit renders in this
   * update) and its socket, so the handshake runs while the form renders.
   */
  hostUpdate(): void {
    if (!this.listeners) return;
    const url = this.socketUrl();
    if (this.restartNeeded || url !== this.url) this.prepare(url);
    if (this.connectNeeded) {
      if (this.__firstConnection) this.__connectAfterThisTask();
      else this.connect();
    }
  }

  /**
   * A page often sets `lang` (or `ws-url`) just after adding the element, in a later script of the
   * same task: the first socket waits for the task to end, so that it is not opened for the default
   * language and dropped. An update still pending by then (a language table loading) reads the
   * new options and comes back here.
   */
  private __connectAfterThisTask(): void {
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.host.isUpdatePending) this.connect();
    });
  }

  hostDisconnected(): void {
    this.listeners?.abort();
    this.listeners = undefined;
    this.restartNeeded = false;
    this.__firstConnection = false;
    this.stop();
  }

  /** Starts over at once with a fresh backoff, keeping a list that is already shown. */
  retry(): void {
    if (!this.listeners) return;
    this.prepare(this.socketUrl());
    this.connect();
  }

  private socketUrl(): string | null {
    const { wsUrl, appId, lang } = this.options();
    try {
      return derivSocketUrl(wsUrl, appId, lang);
    } catch {
      return null;
    }
  }

  /** Resets everything for `url`: a cached list if there is one, else loading. */
  private prepare(url: string | null): void {
    const keepList = url === this.url && this.current.status === 'ready';
    this.restartNeeded = false;
    this.stop();
    this.url = url;
    this.attempt = 0;
    this.failures = 0;
    this.withQuery = true;
    if (url === null) return this.showError(derivFailure('InvalidURL'));
    if (!keepList) {
      const cached = readCachedCountries(countriesCacheKey(url), this.policy.cacheMaxAge);
      if (cached) this.loaded(cached, true);
      else this.set({ status: 'loading' });
    }
    // Shown in this update rather than after it; connect() then finds the page offline.
    if (offline()) this.showError(derivFailure('Offline'));
    this.connectNeeded = true;
  }

  /**
   * Opens a socket unless one is open. A first connection goes ahead on a hidden page (it may be
   * a background tab the user is about to see); a reconnect waits until the page is seen.
   */
  private connect(reconnect = false): void {
    this.connectNeeded = false;
    this.clearRetry();
    if (!this.url || this.socket) return;
    if (offline() || (reconnect && hidden())) {
      this.waiting = true;
      // Offline is worth telling the user now; a hidden page just waits to be seen.
      if (offline()) this.showError(derivFailure('Offline'));
      return;
    }
    this.waiting = false;
    this.__firstConnection = false;
    try {
      const ping = pingInterval(this.options().pingInterval, this.policy.minPingInterval);
      const run = this.__run;
      const current = () => run === this.__run;
      this.socket = new DerivSocket(this.url, ping, this.policy, {
        opened: () => current() && this.opened(),
        replied: (frame) => current() && this.replied(frame),
        dropped: (why) => current() && this.dropped(why),
      });
    } catch {
      this.showError(derivFailure('InvalidURL'));
    }
  }

  private opened(): void {
    this.stableTimer = setTimeout(() => (this.attempt = 0), this.policy.stableAfter);
    // A fresh list needs no new request after a reconnect; a cached one is refreshed.
    if (this.current.status !== 'ready' || this.current.fromCache) this.requestList();
  }

  private requestList(): void {
    const { withQuery } = this;
    this.socket?.request('residence_list', (reqId) => residenceListRequest(reqId, withQuery));
  }

  private replied(frame: DerivReply): void {
    if (frame.error?.code === 'InputValidationFailed' && this.withQuery) {
      // An older server schema has no `query`: ask once more without it.
      this.withQuery = false;
      return this.requestList();
    }
    if (frame.error) return this.dropped(derivFailure(frame.error.code));
    const countries = parseCountries(frame.residence_list);
    if (!countries?.length) return this.dropped(derivFailure('MalformedReply'));
    this.failures = 0;
    if (this.url) writeCachedCountries(countriesCacheKey(this.url), countries);
    this.loaded(countries, false);
  }

  /** Any failure of a connection or of our request: retry with backoff, or give up. */
  private dropped(why: DerivFailure): void {
    this.closeSocket();
    const initialLoad = this.current.status !== 'ready';
    if (isFatal(why) || (initialLoad && ++this.failures >= this.policy.maxAttempts)) {
      this.stop();
      return this.showError(why);
    }
    const { backoffBase, backoffMax, random } = this.policy;
    this.retryTimer = setTimeout(() => this.connect(true), backoffDelay(this.attempt++, backoffBase, backoffMax, random));
  }

  /** Visible or online again: a held-back or pending reconnect happens now. */
  private resume(): void {
    if (offline() || hidden() || this.socket || !(this.waiting || this.retryTimer !== undefined)) return;
    if (this.current.status === 'error') this.prepare(this.url ?? null);
    this.connect();
  }

  /**
   * Shows the list at once, and announces it once the host has rendered it: a cached list arrives
   * inside the host's update, where a listener's property changes (a `values` prefill) would be
   * missed. Like @lit/task, the result is reported where the host can still react, on both paths.
   */
  private loaded(countries: Country[], fromCache: boolean): void {
    const state: CountriesState = { status: 'ready', countries, fromCache };
    this.set(state);
    // Announced only if still shown: not replaced by a fresher list, nor by another URL's run.
    void this.host.updateComplete.then(() => {
      if (this.current === state) emit(this.host, 'countries-loaded', { countries, fromCache });
    });
  }

  /** A list on screen stays there: only the initial load can end in an error state. */
  private showError({ code, message }: DerivFailure): void {
    const shown = this.current;
    if (shown.status === 'ready' || (shown.status === 'error' && shown.code === code)) return;
    this.set({ status: 'error', code, message });
    emit(this.host, 'countries-error', { code, message });
  }

  private set(state: CountriesState): void {
    this.current = state;
    this.host.requestUpdate();
  }

  private closeSocket(): void {
    this.socket?.close();
    this.socket = undefined;
    clearTimeout(this.stableTimer);
  }

  private clearRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private stop(): void {
    this.__run++;
    this.closeSocket();
    this.clearRetry();
    this.waiting = false;
    this.connectNeeded = false;
  }
}
