/**
 * Every CSS example of the README's "Styling" section (read from the README itself), on the
 * built element, passes axe's colour-contrast rule in both colour schemes: on the empty form
 * and with every message and the alert shown.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startFakeDeriv, type FakeDerivServer } from '../../demo/services/fake-deriv.js';
import { launchChromium, recordEvents, seriousViolations, waitForEvent } from './helpers/browser.js';
import { alert, submitButton } from './helpers/form.js';
import { elementPage, startPageServer, type PageServer } from './helpers/page-server.js';
import { readmeStylingCss } from './helpers/readme-css.js';

const EXAMPLES = readmeStylingCss();

let browser: Browser;
let deriv: FakeDerivServer;
let site: PageServer;

before(async () => {
  [browser, deriv] = await Promise.all([launchChromium(), startFakeDeriv()]);
  const page = elementPage({
    script: 'module',
    attributes: { 'backend-url': '/api/kyc/base-check', 'ws-url': deriv.url, fields: 'middle_name phone2 gender city address address2 zip' },
  });
  const pages: Record<string, string> = { '/': page };
  EXAMPLES.forEach((css, i) => (pages[`/example-${i}.html`] = page.replace('</head>', `<style>${css}</style>\n</head>`)));
  site = await startPageServer({ pages });
});

after(async () => {
  await Promise.all([browser?.close(), deriv?.close(), site?.close()]);
});

describe("the README's styling examples pass colour contrast", () => {
  test('the README has styling examples to check', () => {
    assert.ok(EXAMPLES.length >= 2, `found ${EXAMPLES.length} css blocks under "Styling"`);
    assert.ok(EXAMPLES.some((css) => css.includes('--kyc-color-accent')), 'an example sets an accent');
  });

  const cases = [{ name: 'the defaults', path: '/' }, ...EXAMPLES.map((css, i) => ({ name: `example ${i + 1} (${css.split('\n')[0]!.trim()} …)`, path: `/example-${i}.html` }))];
  for (const { name, path } of cases) {
    for (const colorScheme of ['light', 'dark'] as const) {
      test(`${name}, ${colorScheme}: empty, then with every message shown`, async () => {
        const context = await browser.newContext({ viewport: { width: 900, height: 1400 }, colorScheme });
        try {
          await recordEvents(context);
          const page = await context.newPage();
          await page.emulateMedia({ colorScheme });
          await page.goto(site.origin + path);
          await waitForEvent(page, 'countries-loaded');
          assert.deepEqual(await seriousViolations(page, ['color-contrast']), [], 'the empty form');
          await submitButton(page).click();
          await alert(page).filter({ hasText: /\S/ }).waitFor();
          assert.deepEqual(await seriousViolations(page, ['color-contrast']), [], 'with messages and the alert');
        } finally {
          await context.close();
        }
      });
    }
  }
});
