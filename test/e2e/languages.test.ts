/**
 * Languages on demand, in Debian's Chromium against the built dist/: English is in the bundle,
 * every other table is a file beside it, fetched when `lang` asks for it. Covered: a table that
 * loads (no English flash), one that cannot (404), dist/ on a second origin under the strict
 * CSP, `lang` changed while a table loads, and the classic script that carries every table.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startFakeDeriv, type FakeDerivServer } from '../../demo/services/fake-deriv.js';
import { ar } from '../../src/i18n/ar.js';
import { de } from '../../src/i18n/de.js';
import { en } from '../../src/i18n/en.js';
import { fr } from '../../src/i18n/fr.js';
import { assertLoopbackOnly, launchChromium, recordEvents, waitForEvent, watchTraffic, type Traffic } from './helpers/browser.js';
import { elementPage, startPageServer, strictCsp, type PageServer } from './helpers/page-server.js';

/** How long the slow server holds the German table: well past the element's 1 s wait, with room for a loaded machine. */
const SLOW_TABLE_MS = 4_000;

let browser: Browser;
let deriv: FakeDerivServer;
let site: PageServer;
let missing: PageServer;
let slow: PageServer;
let cdn: PageServer;
let cdnSite: PageServer;

const attributes = (appId: string) => ({ 'backend-url': '/api/kyc/base-check', 'ws-url': deriv.url, 'app-id': appId });

before(async () => {
  [browser, deriv] = await Promise.all([launchChromium(), startFakeDeriv()]);
  const derivOrigin = new URL(deriv.url).origin;
  const csp = () => strictCsp([derivOrigin]);
  site = await startPageServer({
    csp,
    pages: {
      '/de.html': elementPage({ script: 'module', lang: 'de', attributes: attributes('1001') }),
      '/ar-classic.html': elementPage({ script: 'classic', lang: 'ar', attributes: attributes('1002') }),
    },
  });
  missing = await startPageServer({
    csp,
    dist: { missing: /^kyc-de-/ },
    pages: { '/de.html': elementPage({ script: 'module', lang: 'de', attributes: attributes('1003') }) },
  });
  slow = await startPageServer({
    csp,
    dist: { delayMs: (file) => (file.startsWith('kyc-de-') ? SLOW_TABLE_MS : 0) },
    pages: { '/de.html': elementPage({ script: 'module', lang: 'de', attributes: attributes('1004') }) },
  });
  // A CDN on its own origin, and a page that loads the bundle from it under the strict CSP.
  cdn = await startPageServer({ pages: {}, dist: { cors: true } });
  cdnSite = await startPageServer({
    csp: () => strictCsp([derivOrigin], [cdn.origin]),
    pages: {
      '/fr.html': elementPage({ script: 'module', lang: 'fr', distOrigin: cdn.origin, attributes: attributes('1005') }),
    },
  });
});

after(async () => {
  await Promise.all([browser?.close(), deriv?.close(), ...[site, missing, slow, cdn, cdnSite].map((s) => s?.close())]);
});

interface Opened {
  page: Page;
  traffic: Traffic;
  /** Page errors, console warnings and CSP violations, in order. */
  console: string[];
  close(): Promise<void>;
}

/**
 * Opens a page that records the submit button's text after every change to the element's
 * shadow DOM (any English text there, however briefly, is what a visitor could see flash),
 * and every CSP violation.
 */
async function open(url: string): Promise<Opened> {
  const context = await browser.newContext();
  await recordEvents(context);
  await context.addInitScript(() => {
    const win = window as unknown as { __labels: string[]; __csp: string[] };
    win.__labels = [];
    win.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => win.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    const attachShadow = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attachShadow.call(this, init);
      new MutationObserver(() => {
        const text = root.querySelector('button[type=submit]')?.textContent?.trim();
        if (text && win.__labels.at(-1) !== text) win.__labels.push(text);
      }).observe(root, { childList: true, subtree: true, characterData: true });
      return root;
    };
  });
  const page = await context.newPage();
  const traffic = watchTraffic(page);
  const messages: string[] = [];
  page.on('pageerror', (error) => messages.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') messages.push(`${message.type()}: ${message.text()}`);
  });
  await page.goto(url);
  return { page, traffic, console: messages, close: () => context.close() };
}

const labels = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __labels: string[] }).__labels);
const cspViolations = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
/** The language tables a page fetched, as `<origin>/dist/kyc-<lang>` (the hash left out). */
const tableRequests = (traffic: Traffic): string[] =>
  traffic.requests.flatMap((url) => /^(.*\/dist\/kyc-[a-z]{2})-[\w-]+\.js$/.exec(url)?.[1] ?? []);
/** The `l` of each connection this page's element made (each page has its own app_id). */
const derivLanguages = (appId: string): (string | null)[] => deriv.connections.filter((c) => c.appId === appId).map((c) => c.lang);

test('a German page is German from its first render; only the German table is fetched', async () => {
  const { page, traffic, console, close } = await open(`${site.origin}/de.html`);
  try {
    await waitForEvent(page, 'countries-loaded');
    assert.deepEqual(await labels(page), [de['submit.label']]);
    assert.deepEqual(tableRequests(traffic), [`${site.origin}/dist/kyc-de`]);
    assert.deepEqual(derivLanguages('1001'), ['DE']);
    assert.deepEqual(console, []);
    assertLoopbackOnly(traffic);
  } finally {
    await close();
  }
});

test('a table that cannot be loaded (404): the form works in English, with English country names, and the console says why', async () => {
  const { page, console, close } = await open(`${missing.origin}/de.html`);
  try {
    await waitForEvent(page, 'countries-loaded');
    assert.deepEqual(await labels(page), [en['submit.label']]);
    assert.equal(await page.locator('kyc-signup').evaluate((el) => (el.shadowRoot!.querySelector('form') as HTMLElement).lang), 'en');
    // Deriv is asked in the UI's language, so names and labels match.
    assert.deepEqual(derivLanguages('1003'), ['EN']);
    assert.ok(
      console.some((line) => line.includes('"de" language table could not be loaded')),
      `no console warning about the table: ${JSON.stringify(console)}`,
    );
    assert.ok(!console.some((line) => line.startsWith('page error')), JSON.stringify(console));
  } finally {
    await close();
  }
});

test('dist/ served from a second origin works under the strict CSP, tables included', async () => {
  const { page, traffic, console, close } = await open(`${cdnSite.origin}/fr.html`);
  try {
    await waitForEvent(page, 'countries-loaded');
    assert.deepEqual(await labels(page), [fr['submit.label']]);
    assert.deepEqual(tableRequests(traffic), [`${cdn.origin}/dist/kyc-fr`]);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(console, []);
  } finally {
    await close();
  }
});

test('a table slower than the wait: English first, then the page language, and a lang change while it loads wins', async () => {
  const { page, close } = await open(`${slow.origin}/de.html`);
  try {
    await waitForEvent(page, 'countries-loaded');
    // Past the wait the form shows in English rather than staying blank.
    assert.deepEqual(await labels(page), [en['submit.label']]);
    // The page switches to French while the German table is still on its way.
    await page.locator('kyc-signup').evaluate((el) => el.setAttribute('lang', 'fr'));
    await page.waitForFunction((text) => (window as unknown as { __labels: string[] }).__labels.at(-1) === text, fr['submit.label']);
    // Once the German table arrives, nothing switches back.
    await page.waitForTimeout(SLOW_TABLE_MS);
    assert.equal((await labels(page)).at(-1), fr['submit.label']);
    assert.equal(derivLanguages('1004').at(-1), 'FR');
  } finally {
    await close();
  }
});

test('the classic script carries every table: an Arabic page fetches none', async () => {
  const { page, traffic, console, close } = await open(`${site.origin}/ar-classic.html`);
  try {
    await waitForEvent(page, 'countries-loaded');
    assert.deepEqual(await labels(page), [ar['submit.label']]);
    assert.deepEqual(tableRequests(traffic), []);
    assert.deepEqual(console, []);
  } finally {
    await close();
  }
});
