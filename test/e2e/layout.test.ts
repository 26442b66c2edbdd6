/**
 * A stable layout, measured by Chromium's own layout-shift entries on the built element and by
 * where its rows are: nothing inside the form moves after its first render (the country list
 * arriving, every message of every field in every language appearing as fields are left or the
 * form is submitted, every alert, the documents hint of any residence), the README's reservation
 * keeps the page still while the element is defined, and a click on Submit straight from a field
 * always submits.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeDeriv, type FakeDerivServer } from '../../demo/services/fake-deriv.js';
import { ar } from '../../src/i18n/ar.js';
import { de } from '../../src/i18n/de.js';
import { en } from '../../src/i18n/en.js';
import { es } from '../../src/i18n/es.js';
import { fr } from '../../src/i18n/fr.js';
import { pt } from '../../src/i18n/pt.js';
import { ru } from '../../src/i18n/ru.js';
import { zh } from '../../src/i18n/zh.js';
import { PAYLOAD_FIELDS, PHONE_CONTROLS } from '../../src/form/fields.js';
import { MIN_BIRTH_YEAR } from '../../src/form/schema.js';
import { launchChromium, recordEvents, waitForEvent } from './helpers/browser.js';
import { alert, control, focusedName, submitButton } from './helpers/form.js';
import { PERSON_PAYLOAD } from '../fixtures/person.js';
import { listen } from '../../src/relay/node/listen.js';
import { supportedDocuments, type Country } from '../../src/deriv/residence-list.js';
import { elementPage, startPageServer, type PageServer } from './helpers/page-server.js';
import { readmeStylingCss } from './helpers/readme-css.js';

/** Every optional field shown and required, so that each has a message, and an age limit. */
const ATTRIBUTES = {
  'backend-url': '/api/kyc/base-check',
  fields: 'middle_name phone2 gender city address address2 zip tax_identification_number',
  'required-fields': 'middle_name phone2 gender city address address2 zip tax_identification_number',
  'min-age': '18',
};

const LANGUAGES = { en, de, es, fr, pt, ru, zh, ar };

/** What each text control gets typed into it: a wrong value, or (`''`) something deleted again. */
const WRONG: Record<string, string> = {
  first_name: '123',
  middle_name: '123',
  last_name: '123',
  email: 'name@',
  phone_idd: '0',
  phone: '12',
  phone2_idd: '0',
  phone2: '12',
  birthday_day: '45',
  birthday_year: '1700',
  city: '',
  address: '',
  address2: '',
  zip: '!!!',
  tax_identification_number: '',
};

/** Every control, from the field list: residence first (it sets the calling codes), each calling code before its number. */
const CONTROLS = ['country_residence', ...PAYLOAD_FIELDS.filter((name) => name !== 'country_residence')].flatMap((name) =>
  PHONE_CONTROLS.some((phone) => phone.name === name) ? [`${name}_idd`, name] : [name],
);

const today = new Date();
const thisYear = today.getFullYear();
const tomorrow = new Date(thisYear, today.getMonth(), today.getDate() + 1);

/**
 * Rounds of values that between them make every field show each of its messages: required, wrong,
 * not allowed, every birthday problem. Controls not named are left empty, but for the residence,
 * which an empty choice resets to the default: it is one where sign-up is not allowed.
 */
const ROUNDS: Record<string, string>[] = [
  { country_residence: 'as' },
  { ...WRONG, country_residence: 'as' },
  // A tax ID not in the residence's format (Antigua: six digits, one document, so the hint stays
  // short), and a hidden character in a free-text field for the generic "check this value".
  { birthday_day: '1', country_residence: 'ag', tax_identification_number: '123', city: 'a\u200bb' },
  { birthday_day: '1', birthday_month: '1', country_residence: 'as' },
  { birthday_day: '1', birthday_month: '1', birthday_year: '1700', country_residence: 'as' },
  { birthday_day: '1', birthday_month: '1', birthday_year: String(thisYear - 1), country_residence: 'as' },
  // A date later this year (none is left on 31 December).
  ...(tomorrow.getFullYear() === thisYear
    ? [
        {
          birthday_day: String(tomorrow.getDate()),
          birthday_month: String(tomorrow.getMonth() + 1),
          birthday_year: String(thisYear),
          country_residence: 'as',
        },
      ]
    : []),
];

const RESERVATION = readmeStylingCss().find((css) => css.includes(':not(:defined)'));

let browser: Browser;
let deriv: FakeDerivServer;
/** Answers at once: the language pages reload for each width. */
let quickDeriv: FakeDerivServer;
let site: PageServer;
/** Refuses the element's app_id: the country list fails at once. */
let refusingDeriv: FakeDerivServer;
/** Answers each failure of a submission (by path), and holds WebSocket handshakes (a list that never loads). */
let relay: { origin: string; close(): Promise<void> };
/** A loopback port nothing listens on: the relay cannot be reached. */
let refusedUrl: string;

interface Shift {
  value: number;
  hadRecentInput: boolean;
  startTime: number;
}

declare global {
  interface Window {
    __shifts: Shift[];
    /** `performance.now()` once the element's first render is on screen. */
    __firstRender: number;
  }
}

before(async () => {
  // The list arrives well after the first render, as on a real network.
  [browser, deriv, quickDeriv] = await Promise.all([launchChromium(), startFakeDeriv({ replyDelayMs: 600 }), startFakeDeriv()]);
  const withAfter = (html: string) => html.replace('</main>', '<p id="after">What the page shows after the form.</p>\n</main>');
  const defaults = withAfter(elementPage({ script: 'module', attributes: { 'backend-url': ATTRIBUTES['backend-url'], 'ws-url': deriv.url } }));
  const languagePages = Object.keys(LANGUAGES).map((lang) => [
    `/${lang}.html`,
    withAfter(elementPage({ script: 'module', lang, attributes: { ...ATTRIBUTES, 'ws-url': quickDeriv.url } })),
  ]);
  [refusingDeriv, relay, refusedUrl] = await Promise.all([startFakeDeriv({ appIds: ['1'] }), startFailingRelay(), closedPortUrl()]);
  const alertPages = Object.keys(LANGUAGES).flatMap((lang) => {
    const page = (wsUrl: string) =>
      withAfter(elementPage({ script: 'module', lang, attributes: { 'backend-url': refusedUrl, 'ws-url': wsUrl, residence: 'de' } }));
    return [
      [`/${lang}/alerts.html`, page(quickDeriv.url)],
      [`/${lang}/list-refused.html`, page(refusingDeriv.url)],
      [`/${lang}/list-pending.html`, page(relay.origin.replace('http:', 'ws:') + '/websockets/v3')],
    ];
  });
  site = await startPageServer({
    pages: {
      ...Object.fromEntries(languagePages),
      ...Object.fromEntries(alertPages),
      '/': withAfter(elementPage({ script: 'module', attributes: { ...ATTRIBUTES, 'ws-url': deriv.url } })),
      // The README's heights are for the default fields.
      '/reserved.html': defaults.replace('</head>', `<style>${RESERVATION}</style>\n</head>`),
      '/unreserved.html': defaults,
    },
  });
});

after(async () => {
  await Promise.all([browser?.close(), deriv?.close(), quickDeriv?.close(), refusingDeriv?.close(), relay?.close(), site?.close()]);
});

/** A page that records every layout shift, and when the form first rendered. */
async function open(width: number, path = '/', height = 800): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width, height } });
  await recordEvents(context);
  await context.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as PerformanceEntry[] & { value: number; hadRecentInput: boolean }[]) {
        window.__shifts.push({ value: entry.value, hadRecentInput: entry.hadRecentInput, startTime: entry.startTime });
      }
    }).observe({ type: 'layout-shift', buffered: true });
    void customElements.whenDefined('kyc-signup').then(async () => {
      await (document.querySelector('kyc-signup') as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      // The frame that paints the first render, and one more for its layout-shift entry.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      window.__firstRender = performance.now();
    });
  });
  const page = await context.newPage();
  await page.goto(site.origin + path);
  return { page, context };
}

const shiftsAfterFirstRender = (page: Page): Promise<Shift[]> =>
  page.evaluate(() => window.__shifts.filter((s) => s.startTime > window.__firstRender && !s.hadRecentInput));

/**
 * Sets and leaves each control in turn as a script does (no key or pointer input), each change
 * rendered before the next control is left.
 */
function leaveEach(page: Page, values: readonly (readonly [string, string])[]): Promise<void> {
  return page.evaluate(async (entries) => {
    const host = document.querySelector('kyc-signup') as HTMLElement & { updateComplete: Promise<unknown> };
    for (const [name, value] of entries) {
      const control = host.shadowRoot!.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!;
      control.focus();
      control.value = value;
      control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      control.blur();
      await host.updateComplete;
    }
  }, values);
}

const requestSubmit = (page: Page) =>
  page.evaluate(() => document.querySelector('kyc-signup')!.shadowRoot!.querySelector('form')!.requestSubmit());

const nextFrames = (page: Page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

describe('a stable layout', () => {
  for (const width of [360, 1024]) {
    test(`${width} px: nothing moves after the first render (the list, messages on leaving fields, the alert)`, async () => {
      const { page, context } = await open(width);
      try {
        await page.waitForFunction(() => window.__firstRender > 0);
        const firstRender = await page.evaluate(() => window.__firstRender);
        await waitForEvent(page, 'countries-loaded');
        assert.ok((await page.evaluate(() => window.__firstRender)) === firstRender);
        await nextFrames(page);
        assert.deepEqual(await shiftsAfterFirstRender(page), [], 'the country list arriving moved something');

        // Each field left empty: its "required" message.
        await leaveEach(page, Object.keys(WRONG).map((name) => [name, ''] as const));
        await nextFrames(page);
        const messages = await page.locator('kyc-signup .error').filter({ hasText: /\S/ }).count();
        assert.ok(messages >= 9, `${messages} messages shown`);
        assert.deepEqual(await shiftsAfterFirstRender(page), [], 'messages appearing moved something');

        await requestSubmit(page);
        await alert(page).filter({ hasText: en['alert.fix'] }).waitFor();
        await nextFrames(page);
        assert.deepEqual(await shiftsAfterFirstRender(page), [], 'the alert appearing moved something');
      } finally {
        await context.close();
      }
    });
  }

  /** Layout shifts on a page tall enough to show what follows the form (none moves off screen). */
  async function pageShifts(width: number, path: string): Promise<Shift[]> {
    const { page, context } = await open(width, path, 2_400);
    try {
      await waitForEvent(page, 'countries-loaded');
      await nextFrames(page);
      assert.ok(await page.locator('#after').isVisible());
      return await page.evaluate(() => window.__shifts.filter((s) => !s.hadRecentInput));
    } finally {
      await context.close();
    }
  }

  test('without a reservation, the page below the form moves when it appears', async () => {
    assert.notDeepEqual(await pageShifts(1024, '/unreserved.html'), []);
  });

  for (const width of [360, 414, 600, 1024]) {
    test(`${width} px: with the README's reservation, the page does not move when the form appears`, async () => {
      assert.ok(RESERVATION, 'the README shows a kyc-signup:not(:defined) rule');
      assert.deepEqual(await pageShifts(width, '/reserved.html'), []);
    });
  }

  /** A phone and a wide page, and German (the longest messages) on the phone. */
  const clickCases = [
    { lang: 'en', width: 360 },
    { lang: 'de', width: 360 },
    { lang: 'en', width: 1024 },
  ];
  for (const { lang, width } of clickCases) {
    test(`${lang}, ${width} px: a click on Submit straight from any text field submits`, async () => {
      const { page, context } = await open(width, `/${lang}.html`);
      const table: Record<string, string> = LANGUAGES[lang as keyof typeof LANGUAGES];
      try {
        for (const [name, value] of Object.entries(WRONG)) {
          await page.reload();
          await waitForEvent(page, 'countries-loaded');
          await control(page, name).click();
          await page.keyboard.press('Control+A');
          await page.keyboard.type(value || 'x');
          if (!value) await page.keyboard.press('Backspace');
          await submitButton(page).scrollIntoViewIfNeeded();
          const box = (await submitButton(page).boundingBox())!;
          await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
          // The submit handler ran: the alert says what to do and focus is on the first wrong control.
          await alert(page).filter({ hasText: table['alert.fix'] }).waitFor({ timeout: 2_000 });
          assert.equal(await focusedName(page), 'first_name', `from ${name}`);
        }
      } finally {
        await context.close();
      }
    });
  }
});

/** Where each field, the documents hint, the alert, the buttons and what follows the form are on the page. */
function rowPositions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.querySelector('kyc-signup')!.shadowRoot!;
    const rows = [...root.querySelectorAll('[part="field"], .documents, .alert, .actions'), document.getElementById('after')!];
    return rows.map((row) => `${row.querySelector('[name]')?.getAttribute('name') ?? row.className}: ${row.getBoundingClientRect().top + scrollY}`);
  });
}

/**
 * The field messages shown now, once every field but the `valid` ones has one (a tax ID's check
 * loads on demand).
 */
async function allMessages(page: Page, valid: readonly string[]): Promise<string[]> {
  const missing = (ok: readonly string[]) =>
    page.evaluate(
      (ok) =>
        [...document.querySelector('kyc-signup')!.shadowRoot!.querySelectorAll('.error')]
          .filter((p) => !p.textContent!.trim() && !ok.includes(p.id.replace(/-error$/, '')))
          .map((p) => p.id),
      ok,
    );
  for (let frames = 0; (await missing(valid)).length; frames++) {
    assert.ok(frames < 300, `fields without a message: ${await missing(valid)}`);
    await nextFrames(page);
  }
  return page.locator('kyc-signup .error').allTextContents();
}

/** Widths of the element (the page adds its body's 8 px margins): phones, the first two-column width, a tablet. */
const WIDTHS = [360, 414, 536, 768];
const BODY_MARGINS = 16;

/** Messages a person cannot cause from the form (a select offers only valid values); the relay may send them. */
const NOT_FROM_THE_FORM = ['error.invalid:birthday_month', 'error.invalid:country_residence', 'error.invalid:country_nationality'];

describe('every message of every field fits the space kept for it', () => {
  for (const [lang, table] of Object.entries(LANGUAGES)) {
    test(`${lang}: at ${WIDTHS.join(', ')} px, leaving fields and submitting moves nothing`, async () => {
      const { page, context } = await open(WIDTHS[0]! + BODY_MARGINS, `/${lang}.html`, 2_400);
      try {
        const shown = new Set<string>();
        for (const width of WIDTHS) {
          await page.setViewportSize({ width: width + BODY_MARGINS, height: 2_400 });
          await page.reload();
          await waitForEvent(page, 'countries-loaded');
          await nextFrames(page);
          assert.equal(await page.locator('kyc-signup').evaluate((el) => el.getBoundingClientRect().width), width);
          const before = await rowPositions(page);
          for (const [i, round] of ROUNDS.entries()) {
            await leaveEach(page, CONTROLS.map((name) => [name, round[name] ?? ''] as const));
            await requestSubmit(page);
            // The tax ID round has a residence that is allowed.
            const valid = round.country_residence === 'as' ? [] : ['country_residence'];
            for (const message of await allMessages(page, valid)) shown.add(message);
            await nextFrames(page);
            assert.deepEqual(await rowPositions(page), before, `${width} px, round ${i + 1}`);
            // Checked as the messages first appear: later rounds change a message's text in place,
            // which Chromium reports in right-to-left text as its start edge moving (nothing else does).
            if (i === 0) assert.deepEqual(await shiftsAfterFirstRender(page), [], `${width} px`);
          }
        }
        // The rounds made every field message of the table appear.
        const params = { minAge: ATTRIBUTES['min-age'], minYear: String(MIN_BIRTH_YEAR), maxYear: String(thisYear) };
        const expected = Object.entries(table)
          .filter(([key]) => key.startsWith('error.') && !NOT_FROM_THE_FORM.includes(key))
          .map(([, text]) => text.replace(/\{(\w+)\}/g, (_, name: keyof typeof params) => params[name]));
        assert.deepEqual(expected.filter((text) => !shown.has(text)), []);
      } finally {
        await context.close();
      }
    });
  }
});

/** What the test's relay answers at each path, and the alert key each answer must show. */
const FAILURES: Record<string, { status: number; body: string; alert: string }> = {
  '/field-errors': { status: 400, body: JSON.stringify({ status: 'bad', errors: ['invalid:first_name'] }), alert: 'alert.fix' },
  '/unknown-error': { status: 422, body: JSON.stringify({ status: 'bad', errors: ['error:key'] }), alert: 'alert.failed' },
  '/exists': { status: 422, body: JSON.stringify({ status: 'bad', errors: ['user:exists'] }), alert: 'alert.user:exists' },
  '/unauthorized': { status: 401, body: JSON.stringify({ status: 'error', errors: ['request:session'] }), alert: 'alert.rejected' },
  '/forbidden': { status: 403, body: JSON.stringify({ status: 'error', errors: ['request:origin'] }), alert: 'alert.rejected' },
  '/too-large': { status: 413, body: JSON.stringify({ status: 'error', errors: ['request:too_large'] }), alert: 'alert.rejected' },
  '/rate-limited': { status: 429, body: JSON.stringify({ status: 'error', errors: ['request:rate_limited'] }), alert: 'alert.rate_limited' },
  '/500': { status: 500, body: 'Internal Server Error', alert: 'alert.unavailable' },
  '/502': { status: 502, body: JSON.stringify({ status: 'error', errors: ['upstream:unavailable'] }), alert: 'alert.unavailable' },
  '/503': { status: 503, body: 'Service Unavailable', alert: 'alert.unavailable' },
  '/504': { status: 504, body: JSON.stringify({ status: 'error', errors: ['upstream:timeout'] }), alert: 'alert.unavailable' },
  '/not-json': { status: 200, body: '<!doctype html><title>Welcome</title>', alert: 'alert.unavailable' },
};

/** A relay on another loopback origin (CORS allowed) that answers FAILURES, and never finishes a WebSocket handshake. */
async function startFailingRelay(): Promise<{ origin: string; close(): Promise<void> }> {
  const held = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'Content-Type' };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    const failure = FAILURES[req.url ?? ''] ?? { status: 404, body: 'not found' };
    res.writeHead(failure.status, cors).end(failure.body);
  });
  server.on('upgrade', (_, socket: Socket) => void held.add(socket));
  const { url } = await listen(server, 0, '127.0.0.1');
  return {
    origin: url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of held) socket.destroy();
      }),
  };
}

/** The URL of a loopback port that was free a moment ago: connections to it are refused. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  const { url } = await listen(server, 0, '127.0.0.1');
  await new Promise((resolve) => server.close(resolve));
  return `${url}/api/kyc/base-check`;
}

/** Submits the (valid) form to `url` and returns the alert's text once the failure is shown. */
function alertAfterSubmit(page: Page, url: string): Promise<string> {
  return page.evaluate(async (url) => {
    const host = document.querySelector('kyc-signup') as HTMLElement & { backendUrl: string; updateComplete: Promise<unknown> };
    host.backendUrl = url;
    await host.updateComplete;
    const failed = new Promise((resolve) => host.addEventListener('verification-failed', resolve, { once: true }));
    host.shadowRoot!.querySelector('form')!.requestSubmit();
    await failed;
    await host.updateComplete;
    return host.shadowRoot!.querySelector('[role="alert"]')!.textContent!.trim();
  }, url);
}

/** The alert's text once it shows one. */
async function shownAlert(page: Page): Promise<string> {
  await alert(page).filter({ hasText: /\S/ }).waitFor();
  await nextFrames(page);
  return (await alert(page).textContent())!.trim();
}

describe('every alert fits the space kept for it', () => {
  for (const [lang, table] of Object.entries(LANGUAGES)) {
    test(`${lang}: at ${WIDTHS.join(', ')} px, no alert moves the buttons or what follows the form`, async () => {
      const { page, context } = await open(WIDTHS[0]! + BODY_MARGINS, `/${lang}/alerts.html`, 2_400);
      try {
        const shown = new Set<string>();
        for (const width of WIDTHS) {
          await page.setViewportSize({ width: width + BODY_MARGINS, height: 2_400 });
          await page.goto(`${site.origin}/${lang}/alerts.html`);
          await waitForEvent(page, 'countries-loaded');
          await page.evaluate((values) => {
            (document.querySelector('kyc-signup') as HTMLElement & { values: object }).values = values;
          }, PERSON_PAYLOAD);
          await nextFrames(page);
          const before = await rowPositions(page);
          const answers = [...Object.entries(FAILURES).map(([path, { alert }]) => [relay.origin + path, alert]), [refusedUrl, 'alert.network']];
          for (const [url, key] of answers) {
            const text = await alertAfterSubmit(page, url!);
            assert.equal(text, table[key as keyof typeof table], `${width} px, ${url}`);
            shown.add(key!);
            await nextFrames(page);
            assert.deepEqual(await rowPositions(page), before, `${width} px, ${key}`);
          }

          // The country list failing, and a submit before it arrives.
          await page.goto(`${site.origin}/${lang}/list-refused.html`);
          await waitForEvent(page, 'countries-error');
          assert.equal(await shownAlert(page), table['countries.error']);
          shown.add('countries.error');
          assert.deepEqual(await rowPositions(page), before, `${width} px, countries.error`);
          await page.goto(`${site.origin}/${lang}/list-pending.html`);
          await page.waitForFunction(() => window.__firstRender > 0);
          await requestSubmit(page);
          assert.equal(await shownAlert(page), table['countries.needed']);
          shown.add('countries.needed');
          assert.deepEqual(await rowPositions(page), before, `${width} px, countries.needed`);
        }
        const alerts = Object.keys(table).filter((key) => key.startsWith('alert.') || key === 'countries.error' || key === 'countries.needed');
        assert.deepEqual(alerts.filter((key) => !shown.has(key)), []);
      } finally {
        await context.close();
      }
    });
  }
});

/** Residences with the longest lists of identity documents in the recorded reply: Germany, Austria's seven, India's nine. */
const MANY_DOCUMENTS = ['de', 'at', 'in'];

describe('the documents hint never needs more than its kept space', () => {
  for (const lang of Object.keys(LANGUAGES)) {
    test(`${lang}: at 360 px, no residence's documents move the rows below, and the whole list opens on demand`, async () => {
      const { page, context } = await open(360 + BODY_MARGINS, `/${lang}/list-pending.html`, 2_400);
      try {
        await page.waitForFunction(() => window.__firstRender > 0);
        // No hint while the list loads.
        const before = await rowPositions(page);
        await page.goto(`${site.origin}/${lang}/alerts.html`);
        await waitForEvent(page, 'countries-loaded');
        await nextFrames(page);
        assert.deepEqual(await rowPositions(page), before, 'Germany preselected');
        for (const residence of [...MANY_DOCUMENTS, 'ag']) {
          await leaveEach(page, [['country_residence', residence]]);
          await nextFrames(page);
          assert.deepEqual(await rowPositions(page), before, residence);
          // Every document is named once the person opens the hint.
          const country = await page.evaluate(
            (code) => (document.querySelector('kyc-signup') as HTMLElement & { countries: Country[] }).countries.find((c) => c.value === code)!,
            residence,
          );
          const expected = new Set(supportedDocuments(country).map((doc) => doc.name));
          const hint = page.locator('kyc-signup .documents');
          await hint.locator('summary').click();
          for (const name of expected) await hint.getByText(name, { exact: true }).waitFor({ state: 'visible', timeout: 2_000 });
          await hint.locator('summary').click();
        }
      } finally {
        await context.close();
      }
    });
  }
});
