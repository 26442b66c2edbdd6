/**
 * The element under a misbehaving Deriv server, in headless Chromium: long-lived elements with
 * typed values, and one slot remounted every few seconds with an empty cache, while the server
 * drops connections, delays replies and sends garbage. Checked at checkpoints and at the end:
 * lists shown, values kept, and after removal no socket, no frame and no timer left behind.
 */
import type { Page } from 'playwright-core';
import { heapAfterGc, leftovers, startSite } from '../bench/lib/site.js';
import { startDerivChaos, type DerivChaosStats } from './chaos-deriv.js';

export const LONG_LIVED = 3;
export const CHURN_EVERY_MS = 8_000;
export const CHECK_EVERY_MS = 5_000;
const PING_MS = 1_000;

/** What a person typed into each long-lived element. */
export const TYPED: Record<string, string> = {
  first_name: 'Anna',
  last_name: 'Schmidt',
  email: 'anna.schmidt@example.com',
  phone: '151 2345 6789',
  city: 'Berlin',
  birthday_day: '7',
};

export interface ElementSoakReport {
  seconds: number;
  chaos: DerivChaosStats;
  checkpoints: number;
  /** Long-lived element checks: list shown, values as typed (each checkpoint × element). */
  listChecks: { ok: number; failed: number; firstLoadPending: number };
  valueChecks: { ok: number; failed: number; examples: string[] };
  churn: { mounted: number; populated: number; medianMsToList: number; retryClicks: number };
  /** After faults stopped: every element had its list again, within this many ms. */
  restoredAllAfterMs: number | null;
  beforeRemoval: { elements: number; openConnections: number; pendingTimers: number; maxTimers: number };
  afterRemoval: {
    openConnections: number;
    newConnections: number;
    framesReceived: number;
    pendingTimers: string[];
    /** Still in the page's heap after a GC. */
    retained: { elements: number; shadowRoots: number; webSockets: number };
  };
  heap: { start: number; end: number };
  pageErrors: string[];
  connections: number;
}

interface ElementState {
  id: string;
  options: number;
  error: boolean;
  values: Record<string, string>;
}

const readStates = (page: Page): Promise<ElementState[]> =>
  page.evaluate((names) => {
    return [...document.querySelectorAll('kyc-signup')].map((element) => {
      const root = element.shadowRoot!;
      const values: Record<string, string> = {};
      for (const name of names) values[name] = root.querySelector<HTMLInputElement>(`[name="${name}"]`)?.value ?? '';
      return {
        id: element.id,
        options: root.querySelectorAll('select[name="country_residence"] option').length - 1,
        error: root.querySelector('button.secondary') !== null,
        values,
      };
    });
  }, [...Object.keys(TYPED), 'country_residence']);

function mount(page: Page, id: string, wsUrl: string): Promise<void> {
  return page.evaluate(
    ([elementId, url, ping]) => {
      const element = document.createElement('kyc-signup');
      element.id = elementId;
      element.setAttribute('backend-url', '/api/kyc/base-check');
      element.setAttribute('ws-url', url);
      element.setAttribute('ping-interval', ping);
      document.body.append(element);
    },
    [id, wsUrl, String(PING_MS)] as [string, string, string],
  );
}

export async function soakElement(seconds: number, log: (line: string) => void): Promise<ElementSoakReport> {
  const site = await startSite({});
  const chaos = startDerivChaos(site.deriv);
  const { page, context } = await site.newPage({ trackTimers: true });
  const cdp = await context.newCDPSession(page);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const heap = () => heapAfterGc(cdp);
  const report: ElementSoakReport = {
    seconds,
    chaos: chaos.stats,
    checkpoints: 0,
    listChecks: { ok: 0, failed: 0, firstLoadPending: 0 },
    valueChecks: { ok: 0, failed: 0, examples: [] },
    churn: { mounted: 0, populated: 0, medianMsToList: NaN, retryClicks: 0 },
    restoredAllAfterMs: null,
    beforeRemoval: { elements: 0, openConnections: 0, pendingTimers: 0, maxTimers: 0 },
    afterRemoval: { openConnections: 0, newConnections: 0, framesReceived: 0, pendingTimers: [], retained: { elements: 0, shadowRoots: 0, webSockets: 0 } },
    heap: { start: 0, end: 0 },
    pageErrors,
    connections: 0,
  };
  try {
    // Heap at start: after one element has loaded and gone (lit, zod and the bundle warmed up).
    await mount(page, 'warm-up', site.deriv.url);
    await page.waitForFunction(() => (document.getElementById('warm-up')?.shadowRoot?.querySelectorAll('option').length ?? 0) > 200, null, { timeout: 60_000 });
    await page.evaluate(() => document.getElementById('warm-up')?.remove());
    report.heap.start = await heap();
    const ids = Array.from({ length: LONG_LIVED }, (_, i) => `long-${i}`);
    for (const id of ids) await mount(page, id, site.deriv.url);
    // Typed at once, while the list may still be loading: it must survive the load and the faults.
    for (const id of ids) {
      for (const [name, value] of Object.entries(TYPED)) await page.locator(`#${id} [name="${name}"]`).fill(value);
    }
    const residence = new Map<string, string>();
    const churnTimes: number[] = [];
    let churn = { id: '', at: 0, listed: false };
    const remountChurn = async () => {
      if (churn.id) await page.evaluate((id) => document.getElementById(id)?.remove(), churn.id);
      await page.evaluate(() => sessionStorage.clear());
      churn = { id: `churn-${report.churn.mounted++}`, at: performance.now(), listed: false };
      await mount(page, churn.id, site.deriv.url);
    };
    /** One look at every element: picks a residence once a list is in, clicks Retry where shown; `check`: records the checks. */
    const look = async (check: boolean, final = false) => {
      const states = await readStates(page);
      for (const state of states) {
        // The element may have reconnected since the look: click Retry only while it shows.
        const retry = page.locator(`#${state.id} button.secondary:not([hidden])`);
        if (state.error && (await retry.isVisible())) {
          report.churn.retryClicks++;
          await retry.click({ timeout: 2_000 }).catch(() => report.churn.retryClicks--);
        }
        if (state.id === churn.id) {
          if (!churn.listed && state.options > 200) {
            churn.listed = true;
            report.churn.populated++;
            churnTimes.push(performance.now() - churn.at);
          }
          continue;
        }
        if (state.options > 200 && !residence.has(state.id)) {
          await page.locator(`#${state.id} [name="country_residence"]`).selectOption('de');
          residence.set(state.id, 'de');
          continue;
        }
        if (!check) continue;
        // Before its first list an element is loading, not failing (the final look counts it as failed).
        if (!residence.has(state.id) && !final) {
          report.listChecks.firstLoadPending++;
          continue;
        }
        report.listChecks[state.options > 200 ? 'ok' : 'failed']++;
        const expected = { ...TYPED, country_residence: residence.get(state.id) ?? '' };
        const wrong = Object.entries(expected).filter(([name, value]) => state.values[name] !== value);
        report.valueChecks[wrong.length ? 'failed' : 'ok']++;
        for (const [name, value] of wrong.slice(0, 2)) {
          if (report.valueChecks.examples.length < 5) report.valueChecks.examples.push(`${state.id} ${name}: ${JSON.stringify(state.values[name])} ≠ ${JSON.stringify(value)}`);
        }
      }
      return states;
    };

    await remountChurn();
    const started = performance.now();
    let nextCheck = started + CHECK_EVERY_MS;
    let nextChurn = started + CHURN_EVERY_MS;
    while (performance.now() - started < seconds * 1_000) {
      await page.evaluate(() => window.__bench.sleep(250));
      // The churn element is watched closely, the long-lived ones checked at checkpoints.
      const checkpoint = performance.now() >= nextCheck;
      await look(checkpoint);
      if (checkpoint) {
        report.checkpoints++;
        nextCheck += CHECK_EVERY_MS;
        log(`element soak: checkpoint ${report.checkpoints}, ${site.deriv.openConnections().length} open connections, chaos ${JSON.stringify(chaos.stats)}`);
      }
      if (performance.now() >= nextChurn) {
        nextChurn += CHURN_EVERY_MS;
        await remountChurn();
      }
    }

    // Faults off: every element must have its list (a reconnect may still be in its backoff).
    chaos.stop();
    const calm = performance.now();
    for (;;) {
      const states = await look(false);
      if (states.every((s) => s.options > 200)) {
        report.restoredAllAfterMs = performance.now() - calm;
        break;
      }
      if (performance.now() - calm > 20_000) break;
      await page.evaluate(() => window.__bench.sleep(200));
    }
    report.checkpoints++;
    await look(true, true);
    const sorted = churnTimes.sort((a, b) => a - b);
    report.churn.medianMsToList = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : NaN;

    const timers = await page.evaluate(() => ({ pending: window.__bench.timers.size, max: window.__bench.maxTimers }));
    report.beforeRemoval = {
      elements: LONG_LIVED + 1,
      openConnections: site.deriv.openConnections().length,
      pendingTimers: timers.pending,
      maxTimers: timers.max,
    };

    // Removal: then nothing may be left, nor come later (pings are due every second).
    const connectionsBefore = site.deriv.connections.length;
    const answered = () => Object.values(site.deriv.answered).reduce((a, b) => a + b, 0);
    await page.evaluate(() => document.querySelectorAll('kyc-signup').forEach((e) => e.remove()));
    await page.evaluate(() => window.__bench.sleep(300));
    const framesAtRemoval = answered();
    await page.evaluate((ms) => window.__bench.sleep(ms), PING_MS * 3);
    report.afterRemoval = {
      openConnections: site.deriv.openConnections().length,
      newConnections: site.deriv.connections.length - connectionsBefore,
      framesReceived: answered() - framesAtRemoval,
      pendingTimers: await page.evaluate(() => [...window.__bench.timers.values()]),
      retained: { elements: 0, shadowRoots: 0, webSockets: 0 },
    };
    report.heap.end = await heap();
    report.afterRemoval.retained = await leftovers(cdp);
    report.connections = site.deriv.connections.length;
    return report;
  } finally {
    chaos.stop();
    await cdp.detach().catch(() => {});
    await context.close();
    await site.close();
  }
}
