/** A minimal LitElement that owns a CountriesController, standing in for <kyc-signup>. */
import { LitElement, html } from 'lit';
import {
  CountriesController,
  type ConnectionPolicy,
  type CountriesOptions,
} from '../../../src/deriv/countries-controller.js';
import type { CountriesErrorDetail, CountriesLoadedDetail } from '../../../src/events.js';
import { resolveLanguage } from '../../../src/i18n/index.js';
import { WS_URL, resetMocking, startMocking } from './fake-deriv.js';

export type RecordedEvent =
  | { type: 'countries-loaded'; detail: CountriesLoadedDetail }
  | { type: 'countries-error'; detail: CountriesErrorDetail };

export class DerivTestHost extends LitElement {
  static override properties = { wsUrl: {}, appId: {}, lang: {}, pingInterval: { type: Number } };
  wsUrl = WS_URL;
  appId = '1089';
  override lang = 'en';
  pingInterval = 0;
  controller!: CountriesController;
  readonly events: RecordedEvent[] = [];
  /** The status each render showed, in order. */
  readonly renders: string[] = [];

  override render() {
    this.renders.push(this.controller.state.status);
    return html`${this.controller.state.status}`;
  }
}
customElements.define('deriv-test-host', DerivTestHost);

/** Short real intervals: every timed path runs in tens of milliseconds. */
export const FAST: Partial<ConnectionPolicy> = {
  connectTimeout: 100,
  requestTimeout: 100,
  backoffBase: 10,
  backoffMax: 40,
  stableAfter: 60_000,
  maxAttempts: 3,
  random: () => 0.5,
  // Lets the tests ping every few ms; the default pingInterval (0) still means 30 s.
  minPingInterval: 1,
};

const mounted = new Set<DerivTestHost>();

/** Creates a host with the given options and policy and puts it in the document. */
export function mount(options: Partial<CountriesOptions> = {}, policy: Partial<ConnectionPolicy> = {}): DerivTestHost {
  const el = document.createElement('deriv-test-host') as DerivTestHost;
  Object.assign(el, options);
  // Like <kyc-signup>: the page's language tag becomes Deriv's `l`.
  const read = () => ({ wsUrl: el.wsUrl, appId: el.appId, pingInterval: el.pingInterval, lang: resolveLanguage(el.lang).deriv });
  el.controller = new CountriesController(el, read, { ...FAST, ...policy });
  for (const type of ['countries-loaded', 'countries-error'] as const) {
    el.addEventListener(type, (e) => el.events.push({ type, detail: e.detail } as RecordedEvent));
  }
  document.body.append(el);
  mounted.add(el);
  return el;
}

export function unmountAll(): void {
  for (const el of mounted) el.remove();
  mounted.clear();
}

/** Overrides `document.visibilityState` / `navigator.onLine` and fires the matching event. */
export function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

export function setOnline(online: boolean): void {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

/** Back to the browser's own values. */
export function restorePage(): void {
  delete (document as { visibilityState?: unknown }).visibilityState;
  delete (navigator as { onLine?: unknown }).onLine;
}

export const status = (el: DerivTestHost): string => el.controller.state.status;
export const ready = (el: DerivTestHost): Promise<void> => until(() => status(el) === 'ready', 'the list');
export const errored = (el: DerivTestHost): Promise<void> => until(() => status(el) === 'error', 'the error state');

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `check` is true, failing with `what` after `timeout` ms. */
export async function until(check: () => boolean, what: string, timeout = 2000): Promise<void> {
  const end = performance.now() + timeout;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

/** Registers the hooks every controller test needs: msw on, and a clean page after each test. */
export function useFakeDeriv(): void {
  before(startMocking);
  // wtr runs two pages at once and one of them is a background tab, whose visibilityState is
  // 'hidden': pin 'visible' so that only the tests about hidden pages see a hidden one.
  beforeEach(() => setVisibility('visible'));
  afterEach(() => {
    unmountAll();
    resetMocking();
    restorePage();
    sessionStorage.clear();
  });
}
