/**
 * The browser side of the bench and the soak: Debian's Chromium (the e2e helpers' launcher),
 * the local fake Deriv server, and a bare page that loads dist/kyc-signup.js, served by the e2e
 * page server. Every page is instrumented before its scripts run: each WebSocket records when it
 * was created, opened, first answered and closed, and (optionally) every pending timer is tracked.
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { startFakeDeriv, type FakeDerivOptions, type FakeDerivServer } from '../../demo/services/fake-deriv.js';
import { countInstances, launchChromium } from '../../test/e2e/helpers/browser.js';
import { startPageServer, type PageServer } from '../../test/e2e/helpers/page-server.js';

export const PAGE_PATH = '/bench.html';
const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>bench</title><script type="module" src="/dist/kyc-signup.js"></script></head>
<body></body>
</html>
`;

/** What the instrumentation records about one WebSocket (`performance.now()` times, NaN until it happens). */
export interface SocketRecord {
  url: string;
  created: number;
  opened: number;
  firstMessage: number;
  closed: number;
}

/** The page-side record, on `window.__bench`. */
export interface PageRecord {
  /** The first 50 sockets (more would be the harness's own leak in long runs). */
  sockets: SocketRecord[];
  socketsOpened: number;
  /** Pending timers by id: `timeout` or `interval` (only with `trackTimers`). */
  timers: Map<number, 'timeout' | 'interval'>;
  /** Most timers pending at once. */
  maxTimers: number;
  /** The page's own setTimeout, untracked, for harness code. */
  sleep(ms: number): Promise<void>;
}

declare global {
  interface Window {
    __bench: PageRecord;
  }
}

/** Runs in the page before any of its scripts. */
function instrument(trackTimers: boolean): void {
  const nativeSetTimeout = window.setTimeout.bind(window);
  const record: PageRecord = {
    sockets: [],
    socketsOpened: 0,
    timers: new Map(),
    maxTimers: 0,
    sleep: (ms) => new Promise((resolve) => nativeSetTimeout(resolve, ms)),
  };
  window.__bench = record;
  const Native = window.WebSocket;
  class TrackedWebSocket extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      const created = performance.now();
      super(url, protocols);
      const socket: SocketRecord = { url: String(url), created, opened: NaN, firstMessage: NaN, closed: NaN };
      if (record.socketsOpened++ < 50) record.sockets.push(socket);
      // Registered before the element sets `onmessage`, so these run first.
      this.addEventListener('open', () => (socket.opened = performance.now()));
      this.addEventListener('message', () => {
        if (Number.isNaN(socket.firstMessage)) socket.firstMessage = performance.now();
      });
      this.addEventListener('close', () => (socket.closed = performance.now()));
    }
  }
  window.WebSocket = TrackedWebSocket;
  if (!trackTimers) return;
  const timers = record.timers;
  const note = () => (record.maxTimers = Math.max(record.maxTimers, timers.size));
  const [setT, clearT, setI, clearI] = [window.setTimeout, window.clearTimeout, window.setInterval, window.clearInterval].map((f) =>
    f.bind(window),
  ) as [typeof setTimeout, typeof clearTimeout, typeof setInterval, typeof clearInterval];
  window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
    const id = setT(() => {
      timers.delete(id);
      if (typeof handler === 'function') handler(...args);
    }, ms) as unknown as number;
    timers.set(id, 'timeout');
    note();
    return id;
  }) as typeof setTimeout;
  window.setInterval = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
    const id = setI(handler as () => void, ms, ...args) as unknown as number;
    timers.set(id, 'interval');
    note();
    return id;
  }) as typeof setInterval;
  // Either clear works for either kind, as in browsers.
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined) timers.delete(id);
    clearT(id);
  }) as typeof clearTimeout;
  window.clearInterval = ((id?: number) => {
    if (id !== undefined) timers.delete(id);
    clearI(id);
  }) as typeof clearInterval;
}

export interface Site {
  browser: Browser;
  deriv: FakeDerivServer;
  origin: string;
  /** A fresh context (fresh sessionStorage) with the bundle loaded and `<kyc-signup>` defined. */
  newPage(options?: { trackTimers?: boolean }): Promise<{ page: Page; context: BrowserContext }>;
  close(): Promise<void>;
}

export async function startSite(derivOptions: FakeDerivOptions = {}): Promise<Site> {
  const [browser, deriv, server] = await Promise.all([
    launchChromium(),
    startFakeDeriv(derivOptions),
    startPageServer({ pages: { [PAGE_PATH]: PAGE } }),
  ]);
  const site: Site = {
    browser,
    deriv,
    origin: server.origin,
    async newPage({ trackTimers = false } = {}) {
      const context = await browser.newContext();
      // tsx (esbuild keepNames) wraps named functions in `__name(...)`; page-side code needs it too.
      await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      await context.addInitScript(instrument, trackTimers);
      const page = await context.newPage();
      await page.goto(server.origin + PAGE_PATH);
      await page.evaluate(() => customElements.whenDefined('kyc-signup'));
      return { page, context };
    },
    close: async () => {
      await Promise.all([browser.close(), deriv.close(), (server as PageServer).close()]);
    },
  };
  return site;
}

/** Forces full garbage collections, then reads the JS heap in use. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/** Instances left of what one element owns: the element, its shadow root and its socket. */
export async function leftovers(cdp: CDPSession): Promise<{ elements: number; shadowRoots: number; webSockets: number }> {
  return {
    elements: await countInstances(cdp, "customElements.get('kyc-signup').prototype"),
    shadowRoots: await countInstances(cdp, 'ShadowRoot.prototype'),
    webSockets: await countInstances(cdp, 'WebSocket.prototype'),
  };
}
