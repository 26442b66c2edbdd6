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
import { DerivSocket, type SocketTiming } from './deriv-socket.js';
import { derivSocketUrl } from './deriv-url.js';
import { derivFailure, isFatal } from './deriv-failure.js';
import { pingInterval } from './ping-interval.js';
import { parseCountries, residenceListRequest, type Country, type DerivFrame } from './residence-list.js';

export type CountriesState =
  | { status: 'loading' }
  | { status: 'ready'; countries: Country[]; fromCache: boolean }
  | { status: 'error'; code: string; message: string };

export interface CountriesOptions {
  wsUrl: string;
  appId: string;
  /** Deriv's language code `l` (`EN`, `ZH_CN`, ...). */
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
  private __current: CountriesState = { status: 'loading' };
  private readonly __policy: ConnectionPolicy;
  private __socket: DerivSocket | undefined;
  /** Socket URL of the current run (null: wsUrl is invalid); a change means a new list. */
  private __url: string | null | undefined;
  /** Present exactly while the host is connected; aborting it removes every listener. */
  private __listeners: AbortController | undefined;
  /** Set on connect: the next update re-reads the options from scratch. */
  private __restartNeeded = false;
  /** The state is prepared; the socket opens after the update that renders it. */
  private __connectNeeded = false;
  private __retryTimer: ReturnType<typeof setTimeout> | undefined;
  private __stableTimer: ReturnType<typeof setTimeout> | undefined;
  /** Backoff exponent: consecutive drops, reset after a stable connection. */
  private __attempt = 0;
  /** Failed tries of the current initial load. */
  private __failures = 0;
  /** A connection is held back until the page is visible and online again. */
  private __waiting = false;
  /** Cleared for the rest of the run once the server refuses `query` (an older schema). */
  private __withQuery = true;
  /** Set on connect until the first socket opens: see `connectAfterThisTask`. */
  private __firstConnection = false;

  constructor(
    private readonly __host: ReactiveControllerHost & HTMLElement & { readonly isUpdatePending: boolean },
    private readonly __options: () => CountriesOptions,
    policy: Partial<ConnectionPolicy> = {},
  ) {
    this.__policy = { ...DEFAULT_POLICY, ...policy };
    __host.addController(this);
  }

  get state(): CountriesState {
    return this.__current;
  }

  hostConnected(): void {
    this.__listeners = new AbortController();
    const { signal } = this.__listeners;
    document.addEventListener('visibilitychange', () => this.__resume(), { signal });
    window.addEventListener('online', () => this.__resume(), { signal });
    // Wait for the next update, so that properties set right after insertion are in place.
    this.__restartNeeded = true;
    this.__firstConnection = true;
    this.__host.requestUpdate();
  }

  /**
   * Before render: a new endpoint or language gets its state (a cache hit renders in this
   * update) and its socket, so the handshake runs while the form renders.
   */
  hostUpdate(): void {
    if (!this.__listeners) return;
    const url = this.__socketUrl();
    if (this.__restartNeeded || url !== this.__url) this.__prepare(url);
    if (this.__connectNeeded) {
      if (this.__firstConnection) this.__connectAfterThisTask();
      else this.__connect();
    }
  }

  /**
   * A page often sets `lang` (or `ws-url`) just after adding the element, in a later script of the
   * same task: the first socket waits for the task to end, so that it is not opened for the default
   * language and dropped. An update still pending by then (a language table loading) reads the
   * new options and comes back here.
   */
  private __connectAfterThisTask(): void {
    this.__clearRetry();
    this.__retryTimer = setTimeout(() => {
      this.__retryTimer = undefined;
      if (!this.__host.isUpdatePending) this.__connect();
    });
  }

  // The flags hostConnected sets stay as they are: nothing reads them until it sets them again.
  hostDisconnected(): void {
    this.__listeners?.abort();
    this.__listeners = undefined;
    this.__stop();
  }

  /** Starts over at once with a fresh backoff, keeping a list that is already shown. */
  retry(): void {
    if (!this.__listeners) return;
    this.__prepare(this.__socketUrl());
    this.__connect();
  }

  private __socketUrl(): string | null {
    const { wsUrl, appId, lang } = this.__options();
    try {
      return derivSocketUrl(wsUrl, appId, lang);
    } catch {
      return null;
    }
  }

  /** Resets everything for `url`: a cached list if there is one, else loading. */
  private __prepare(url: string | null): void {
    const keepList = url === this.__url && this.__current.status === 'ready';
    this.__restartNeeded = false;
    this.__stop();
    this.__url = url;
    this.__attempt = 0;
    this.__failures = 0;
    this.__withQuery = true;
    if (url === null) return this.__showError('InvalidURL');
    if (!keepList) {
      const cached = readCachedCountries(countriesCacheKey(url), this.__policy.cacheMaxAge);
      if (cached) this.__loaded(cached, true);
      else this.__set({ status: 'loading' });
    }
    // Shown in this update rather than after it; connect() then finds the page offline.
    if (offline()) this.__showError('Offline');
    this.__connectNeeded = true;
  }

  /**
   * Opens a socket unless one is open. A first connection goes ahead on a hidden page (it may be
   * a background tab the user is about to see); a reconnect waits until the page is seen.
   */
  private __connect(reconnect = false): void {
    this.__connectNeeded = false;
    this.__clearRetry();
    if (!this.__url || this.__socket) return;
    if (offline() || (reconnect && hidden())) {
      this.__waiting = true;
      // Offline is worth telling the user now; a hidden page just waits to be seen.
      if (offline()) this.__showError('Offline');
      return;
    }
    this.__waiting = false;
    this.__firstConnection = false;
    try {
      const ping = pingInterval(this.__options().pingInterval, this.__policy.minPingInterval);
      // A socket that is closed calls nothing more: a result of an earlier run never lands.
      this.__socket = new DerivSocket(this.__url, ping, this.__policy, {
        opened: () => this.__opened(),
        replied: (frame) => this.__replied(frame),
        dropped: (why) => this.__dropped(why),
      });
    } catch {
      this.__showError('InvalidURL');
    }
  }

  private __opened(): void {
    this.__stableTimer = setTimeout(() => (this.__attempt = 0), this.__policy.stableAfter);
    // A fresh list needs no new request after a reconnect; a cached one is refreshed.
    if (this.__current.status !== 'ready' || this.__current.fromCache) this.__requestList();
  }

  private __requestList(): void {
    this.__socket?.request('residence_list', residenceListRequest(this.__withQuery));
  }

  private __replied(frame: DerivFrame): void {
    if (frame.error?.code === 'InputValidationFailed' && this.__withQuery) {
      // An older server schema has no `query`: ask once more without it.
      this.__withQuery = false;
      return this.__requestList();
    }
    if (frame.error) return this.__dropped(frame.error.code);
    const countries = parseCountries(frame.residence_list);
    if (!countries?.length) return this.__dropped('MalformedReply');
    this.__failures = 0;
    if (this.__url) writeCachedCountries(countriesCacheKey(this.__url), countries);
    this.__loaded(countries, false);
  }

  /** Any failure of a connection or of our request: retry with backoff, or give up. */
  private __dropped(code: string): void {
    this.__closeSocket();
    const initialLoad = this.__current.status !== 'ready';
    if (isFatal(code) || (initialLoad && ++this.__failures >= this.__policy.maxAttempts)) {
      this.__stop();
      return this.__showError(code);
    }
    const { backoffBase, backoffMax, random } = this.__policy;
    this.__retryTimer = setTimeout(() => this.__connect(true), backoffDelay(this.__attempt++, backoffBase, backoffMax, random));
  }

  /** Visible or online again: a held-back or pending reconnect happens now. */
  private __resume(): void {
    if (offline() || hidden() || this.__socket || !(this.__waiting || this.__retryTimer !== undefined)) return;
    if (this.__current.status === 'error') this.__prepare(this.__url ?? null);
    this.__connect();
  }

  /**
   * Shows the list at once, and announces it once the host has rendered it: a cached list arrives
   * inside the host's update, where a listener's property changes (a `values` prefill) would be
   * missed. Like @lit/task, the result is reported where the host can still react, on both paths.
   */
  private __loaded(countries: Country[], fromCache: boolean): void {
    const state: CountriesState = { status: 'ready', countries, fromCache };
    this.__set(state);
    // Announced only if still shown: not replaced by a fresher list, nor by another URL's run.
    void this.__host.updateComplete.then(() => {
      if (this.__current === state) emit(this.__host, 'countries-loaded', { countries, fromCache });
    });
  }

  /** A list on screen stays there: only the initial load can end in an error state. */
  private __showError(code: string): void {
    const shown = this.__current;
    if (shown.status === 'ready' || (shown.status === 'error' && shown.code === code)) return;
    const failure = derivFailure(code);
    this.__set({ status: 'error', ...failure });
    emit(this.__host, 'countries-error', failure);
  }

  private __set(state: CountriesState): void {
    this.__current = state;
    this.__host.requestUpdate();
  }

  private __closeSocket(): void {
    this.__socket?.close();
    this.__socket = undefined;
    clearTimeout(this.__stableTimer);
  }

  private __clearRetry(): void {
    clearTimeout(this.__retryTimer);
    this.__retryTimer = undefined;
  }

  private __stop(): void {
    this.__closeSocket();
    this.__clearRetry();
    this.__waiting = false;
    this.__connectNeeded = false;
  }
}
