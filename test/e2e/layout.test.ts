/**
 * A stable layout, measured by Chromium's own layout-shift entries on the built element:
 * nothing inside the form moves after its first render (the country list arriving, messages
 * appearing as fields are left, the alert), the README's reservation keeps the page still while
 * the element is defined, and a click on Submit straight from a field always submits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeDeriv, type FakeDerivServer } from '../../demo/services/fake-deriv.js';
import { en } from '../../src/i18n/en.js';
import { launchChromium, recordEvents, waitForEvent } from './helpers/browser.js';
import { alert, control, focusedName, submitButton } from './helpers/form.js';
import { elementPage, startPageServer, type PageServer } from './helpers/page-server.js';
import { readmeStylingCss } from './helpers/readme-css.js';

/** Every optional field shown, and the free-text ones required, so that each can be wrong. */
const ATTRIBUTES = {
  'backend-url': '/api/kyc/base-check',
  fields: 'middle_name phone2 gender city address address2 zip tax_identification_number',
  'required-fields': 'city address address2 tax_identification_number',
};

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

const RESERVATION = readmeStylingCss().find((css) => css.includes(':not(:defined)'));

let browser: Browser;
let deriv: FakeDerivServer;
let site: PageServer;

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
  [browser, deriv] = await Promise.all([launchChromium(), startFakeDeriv({ replyDelayMs: 600 })]);
  const withAfter = (html: string) => html.replace('</main>', '<p id="after">What the page shows after the form.</p>\n</main>');
  const defaults = withAfter(elementPage({ script: 'module', attributes: { 'backend-url': ATTRIBUTES['backend-url'], 'ws-url': deriv.url } }));
  site = await startPageServer({
    pages: {
      '/': withAfter(elementPage({ script: 'module', attributes: { ...ATTRIBUTES, 'ws-url': deriv.url } })),
      // The README's heights are for the default fields.
      '/reserved.html': defaults.replace('</head>', `<style>${RESERVATION}</style>\n</head>`),
      '/unreserved.html': defaults,
    },
  });
});

after(async () => {
  await Promise.all([browser?.close(), deriv?.close(), site?.close()]);
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

/** Leaves the control as a script does (no key or pointer input), after setting its value. */
function setAndLeave(page: Page, name: string, value: string): Promise<void> {
  return page.evaluate(
    ([n, v]) => {
      const input = document.querySelector('kyc-signup')!.shadowRoot!.querySelector<HTMLInputElement>(`[name="${n}"]`)!;
      input.focus();
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      input.blur();
    },
    [name, value] as const,
  );
}

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

        // Each field left empty: "required" messages, which fit the one line kept for each (a
        // longer message, such as a wrong email's on a phone, takes a second line and moves what follows).
        for (const name of Object.keys(WRONG)) await setAndLeave(page, name, '');
        await nextFrames(page);
        const messages = await page.locator('kyc-signup .error').filter({ hasText: /\S/ }).count();
        assert.ok(messages >= 9, `${messages} messages shown`);
        assert.deepEqual(await shiftsAfterFirstRender(page), [], 'messages appearing moved something');

        await page.evaluate(() => document.querySelector('kyc-signup')!.shadowRoot!.querySelector('form')!.requestSubmit());
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

  for (const width of [360, 1024]) {
    test(`${width} px: a click on Submit straight from any text field submits`, async () => {
      const { page, context } = await open(width);
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
          await alert(page).filter({ hasText: en["alert.fix"] }).waitFor({ timeout: 2_000 });
          assert.equal(await focusedName(page), 'first_name', `from ${name}`);
        }
      } finally {
        await context.close();
      }
    });
  }
});
