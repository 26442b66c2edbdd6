/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), and what the
 * tests watch on a page: every request, response and WebSocket, and the element's events.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/** This machine has no network: no background traffic, no GPU, no sandbox (root). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export const SCREENSHOTS = new URL('../screenshots/', import.meta.url);
mkdirSync(SCREENSHOTS, { recursive: true });

/** Screenshot file under test/e2e/screenshots/. */
export const screenshotPath = (name: string): string => new URL(`${name}.png`, SCREENSHOTS).pathname;

// ---- traffic ----

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** URLs that leave this machine: any http(s)/ws(s) URL whose host is not loopback, and any other scheme but data:/blob:. */
export function nonLoopback(urls: readonly string[]): string[] {
  return urls.filter((raw) => {
    const url = new URL(raw);
    if (url.protocol === 'data:' || url.protocol === 'blob:') return false;
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return true;
    return !(LOCAL_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname));
  });
}

export interface Traffic {
  /** Every URL the page requested (documents, scripts, fetches). */
  readonly requests: string[];
  /** Every WebSocket the page opened. */
  readonly websockets: string[];
  /** Bodies of the requests the page sent (POSTs). */
  readonly sentBodies: string[];
  /** Everything the page received: each response's status, URL, headers and body, and every WebSocket frame. */
  everythingReceived(): Promise<string>;
}

export function watchTraffic(page: Page): Traffic {
  const requests: string[] = [];
  const websockets: string[] = [];
  const sentBodies: string[] = [];
  const frames: string[] = [];
  const responses: Promise<string>[] = [];
  page.on('request', (request) => {
    requests.push(request.url());
    const body = request.postData();
    if (body) sentBodies.push(body);
  });
  page.on('response', (response) =>
    responses.push(
      (async () => {
        const headers = Object.entries(await response.allHeaders()).map(([name, value]) => `${name}: ${value}`);
        // Redirects and aborted loads have no body.
        const body = await response.body().then(
          (buffer) => buffer.toString('utf8'),
          () => '',
        );
        return `${response.status()} ${response.url()}\n${headers.join('\n')}\n\n${body}`;
      })(),
    ),
  );
  page.on('websocket', (socket) => {
    websockets.push(socket.url());
    socket.on('framereceived', (frame) => frames.push(String(frame.payload)));
  });
  return {
    requests,
    websockets,
    sentBodies,
    everythingReceived: async () => [...(await Promise.all(responses)), ...frames].join('\n'),
  };
}

/** Fails when the page reached for anything but this machine. */
export function assertLoopbackOnly(traffic: Traffic): void {
  assert.ok(traffic.requests.length > 0, 'the traffic recorder saw no request at all');
  assert.deepEqual(nonLoopback(traffic.requests), [], 'requests to hosts other than loopback');
  assert.deepEqual(nonLoopback(traffic.websockets), [], 'WebSockets to hosts other than loopback');
}

// ---- the element's events ----

export const EVENT_NAMES = [
  'verified',
  'verification-failed',
  'countries-loaded',
  'countries-error',
  'country-change',
  'step-change',
  'upload-complete',
  'verification-status',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export interface RecordedEvent {
  type: EventName;
  /** The detail, with the country list reduced to its length and a country to its code. */
  detail: Record<string, unknown>;
}

declare global {
  interface Window {
    __kycEvents: RecordedEvent[];
  }
}

/** Records the element's events on `document` (so only events that bubble out of the shadow root), from before any page script runs. */
export async function recordEvents(target: Page | BrowserContext): Promise<void> {
  await target.addInitScript((names: readonly string[]) => {
    window.__kycEvents = [];
    for (const type of names) {
      document.addEventListener(type, (event) => {
        const detail = { ...(event as CustomEvent).detail };
        if (Array.isArray(detail.countries)) detail.countries = detail.countries.length;
        if (detail.country) detail.country = detail.country.value;
        window.__kycEvents.push({ type, detail } as RecordedEvent);
      });
    }
  }, EVENT_NAMES);
}

export const recordedEvents = (page: Page): Promise<RecordedEvent[]> => page.evaluate(() => window.__kycEvents);

/** The detail of the `nth` (1-based) event of `type`, once it has fired. */
export async function waitForEvent(page: Page, type: EventName, nth = 1, timeout = 10_000): Promise<Record<string, unknown>> {
  await page.waitForFunction(
    ([t, n]) => window.__kycEvents.filter((e) => e.type === t).length >= n,
    [type, nth] as const,
    { timeout },
  );
  const events = await recordedEvents(page);
  return events.filter((e) => e.type === type)[nth - 1]!.detail;
}

// ---- axe-core ----

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core on the page (injected through the DevTools protocol, so a strict CSP does not
 * stop it) and returns the serious and critical violations; `rules` limits it to those rules.
 */
export async function seriousViolations(page: Page, rules?: readonly string[]): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (runOnly) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'], ...(runOnly ? { runOnly } : {}) });
    return result.violations.map((v) => ({
      id: v.id as string,
      impact: v.impact as string | null,
      help: v.help as string,
      targets: v.nodes.map((n: { target: unknown }) => JSON.stringify(n.target)) as string[],
    }));
  }, rules);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** How many objects with this prototype the page's heap still holds (after a GC: call `collectGarbage` first). */
export async function countInstances(cdp: CDPSession, prototypeExpression: string): Promise<number> {
  const { result } = await cdp.send('Runtime.evaluate', { expression: prototypeExpression });
  if (!result.objectId) throw new Error(`${prototypeExpression} is not an object`);
  const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: result.objectId });
  const { result: length } = await cdp.send('Runtime.callFunctionOn', {
    objectId: objects.objectId!,
    functionDeclaration: 'function () { return this.length; }',
    returnByValue: true,
  });
  await cdp.send('Runtime.releaseObject', { objectId: objects.objectId! });
  return length.value as number;
}
