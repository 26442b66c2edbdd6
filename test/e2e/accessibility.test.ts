/**
 * What a screen reader gets from the built element: Chromium's full accessibility tree through
 * the DevTools protocol (names, descriptions from aria-describedby, `invalid`, live regions, focus).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeDeriv, type FakeDerivServer } from '../../demo/services/fake-deriv.js';
import { en } from '../../src/i18n/en.js';
import { launchChromium, recordEvents, waitForEvent } from './helpers/browser.js';
import { alert, control, fillForm, PERSON, submitButton } from './helpers/form.js';
import { elementPage, startPageServer, type PageServer } from './helpers/page-server.js';

const BACKEND = '/api/kyc/base-check';

let browser: Browser;
let deriv: FakeDerivServer;
let site: PageServer;

before(async () => {
  [browser, deriv] = await Promise.all([launchChromium(), startFakeDeriv()]);
  const attributes = { 'backend-url': BACKEND, 'ws-url': deriv.url, fields: 'middle_name phone2 gender city address address2 zip' };
  site = await startPageServer({ pages: { '/': elementPage({ script: 'module', attributes }) } });
});

after(async () => {
  await Promise.all([browser?.close(), deriv?.close(), site?.close()]);
});

interface AxNode {
  role: string;
  name: string;
  description: string;
  properties: Record<string, unknown>;
  /** The text of the node's subtree. */
  text: string;
}

/** Chromium's full accessibility tree, without ignored nodes. */
async function axTree(page: Page): Promise<AxNode[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: any[] };
  await cdp.detach();
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const text = (n: any): string =>
    n.role?.value === 'StaticText' ? (n.name?.value ?? '') : (n.childIds ?? []).map((id: string) => (byId.has(id) ? text(byId.get(id)) : '')).join('');
  return nodes
    .filter((n) => !n.ignored)
    .map((n) => ({
      role: n.role?.value ?? '',
      name: n.name?.value ?? '',
      description: n.description?.value ?? '',
      properties: Object.fromEntries((n.properties ?? []).map((p: any) => [p.name, p.value.value])),
      text: text(n),
    }));
}

const CONTROL_ROLES = new Set(['textbox', 'combobox', 'spinbutton']);
const named = (tree: AxNode[], name: string) => tree.filter((n) => CONTROL_ROLES.has(n.role) && n.name === name);
/** The text of the polite live region that is not the documents hint. */
const announcement = async (page: Page): Promise<string> =>
  (await axTree(page)).filter((n) => n.role === 'paragraph' && n.properties.live === 'polite').map((n) => n.text).join('');

async function open(): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width: 900, height: 1400 } });
  await recordEvents(context);
  const page = await context.newPage();
  await page.goto(site.origin + '/');
  await waitForEvent(page, 'countries-loaded');
  return { page, context };
}

async function withPage(body: (page: Page) => Promise<void>): Promise<void> {
  const { page, context } = await open();
  try {
    await body(page);
  } finally {
    await context.close();
  }
}

describe('what a screen reader gets', () => {
  test('each calling code is named after its phone number; the second says it is optional', () =>
    withPage(async (page) => {
      const tree = await axTree(page);
      assert.equal(named(tree, en['name.phone_idd']).length, 1);
      assert.equal(named(tree, `${en['name.phone2_idd']} (${en['hint.optional']})`).length, 1);
      assert.equal(named(tree, 'Country code').length, 0);
    }));

  test('an optional field is named with a space before its "(optional)"', () =>
    withPage(async (page) => {
      const tree = await axTree(page);
      assert.equal(named(tree, `${en['label.middle_name']} (${en['hint.optional']})`).length, 1);
      assert.equal(named(tree, `${en['label.middle_name']}(${en['hint.optional']})`).length, 0);
    }));

  test('an untouched form has nothing invalid (selects included), and required controls say so', () =>
    withPage(async (page) => {
      const controls = (await axTree(page)).filter((n) => CONTROL_ROLES.has(n.role));
      assert.ok(controls.length >= 15);
      assert.deepEqual(controls.filter((n) => n.properties.invalid !== 'false').map((n) => n.name), []);
      for (const name of ['birthday_month', 'country_nationality', 'country_residence']) {
        assert.equal(await control(page, name).getAttribute('aria-required'), 'true', name);
      }
      const firstName = controls.find((n) => n.name === en['label.first_name'])!;
      assert.equal(firstName.properties.required, true);
    }));

  test('after a failed submit, the first calling code is invalid and described by the phone’s message', () =>
    withPage(async (page) => {
      await control(page, 'phone_idd').fill('');
      await submitButton(page).click();
      await alert(page).filter({ hasText: en['alert.fix'] }).waitFor();
      const [idd] = named(await axTree(page), en['name.phone_idd']);
      assert.equal(idd!.properties.invalid, 'true');
      assert.equal(idd!.description, en['error.empty']);
    }));

  test('a message that appears on leaving a field is announced once, not as one types, and not on submit', () =>
    withPage(async (page) => {
      assert.equal(await announcement(page), '');
      await control(page, 'email').click();
      await page.keyboard.type('name@');
      await page.keyboard.press('Tab');
      const said = `${en['label.email']}: ${en['error.invalid:email']}`;
      await page.locator('kyc-signup p[aria-live]').filter({ hasText: said }).waitFor({ timeout: 5_000 });
      assert.equal(await announcement(page), said);
      // Back in the field, typing changes the visible message but announces nothing.
      await control(page, 'email').click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      assert.equal(await page.locator('kyc-signup #email-error').textContent(), en['error.empty']);
      assert.equal(await announcement(page), '');
      await page.keyboard.press('Tab');
      assert.equal(await announcement(page), '', 'the message was already shown');
      // Submit: focus moves to the first wrong control, which reads its own message.
      await submitButton(page).click();
      await alert(page).filter({ hasText: en['alert.fix'] }).waitFor();
      assert.equal(await announcement(page), '');
    }));

  test('on success, focus moves to the success heading', () =>
    withPage(async (page) => {
      await page.route(`**${BACKEND}`, (route) => route.fulfill({ json: { status: 'ok', userHash: 'h', userId: '1' } }));
      await fillForm(page, PERSON);
      await submitButton(page).click();
      await waitForEvent(page, 'verified');
      await page.locator('kyc-signup h2').waitFor();
      const focused = (await axTree(page)).filter((n) => n.properties.focused === true && n.role !== 'RootWebArea');
      assert.deepEqual(
        focused.map((n) => [n.role, n.name]),
        [['heading', en['success.title']]],
      );
    }));
});
