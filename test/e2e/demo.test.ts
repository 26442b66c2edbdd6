/**
 * `npm start`: the demo (vite + the relay in sandbox mode + the local Deriv server) in
 * Debian's Chromium, the environment switches, and the command itself as a process.
 * Saves the demo's screenshots to test/e2e/screenshots/.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DERIV_PATH, startDemo, type Demo } from '../../demo/server.js';
import { startFakeBasis } from '../../demo/services/fake-basis.js';
import { en } from '../../src/i18n/en.js';
import { VALID } from '../node/helpers/relay.js';
import { assertLoopbackOnly, launchChromium, screenshotPath, seriousViolations, watchTraffic, type Traffic } from './helpers/browser.js';
import { alert, control, fillForm, PERSON, submitButton, success } from './helpers/form.js';
import { elementPage, startPageServer } from './helpers/page-server.js';

const ROOT = new URL('../../', import.meta.url).pathname;

let browser: Browser;
let demo: Demo;
const serverLog: string[] = [];

before(async () => {
  [browser, demo] = await Promise.all([
    launchChromium(),
    // An empty environment: the offline demo whatever the developer's shell has set.
    startDemo({ port: 0, env: {}, log: (source, line) => serverLog.push(`[${source}] ${line}`) }),
  ]);
});

after(async () => {
  await Promise.all([browser?.close(), demo?.close()]);
});

interface Session {
  page: Page;
  context: BrowserContext;
  traffic: Traffic;
  /** Uncaught errors and console errors of the page. */
  problems: string[];
  /** Whether vite's client logged its HMR socket connected (false once the page closes without it). */
  hmrConnected: Promise<boolean>;
}

async function openDemo(query = ''): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const traffic = watchTraffic(page);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  const hmrConnected = page.waitForEvent('console', { predicate: (m) => m.text() === '[vite] connected.', timeout: 20_000 }).then(
    () => true,
    () => false,
  );
  await page.goto(demo.url + query);
  await logEntry(page, 'countries-loaded').waitFor({ timeout: 20_000 });
  return { page, context, traffic, problems, hmrConnected };
}

const logEntry = (page: Page, event: string) => page.locator(`#log li[data-event="${event}"]`).first();

async function shoot(page: Page, name: string): Promise<void> {
  // Let the focus ring and any transition settle.
  await page.evaluate(() => new Promise(requestAnimationFrame));
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
}

/** The computed background of the element's form (the `form` part). */
const formBackground = (page: Page) =>
  page.locator('kyc-signup form, kyc-signup .success').first().evaluate((el) => getComputedStyle(el).backgroundColor);

describe('npm start: the demo page', () => {
  test('signs up through the sandbox relay, logs the events without PII, and shows the verified detail', async () => {
    const { page, context, traffic, problems, hmrConnected } = await openDemo();
    try {
      assert.match((await page.locator('#services').textContent()) ?? '', /local Deriv-compatible server.*sandbox mode/s);
      assert.equal(await page.locator('kyc-signup').getAttribute('ws-url'), demo.derivUrl);
      // One port for everything: the page, the relay, the Deriv socket and vite's own HMR socket.
      assert.equal(demo.derivUrl, `ws://${new URL(demo.url).host}${DERIV_PATH}`);
      assert.equal(await hmrConnected, true, "vite's HMR socket connects beside the Deriv socket");
      assert.match((await logEntry(page, 'countries-loaded').textContent()) ?? '', /249 countries/);
      await shoot(page, 'demo-empty');

      await submitButton(page).click();
      await page.locator('kyc-signup [aria-invalid="true"]').first().waitFor();
      assert.equal((await alert(page).textContent())?.trim(), en['alert.fix']);
      await shoot(page, 'demo-errors');

      await fillForm(page);
      await submitButton(page).click();
      await logEntry(page, 'verified').waitFor();
      await success(page).waitFor();
      const shown = JSON.parse((await page.locator('#verified').textContent()) ?? '{}') as Record<string, string>;
      assert.match(shown.userHash ?? '', /^[0-9a-f]{64}$/);
      assert.match(shown.userId ?? '', /^\d+$/);
      assert.equal(await page.locator('#again').isVisible(), true);
      // The demo runs the verification steps after signup: the document step follows, and is logged.
      await page.locator('kyc-signup [part="step"][data-step="document"]').waitFor();
      assert.match((await logEntry(page, 'step-change').textContent()) ?? '', /step document/);
      await shoot(page, 'demo-success');

      // The log shows codes, counts and ids: never what the person typed.
      const log = (await page.locator('#log').textContent()) ?? '';
      assert.match(log, /country-change/);
      for (const typed of [PERSON.first_name, PERSON.last_name, PERSON.email, '2345', PERSON.address, PERSON.zip]) {
        assert.ok(!log.includes(typed), `the event log shows ${typed}`);
      }

      // A fresh element for the next person; the sandbox remembers the first one.
      await page.locator('#again').click();
      await page.locator('kyc-signup [name="first_name"]').waitFor();
      assert.equal(await control(page, 'first_name').inputValue(), '');
      await page.locator('#log li[data-event="countries-loaded"]', { hasText: 'session cache' }).waitFor();
      await fillForm(page);
      await submitButton(page).click();
      await logEntry(page, 'verification-failed').waitFor();
      assert.match((await logEntry(page, 'verification-failed').textContent()) ?? '', /HTTP 422: user:exists/);
      assert.equal((await alert(page).textContent())?.trim(), en['alert.user:exists']);

      assertLoopbackOnly(traffic);
      assert.ok(traffic.websockets.every((url) => url.startsWith(demo.derivUrl) || new URL(url).pathname === '/'));
      // The relay's 422 for user:exists is logged by the browser as a failed load; nothing else may be.
      assert.deepEqual(problems.filter((p) => !/status of 422/.test(p)), []);
    } finally {
      await context.close();
    }
  });

  test('the dark and brand themes restyle the element through --kyc-* and ::part() only, and stay accessible', async () => {
    const { page, context } = await openDemo();
    try {
      assert.equal(await formBackground(page), 'rgb(255, 255, 255)');
      await page.getByLabel('Dark').check();
      assert.match(page.url(), /theme=dark/);
      assert.equal(await formBackground(page), 'rgb(13, 17, 23)');
      await submitButton(page).click();
      await control(page, 'first_name').fill(PERSON.first_name);
      await page.locator('kyc-signup [aria-invalid="true"]').first().waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'dark theme with errors');
      await shoot(page, 'demo-dark');

      await page.getByLabel('Brand').check();
      assert.equal(await formBackground(page), 'rgb(253, 251, 255)');
      const submit = await submitButton(page).evaluate((el) => getComputedStyle(el).textTransform);
      assert.equal(submit, 'uppercase');
      assert.deepEqual(await seriousViolations(page), [], 'brand theme with errors');
      await shoot(page, 'demo-brand');
    } finally {
      await context.close();
    }
  });

  // Until the Arabic table is in the tree, `ar` falls back to English: the test then runs as a todo.
  const arabic = existsSync(new URL('../../src/i18n/ar.ts', import.meta.url));
  const todo = !arabic && 'the element has no Arabic table yet (issue 6)';
  test('the language switch sets the element lang: Deriv is asked in that language, Arabic is right to left', { todo }, async () => {
    const { page, context } = await openDemo();
    try {
      const before = demo.deriv!.connections.length;
      await page.locator('#lang').selectOption('ar');
      assert.equal(await page.locator('kyc-signup').getAttribute('lang'), 'ar');
      assert.match(page.url(), /lang=ar/);
      const uiLang = () => page.locator('kyc-signup form').getAttribute('lang');
      // A new language is a new Deriv URL (`l` names it): a new connection asks for the list again.
      if (arabic) await page.locator('#log li[data-event="countries-loaded"]').nth(1).waitFor();
      await shoot(page, 'demo-arabic');
      assert.equal(await uiLang(), 'ar');
      assert.equal(await page.locator('kyc-signup form').getAttribute('dir'), 'rtl');
      const conn = await demo.deriv!.waitForConnection(before + 1, 2_000);
      assert.equal(conn.lang, 'AR');
    } finally {
      await context.close();
    }
  });

  test('the services log readable lines and no PII', () => {
    const text = serverLog.join('\n');
    assert.match(text, /\[deriv\] connection #1 opened \(app_id=1089, l=EN\)/);
    assert.match(text, /\[deriv\] connection #\d+: residence_list \(req_id \d+\) → 249 countries/);
    assert.match(text, /\[relay\] POST \/api\/kyc\/base-check → 200 in \d+ ms/);
    assert.match(text, /\[relay\] POST \/api\/kyc\/base-check → 422 in \d+ ms \(upstream-bad\)/);
    assert.match(text, /\[demo\] page requested \(GET \/\)/);
    for (const typed of [PERSON.first_name, PERSON.last_name, PERSON.email, '2345', PERSON.address]) {
      assert.ok(!text.includes(typed), `a server log line shows ${typed}`);
    }
  });
});

describe('npm start for your own page', () => {
  test('a page on another origin listed in KYC_ALLOWED_ORIGINS uses the demo socket at its fixed path and signs up through its relay', async () => {
    // The developer's own page: the built bundle served by a second loopback server, another origin.
    const pages: Record<string, string> = {};
    const site = await startPageServer({ pages });
    const own = await startDemo({ port: 0, env: { KYC_ALLOWED_ORIGINS: site.origin } });
    const context = await browser.newContext();
    try {
      const demoPort = new URL(own.url).port;
      assert.notEqual(new URL(site.origin).port, demoPort);
      pages['/'] = elementPage({
        script: 'module',
        attributes: { 'ws-url': own.derivUrl, 'backend-url': own.backendUrl, fields: 'middle_name gender address city zip' },
      });
      const page = await context.newPage();
      const traffic = watchTraffic(page);
      await page.goto(`${site.origin}/`);
      await page.locator('kyc-signup [name="country_residence"] option[value="de"]').waitFor({ state: 'attached', timeout: 20_000 });
      await fillForm(page);
      await submitButton(page).click();
      await success(page).waitFor();

      assert.ok(traffic.websockets.length > 0);
      for (const socket of traffic.websockets) {
        const url = new URL(socket);
        assert.deepEqual([url.hostname, url.port, url.pathname], ['127.0.0.1', demoPort, DERIV_PATH], socket);
      }
      assert.ok(traffic.requests.includes(own.backendUrl), 'the form was posted to the demo relay');
      assert.equal(own.deriv!.connections[0]?.appId, '1089');
      assertLoopbackOnly(traffic);
    } finally {
      await Promise.all([context.close(), own.close(), site.close()]);
    }
  });

  test('a page on an origin not listed is refused, and the log says how to allow it', async () => {
    // The relay alone decides CORS on its route: no preflight is let through for an unlisted origin.
    const preflight = await fetch(demo.backendUrl, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:8000', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    const refused = await fetch(demo.backendUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:8000' },
      body: JSON.stringify(VALID),
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
    assert.match(serverLog.join('\n'), /\[relay\] POST \/api\/kyc\/base-check → 403 in \d+ ms \(origin-denied: a page on another origin; list it in KYC_ALLOWED_ORIGINS\)/);
  });
});

describe('npm start: the environment', () => {
  test('DERIV_WS_URL / DERIV_APP_ID point the page at another Deriv; BASISID_API_KEY makes the relay live', async () => {
    const basis = await startFakeBasis({ key: 'live-key-123' });
    const live = await startDemo({
      port: 0,
      env: {
        DERIV_WS_URL: 'wss://ws.derivws.com/websockets/v3',
        DERIV_APP_ID: '4242',
        BASISID_API_KEY: 'live-key-123',
        BASISID_URL: basis.url,
      },
    });
    try {
      assert.equal(live.deriv, undefined, 'no local Deriv server with DERIV_WS_URL');
      const html = await (await fetch(live.url)).text();
      assert.match(html, /<kyc-signup ws-url="wss:\/\/ws\.derivws\.com\/websockets\/v3" app-id="4242"/);
      assert.match(html, /data-relay="live"/);
      const answer = await fetch(new URL('/api/kyc/base-check', live.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(VALID),
      });
      assert.equal(answer.status, 200);
      assert.equal(basis.calls[0]?.body?.key, 'live-key-123');
    } finally {
      await Promise.all([live.close(), basis.close()]);
    }
  });

  test('npm start prints the URL, serves the page, and stops cleanly on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', NO_COLOR: '1' };
    for (const name of ['DERIV_WS_URL', 'DERIV_APP_ID', 'BASISID_API_KEY', 'KYC_SANDBOX']) delete env[name];
    // Exactly what `npm start` runs (npm itself does not pass a SIGTERM on to its script).
    const start = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).scripts.start as string;
    assert.equal(start, 'node --import tsx demo/serve.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/serve.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed in 20 s:\n${output}`)), 20_000);
        child.stdout.on('data', () => {
          const found = /\[demo\]\s+open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
          // The page's URL, then the ones for a developer's own page: wait for all of it.
          if (found && output.includes('KYC_ALLOWED_ORIGINS')) {
            clearTimeout(timer);
            resolve(found);
          }
        });
      });
      // The two URLs a developer pastes into their own page: both on the page's port.
      const host = new URL(url).host;
      assert.ok(output.includes(`[deriv] local Deriv server on ws://${host}${DERIV_PATH}`), output);
      assert.ok(output.includes(`your own page: ws-url="ws://${host}${DERIV_PATH}" backend-url="http://${host}/api/kyc/base-check"`), output);
      assert.match(output, /KYC_ALLOWED_ORIGINS=http:\/\/localhost:8000 npm start/);
      assert.match(output, /\[relay\] sandbox/);
      const page = await fetch(url);
      assert.equal(page.status, 200);
      assert.ok((await page.text()).includes(`<kyc-signup ws-url="ws://${host}${DERIV_PATH}"`));

      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000))]);
      assert.equal(code, 0, output);
      assert.match(output, /SIGTERM: stopping/);
      await assert.rejects(fetch(url), 'the port is closed');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
