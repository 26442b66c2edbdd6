/**
 * End to end, in Debian's Chromium: the built dist/ bundle on a plain page under the
 * contract's strict CSP, the real relay (Node adapter) with a real key, a fake BASIS ID
 * upstream and the fake Deriv server, all on loopback.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeBasis, type BasisMode, type FakeBasisServer } from '../../demo/services/fake-basis.js';
import { startFakeDeriv, type FakeDerivServer } from '../../demo/services/fake-deriv.js';
import { en } from '../../src/i18n/en.js';
import {
  createRateLimiter,
  createRelay,
  DEFAULT_PATH,
  parseRateLimit,
  startRelayServer,
  type RelayLogEntry,
  type RelayOptions,
  type RelayServer,
} from '../../src/relay/index.js';
import {
  assertLoopbackOnly,
  countInstances,
  launchChromium,
  recordEvents,
  recordedEvents,
  seriousViolations,
  waitForEvent,
  watchTraffic,
  type Traffic,
} from './helpers/browser.js';
import {
  alert,
  control,
  countryOptionCount,
  fillForm,
  focusedName,
  formValues,
  PERSON,
  PERSON_PAYLOAD,
  submitButton,
  success,
} from './helpers/form.js';
import { elementPage, startPageServer, strictCsp, type PageServer } from './helpers/page-server.js';

const KEY = 'basis_live_KEY_e2e_5f1c9a7d20b4';
/** The relay behind `/api/kyc/slow-check` gives up on the upstream this soon. */
const SHORT_TIMEOUT_MS = 500;
const SLOW_PATH = '/api/kyc/slow-check';
const FIELDS = 'middle_name gender address city zip';

let browser: Browser;
let deriv: FakeDerivServer;
let basis: FakeBasisServer;
let site: PageServer;
let corsRelay: RelayServer;
const relayLog: RelayLogEntry[] = [];

interface Session {
  page: Page;
  context: BrowserContext;
  traffic: Traffic;
  /** Uncaught page errors and CSP violations. */
  problems: string[];
}

/** Opens a page in a fresh context (fresh sessionStorage), watching everything, and waits for the country list. */
async function open(path: string): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 900, height: 1300 } });
  await recordEvents(context);
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      ((window as unknown as { __csp: string[] }).__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`),
    ),
  );
  const page = await context.newPage();
  const traffic = watchTraffic(page);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(site.origin + path);
  await waitForEvent(page, 'countries-loaded');
  return { page, context, traffic, problems };
}

/** What every test ends with: nothing left this machine, nothing broke, no CSP violation. */
async function finish({ page, context, traffic, problems }: Session): Promise<void> {
  try {
    assertLoopbackOnly(traffic);
    const csp = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    assert.deepEqual([...problems, ...csp.map((v) => `CSP violation: ${v}`)], []);
  } finally {
    await context.close();
  }
}

async function withPage(path: string, body: (session: Session) => Promise<void>): Promise<void> {
  const session = await open(path);
  try {
    await body(session);
  } catch (error) {
    await session.context.close();
    throw error;
  }
  await finish(session);
}

before(async () => {
  [browser, deriv, basis] = await Promise.all([launchChromium(), startFakeDeriv(), startFakeBasis({ key: KEY })]);
  const derivOrigin = new URL(deriv.url).origin;
  const relay = (options: RelayOptions) =>
    createRelay({
      apiKey: KEY,
      upstreamUrl: basis.url,
      rateLimiter: createRateLimiter(parseRateLimit('100/60')),
      logger: (entry) => relayLog.push(entry),
      ...options,
    });
  const relays = { [DEFAULT_PATH]: relay({}), [SLOW_PATH]: relay({ path: SLOW_PATH, timeoutMs: SHORT_TIMEOUT_MS }) };
  const attributes = { 'backend-url': DEFAULT_PATH, 'ws-url': deriv.url, fields: FIELDS };
  const pages: Record<string, string> = {
    '/': elementPage({ script: 'module', attributes }),
    '/slow.html': elementPage({ script: 'module', attributes: { ...attributes, 'backend-url': SLOW_PATH } }),
    '/ping.html': elementPage({ script: 'module', attributes: { ...attributes, 'ping-interval': '1000' } }),
  };
  site = await startPageServer({ pages, relays, csp: () => strictCsp([derivOrigin, corsRelay.url]) });
  // The same relay on its own origin (the `kyc-relay` set-up), allowing the page's origin by CORS.
  corsRelay = await startRelayServer({
    apiKey: KEY,
    upstreamUrl: basis.url,
    port: 0,
    allowedOrigins: [site.origin],
    logger: (entry) => relayLog.push(entry),
  });
  pages['/classic.html'] = elementPage({
    script: 'classic',
    attributes: { ...attributes, 'backend-url': `${corsRelay.url}${DEFAULT_PATH}` },
  });
});

after(async () => {
  await Promise.all([browser?.close(), deriv?.close(), basis?.close(), site?.close(), corsRelay?.close(100)]);
});

describe('the built element on a plain page', () => {
  test('a full signup ends in verified; the upstream got the key and the browser never saw it', async () => {
    basis.reset();
    await withPage('/', async ({ page, traffic }) => {
      assert.equal(await countryOptionCount(page), 249);
      await fillForm(page);
      await submitButton(page).click();
      const detail = await waitForEvent(page, 'verified');
      await success(page).waitFor();
      assert.match((await success(page).textContent()) ?? '', new RegExp(en['success.title']));

      // The upstream received the key and exactly the person's fields.
      assert.equal(basis.count, 1);
      const { body, headers } = basis.calls[0]!;
      assert.match(String(headers['content-type']), /^application\/json/);
      const { key, ...fields } = body ?? {};
      assert.equal(key, KEY);
      assert.deepEqual(fields, PERSON_PAYLOAD);
      const issued = basis.issued[0]!;
      assert.deepEqual(detail, { userHash: issued.user_hash, userId: String(issued.user_id) });

      // The page sent no key, and received neither the key nor BASIS ID's tokens, anywhere.
      assert.equal(traffic.sentBodies.length, 1);
      assert.deepEqual(JSON.parse(traffic.sentBodies[0]!), PERSON_PAYLOAD);
      const seen = await traffic.everythingReceived();
      assert.ok(seen.includes(issued.user_hash), 'the recorder saw the relay answer');
      assert.ok(seen.includes('"residence_list"'), 'the recorder saw the Deriv frames');
      assert.ok(seen.includes("content-security-policy: default-src 'none'"), 'the page ran under the strict CSP');
      for (const secret of [KEY, issued.api_access_token, issued.api_refresh_token, issued.blockchain_read_token]) {
        assert.ok(!seen.includes(secret), `the browser received ${secret.slice(0, 8)}…`);
      }
      assert.equal(traffic.websockets.length, 1);
      assert.match(traffic.websockets[0]!, /^ws:\/\/127\.0\.0\.1:\d+\/websockets\/v3\?app_id=1089&l=EN$/);

      // The relay's log has the call, and no key, email or phone number.
      const log = JSON.stringify(relayLog);
      assert.ok(relayLog.some((e) => e.method === 'POST' && e.status === 200));
      for (const secret of [KEY, PERSON.email, '9181234567', issued.api_access_token]) assert.ok(!log.includes(secret));
    });
  });

  const failures: Array<{ name: string; mode: BasisMode; delayMs: number; status: number; errors: string[]; message: string }> = [
    { name: 'user:exists', mode: 'user-exists', delayMs: 0, status: 422, errors: ['user:exists'], message: en['alert.user:exists'] },
    { name: 'upstream down (HTTP 500)', mode: 'http-500', delayMs: 0, status: 502, errors: ['upstream:unavailable'], message: en['alert.unavailable'] },
    { name: 'upstream too slow', mode: 'ok', delayMs: 3_000, status: 504, errors: ['upstream:timeout'], message: en['alert.unavailable'] },
  ];
  for (const failure of failures) {
    test(`${failure.name}: the alert says so and every value stays`, async () => {
      basis.reset();
      basis.answer(failure.mode, failure.delayMs);
      await withPage(failure.delayMs ? '/slow.html' : '/', async ({ page }) => {
        await fillForm(page);
        const before = await formValues(page);
        assert.equal(before.phone_idd, '49');
        const started = Date.now();
        await submitButton(page).click();
        // While the relay waits, the button is disabled and shows progress.
        if (failure.delayMs) {
          assert.equal(await submitButton(page).isDisabled(), true);
          assert.equal(await page.locator('kyc-signup form').getAttribute('aria-busy'), 'true');
          assert.match((await submitButton(page).textContent()) ?? '', new RegExp(en['submit.busy']));
        }
        const detail = await waitForEvent(page, 'verification-failed');
        assert.deepEqual(detail, { errors: failure.errors, status: failure.status });
        if (failure.delayMs) {
          const waited = Date.now() - started;
          assert.ok(waited >= SHORT_TIMEOUT_MS && waited < failure.delayMs, `answered after ${waited} ms`);
        }
        assert.equal((await alert(page).textContent())?.trim(), failure.message);
        assert.deepEqual(await formValues(page), before);
        assert.equal(await submitButton(page).isEnabled(), true);
        assert.equal(await success(page).count(), 0);
        // A POST is never retried.
        assert.equal(basis.count, 1);
      });
    });
  }

  test('the Deriv socket dropped mid-session reconnects; the list and the values stay', async () => {
    const base = deriv.connections.length;
    await withPage('/ping.html', async ({ page, traffic }) => {
      const first = await deriv.waitForConnection(base + 1);
      await control(page, 'first_name').fill('Anna');
      await control(page, 'country_nationality').selectOption('fr');
      const before = await formValues(page);
      const pinged = (conn: typeof first) => conn.received.some((f) => (f as { ping?: number }).ping === 1);
      await waitUntil(() => pinged(first), 'a ping on the first connection');

      assert.equal(deriv.drop(), 1);
      const second = await deriv.waitForConnection(base + 2, 8_000);
      assert.equal(second.appId, '1089');
      assert.equal(second.lang, 'EN');
      // The new connection is in use: the element pings on it.
      await waitUntil(() => pinged(second), 'a ping on the new connection');
      assert.equal(first.closeCode, 1006);

      assert.equal(traffic.websockets.length, 2);
      assert.equal(await countryOptionCount(page), 249);
      assert.deepEqual(await formValues(page), before);
      const events = await recordedEvents(page);
      assert.equal(events.filter((e) => e.type === 'countries-error').length, 0);
      assert.equal((await alert(page).textContent())?.trim(), '');
    });
  });

  test('a removed element is garbage: nothing the page or a shared cache holds keeps it alive', async () => {
    await withPage('/', async ({ page, context }) => {
      // Mount and remove three more, each once its list is in (the months and genders are built
      // once for every element: what they keep must not keep an element).
      await page.evaluate(async (wsUrl) => {
        document.querySelector('kyc-signup')!.remove();
        for (let i = 0; i < 3; i++) {
          const element = document.createElement('kyc-signup');
          element.setAttribute('backend-url', '/api/kyc/base-check');
          element.setAttribute('ws-url', wsUrl);
          const loaded = new Promise((resolve) => element.addEventListener('countries-loaded', resolve, { once: true }));
          document.body.append(element);
          await loaded;
          element.remove();
        }
      }, deriv.url);
      const cdp = await context.newCDPSession(page);
      for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
      assert.equal(await countInstances(cdp, "customElements.get('kyc-signup').prototype"), 0, 'elements left in the heap');
      assert.equal(await countInstances(cdp, 'ShadowRoot.prototype'), 0, 'shadow roots left in the heap');
      await cdp.detach();
    });
  });

  test('keyboard only: Tab, typing, arrow keys and Enter fill and submit the whole form', async () => {
    basis.reset();
    await withPage('/', async ({ page }) => {
      const visited: string[] = [];
      const typed: Record<string, string> = {
        first_name: PERSON.first_name,
        middle_name: PERSON.middle_name,
        last_name: PERSON.last_name,
        email: PERSON.email,
        phone_idd: '49',
        phone: PERSON.phone,
        birthday_day: PERSON.birthday_day,
        birthday_year: PERSON.birthday_year,
        address: PERSON.address,
        city: PERSON.city,
        zip: PERSON.zip,
      };
      for (let step = 0; step < 40; step++) {
        await page.keyboard.press('Tab');
        const name = await focusedName(page);
        visited.push(name);
        if (name === 'button[type=submit]') break;
        if (name in typed) {
          // Tabbing into a field selects its text: typing replaces it.
          await page.keyboard.type(typed[name]!);
        } else if (name === 'birthday_month') {
          for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
        } else if (name === 'gender') {
          for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
        } else if (name === 'country_nationality' || name === 'country_residence') {
          // Type-ahead to the first match, then arrows: Georgia → Germany.
          await page.keyboard.type('Georgia');
          await page.keyboard.press('ArrowDown');
        }
      }
      assert.deepEqual(visited, [
        'first_name',
        'middle_name',
        'last_name',
        'email',
        'gender',
        'phone_idd',
        'phone',
        'birthday_day',
        'birthday_month',
        'birthday_year',
        'country_nationality',
        'country_residence',
        // The residence's documents hint opens its list from the keyboard too.
        'summary',
        'address',
        'city',
        'zip',
        'button[type=submit]',
      ]);
      const values = await formValues(page);
      assert.equal(values.birthday_month, '3');
      assert.equal(values.gender, '1');
      assert.equal(values.country_nationality, 'de');
      assert.equal(values.country_residence, 'de');

      await page.keyboard.press('Enter');
      await waitForEvent(page, 'verified');
      const { key, ...fields } = basis.calls[0]?.body ?? {};
      assert.equal(key, KEY);
      // The arrows chose March and Germany.
      assert.deepEqual(fields, { ...PERSON_PAYLOAD, birthday_month: '3', country_nationality: 'DE' });
    });
  });

  test('accessibility: no serious or critical axe violation empty, with errors, and verified', async () => {
    basis.reset();
    await withPage('/', async ({ page }) => {
      assert.deepEqual(await seriousViolations(page), [], 'empty form');

      await submitButton(page).click();
      await page.locator('kyc-signup [aria-invalid="true"]').first().waitFor();
      assert.equal((await alert(page).textContent())?.trim(), en['alert.fix']);
      assert.ok((await page.locator('kyc-signup [aria-invalid="true"]').count()) >= 8);
      assert.deepEqual(await seriousViolations(page), [], 'form with errors');

      await fillForm(page);
      await submitButton(page).click();
      await success(page).waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'verified');
    });
  });

  test('the classic script (dist/kyc-signup.iife.js) works from a plain <script src>, relay on another origin', async () => {
    basis.reset();
    await withPage('/classic.html', async ({ page, traffic }) => {
      // The classic build registers the element and exposes its exports as the global `KycSignup`.
      const registered = await page.evaluate(() => {
        const global = (window as { KycSignup?: { KycSignup?: unknown } }).KycSignup;
        return customElements.get('kyc-signup') !== undefined && customElements.get('kyc-signup') === global?.KycSignup;
      });
      assert.equal(registered, true);
      assert.ok(traffic.requests.some((url) => url.endsWith('/dist/kyc-signup.iife.js')));
      assert.ok(!traffic.requests.some((url) => url.endsWith('/dist/kyc-signup.js')));

      await fillForm(page);
      await submitButton(page).click();
      const detail = await waitForEvent(page, 'verified');
      assert.equal(detail.userHash, basis.issued[0]!.user_hash);
      assert.ok(traffic.requests.includes(`${corsRelay.url}${DEFAULT_PATH}`));
    });
  });
});

async function waitUntil(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
