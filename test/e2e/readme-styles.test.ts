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

/** WCAG's contrast ratio of two opaque `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = color.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

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
          // axe does not judge focus rings: WCAG asks 3:1 against what surrounds them, the form's background.
          await page.locator('kyc-signup [name="first_name"]').focus();
          const [ring, background] = await page.evaluate(() => {
            const root = document.querySelector('kyc-signup')!.shadowRoot!;
            return [getComputedStyle(root.querySelector('#first_name')!).outlineColor, getComputedStyle(root.querySelector('form')!).backgroundColor];
          });
          assert.ok(contrast(ring, background) >= 3, `focus ring ${ring} on ${background}: ${contrast(ring, background).toFixed(2)}:1`);
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
