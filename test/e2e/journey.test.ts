/**
 * The whole journey end to end, in Debian's Chromium: the built dist/ bundle with
 * `steps="document selfie address-proof"` on a plain page under a strict CSP, the real relay
 * (Node adapter) with a real key and SECRET2, a fake BASIS ID that records the multipart of each
 * step and sends its signed verdict callback to the relay, and the fake Deriv; all on loopback.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeBasis, type FakeBasisServer } from '../../demo/services/fake-basis.js';
import { startFakeDeriv, type FakeDerivServer } from '../../demo/services/fake-deriv.js';
import { en as stepsEn } from '../../src/steps/i18n/en.js';
import { createRateLimiter, createRelay, DEFAULT_PATH, parseRateLimit, type RelayLogEntry } from '../../src/relay/index.js';
import {
  assertLoopbackOnly,
  launchChromium,
  recordEvents,
  recordedEvents,
  seriousViolations,
  waitForEvent,
  watchTraffic,
  type Traffic,
} from './helpers/browser.js';
import { fillForm, PERSON, submitButton } from './helpers/form.js';
import { elementPage, startPageServer, strictCsp, type PageServer } from './helpers/page-server.js';

const KEY = 'basis_live_KEY_journey_7c2e41';
const SECRET2 = 'basis_secret2_journey_93d0b5a1';
const STATEMENT = readFileSync(new URL('../fixtures/files/statement.pdf', import.meta.url));
const ROUTES = ['base-check', 'document', 'selfie', 'address-proof', 'status', 'callback'] as const;
const STEP_EVENTS = new Set(['verified', 'step-change', 'upload-complete', 'verification-status']);

let browser: Browser;
let deriv: FakeDerivServer;
let basis: FakeBasisServer;
let site: PageServer;
const relayLog: RelayLogEntry[] = [];

before(async () => {
  [browser, deriv, basis] = await Promise.all([launchChromium(), startFakeDeriv(), startFakeBasis({ key: KEY })]);
  const relay = createRelay({
    apiKey: KEY,
    upstreamUrl: basis.url,
    secret2: SECRET2,
    rateLimiter: createRateLimiter(parseRateLimit('100/60')),
    logger: (entry) => relayLog.push(entry),
  });
  // The relay routes by path itself: every route of the journey goes to the one handler.
  const relays = Object.fromEntries(ROUTES.map((route) => [new URL(route, `http://x${DEFAULT_PATH}`).pathname, relay]));
  const attributes = { 'backend-url': DEFAULT_PATH, 'ws-url': deriv.url, steps: 'document selfie address-proof' };
  site = await startPageServer({
    pages: { '/': elementPage({ script: 'module', attributes }) },
    relays,
    // Previews are object URLs of the chosen photos: the page allows blob: images, nothing else changes.
    csp: () => strictCsp([new URL(deriv.url).origin]).replace("img-src 'self' data:", "img-src 'self' data: blob:"),
  });
  basis.callback = { url: `${site.origin}/api/kyc/callback`, secret2: SECRET2 };
});

after(async () => {
  await Promise.all([browser?.close(), deriv?.close(), basis?.close(), site?.close()]);
});

interface Session {
  page: Page;
  context: BrowserContext;
  traffic: Traffic;
  problems: string[];
}

async function open(): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 900, height: 1300 } });
  await recordEvents(context);
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
  );
  const page = await context.newPage();
  const traffic = watchTraffic(page);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto(site.origin);
  await waitForEvent(page, 'countries-loaded');
  return { page, context, traffic, problems };
}

interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** A photo drawn in the page, `width` × `height`, as the camera or the picker would hand it over. */
async function photo(page: Page, width: number, height: number, type: 'image/jpeg' | 'image/png', name: string): Promise<FilePayload> {
  const base64 = await page.evaluate(
    async ([w, h, t]) => {
      const canvas = new OffscreenCanvas(w, h);
      const context = canvas.getContext('2d')!;
      const gradient = context.createLinearGradient(0, 0, w, h);
      gradient.addColorStop(0, '#356');
      gradient.addColorStop(1, '#fc9');
      context.fillStyle = gradient;
      context.fillRect(0, 0, w, h);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: t, quality: 0.9 })).arrayBuffer());
      let text = '';
      for (const byte of bytes) text += String.fromCharCode(byte);
      return btoa(text);
    },
    [width, height, type] as const,
  );
  return { name, mimeType: type, buffer: Buffer.from(base64, 'base64') };
}

const section = (page: Page, step: string) => page.locator(`kyc-signup [part="step"][data-step="${step}"]`);

async function choose(page: Page, input: string, file: FilePayload): Promise<void> {
  await page.locator(`kyc-signup input[name="${input}"]`).setInputFiles(file);
  await page.locator(`kyc-signup [part="preview"]`).filter({ has: page.locator(input === 'address_proof' ? '.file-name' : 'img') }).first().waitFor();
}

async function assertAccessible(page: Page, where: string): Promise<void> {
  assert.deepEqual(await seriousViolations(page), [], `axe, ${where}`);
}

/** Width and height of a baseline or progressive JPEG, from its SOF segment. */
function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  assert.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG');
  let at = 2;
  while (at < bytes.length) {
    const marker = bytes[at + 1]!;
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (marker >= 0xc0 && marker <= 0xc3) return { height: (bytes[at + 5]! << 8) | bytes[at + 6]!, width: (bytes[at + 7]! << 8) | bytes[at + 8]! };
    at += 2 + length;
  }
  throw new Error('no SOF segment');
}

const stepEvents = async (page: Page) => (await recordedEvents(page)).filter((e) => STEP_EVENTS.has(e.type));

/** sessionStorage: the journey (parsed) and whatever else is kept. */
const storage = (page: Page) =>
  page.evaluate(() => Object.fromEntries(Object.keys(sessionStorage).map((key) => [key, sessionStorage.getItem(key)!])));

async function signUp(page: Page, lastName: string): Promise<{ userHash: string; userId: string }> {
  await fillForm(page, { ...PERSON, last_name: lastName });
  await submitButton(page).click();
  const verified = (await waitForEvent(page, 'verified')) as { userHash: string; userId: string };
  await section(page, 'document').waitFor();
  return verified;
}

async function upload(page: Page, next: string, nth: number): Promise<void> {
  await page.locator('kyc-signup [part="step"] button[type="submit"]').click();
  await waitForEvent(page, 'step-change', nth, 20_000);
  await section(page, next).waitFor();
}

describe('the verification journey on a plain page', () => {
  test('signup, a two-sided document, a reload, selfie and proof of address, then the approved verdict', async () => {
    basis.reset();
    const journeyKey = `kyc-signup:journey:${site.origin}${DEFAULT_PATH}`;
    const { page, context, traffic, problems } = await open();
    try {
      const { userHash, userId } = await signUp(page, PERSON.last_name);
      await assertAccessible(page, 'document step');
      const offered = await page.locator('kyc-signup [name="document_type"] option').evaluateAll((options) =>
        options.map((o) => (o as HTMLOptionElement).value),
      );
      assert.ok(offered.includes('national_identity_card'), `Germany's documents: ${offered.join()}`);
      await page.locator('kyc-signup [name="document_type"]').selectOption('national_identity_card');
      await choose(page, 'document_front', await photo(page, 4000, 3000, 'image/jpeg', 'front.jpg'));
      await choose(page, 'document_back', await photo(page, 1200, 800, 'image/png', 'back.png'));
      await upload(page, 'selfie', 2);
      assert.deepEqual(
        (await stepEvents(page)).map((e) => [e.type, e.detail]),
        [
          ['verified', { userHash, userId }],
          ['step-change', { step: 'document' }],
          ['upload-complete', { step: 'document', side: 1 }],
          ['upload-complete', { step: 'document', side: 2 }],
          ['step-change', { step: 'selfie' }],
        ],
      );

      // A reload (phones reload when the camera opens) resumes at the selfie, without the form first.
      await page.reload();
      await section(page, 'selfie').waitFor();
      assert.equal(await page.locator('kyc-signup [name="first_name"]').count(), 0);
      const kept = await storage(page);
      const journey = JSON.parse(kept[journeyKey] ?? 'null');
      assert.deepEqual(Object.keys(journey).sort(), ['expiresAt', 'session', 'step']);
      assert.equal(journey.step, 'selfie');
      for (const [key, value] of Object.entries(kept)) {
        assert.ok(key === journeyKey || key.startsWith('kyc-signup:countries:'), `sessionStorage holds ${key}`);
        for (const typed of [PERSON.first_name, PERSON.last_name, PERSON.email, '9181234567']) assert.ok(!value.includes(typed), `${key} holds PII`);
      }
      await assertAccessible(page, 'selfie step');
      await choose(page, 'selfie', await photo(page, 2200, 3000, 'image/jpeg', 'selfie.jpg'));
      await upload(page, 'address-proof', 2);
      await assertAccessible(page, 'proof of address step');
      await choose(page, 'address_proof', { name: 'statement.pdf', mimeType: 'application/pdf', buffer: STATEMENT });
      await upload(page, 'done', 3);
      await waitForEvent(page, 'verification-status');
      await assertAccessible(page, 'checking');

      // What BASIS ID received: the session's user on each call, the document's sides, small JPEGs, the pdf as is.
      const received = basis.uploads.map((u) => [u.path, u.fields, u.status]);
      const who = { user_hash: userHash, check_id: userId };
      assert.deepEqual(received, [
        ['/auth/send-document', { ...who, step: '1' }, 200],
        ['/auth/send-document', { ...who, step: '2' }, 200],
        ['/auth/send-image', who, 200],
        ['/auth/send-statement', who, 200],
      ]);
      for (const { file } of basis.uploads.slice(0, 3)) {
        const { width, height } = jpegSize(file!.bytes);
        assert.ok(Math.max(width, height) <= 2000, `${width} × ${height}`);
      }
      assert.deepEqual(jpegSize(basis.uploads[0]!.file!.bytes), { width: 2000, height: 1500 });
      assert.deepEqual(Buffer.from(basis.uploads[3]!.file!.bytes), STATEMENT);

      // BASIS ID's verdict: its signed callback, then a replay that changes nothing.
      const callback = await basis.sendCallback(userHash);
      assert.deepEqual([callback.status, callback.text], [200, 'OK']);
      assert.equal((await basis.sendCallback(userHash)).status, 200);
      assert.ok(relayLog.some((entry) => entry.note === 'callback-replay'));
      await waitForEvent(page, 'verification-status', 2, 30_000);
      await page.locator('kyc-signup [data-step="done"] h2', { hasText: stepsEn['steps.verdict.approved.title'] }).waitFor();
      await assertAccessible(page, 'approved');
      assert.deepEqual(
        (await stepEvents(page)).map((e) => [e.type, e.detail]),
        [
          ['step-change', { step: 'selfie' }],
          ['upload-complete', { step: 'selfie', side: 1 }],
          ['step-change', { step: 'address-proof' }],
          ['upload-complete', { step: 'address-proof', side: 1 }],
          ['step-change', { step: 'done' }],
          ['verification-status', { status: 'pending', reasons: [] }],
          ['verification-status', { status: 'approved', reasons: [] }],
        ],
      );
      // The verdict is in: the journey is forgotten.
      assert.equal((await storage(page))[journeyKey], undefined);

      // No personal data in any URL the page requested.
      for (const url of traffic.requests) {
        for (const typed of [PERSON.first_name, PERSON.last_name, PERSON.email, '9181234567']) {
          assert.ok(!url.includes(typed) && !url.includes(encodeURIComponent(typed)), `${url} carries ${typed}`);
        }
      }
      assertLoopbackOnly(traffic);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('the last name Declined: a passport, selfie and statement, then the declined verdict and its reason', async () => {
    basis.reset();
    const { page, context, traffic, problems } = await open();
    try {
      const { userHash } = await signUp(page, 'Declined');
      await page.locator('kyc-signup [name="document_type"]').selectOption('passport');
      assert.equal(await page.locator('kyc-signup input[name="document_back"]').count(), 0, 'a passport has one side');
      await choose(page, 'document_front', await photo(page, 1600, 1200, 'image/jpeg', 'passport.jpg'));
      await upload(page, 'selfie', 2);
      await choose(page, 'selfie', await photo(page, 1200, 1600, 'image/png', 'selfie.png'));
      await upload(page, 'address-proof', 3);
      await choose(page, 'address_proof', { name: 'statement.pdf', mimeType: 'application/pdf', buffer: STATEMENT });
      await upload(page, 'done', 4);
      await waitForEvent(page, 'verification-status');
      assert.deepEqual((await basis.sendCallback(userHash)).status, 200);
      assert.deepEqual(await waitForEvent(page, 'verification-status', 2, 30_000), { status: 'declined', reasons: ['black_list'] });
      await page.locator('kyc-signup [data-step="done"] h2', { hasText: stepsEn['steps.verdict.declined.title'] }).waitFor();
      await assertAccessible(page, 'declined');
      assert.deepEqual(
        basis.uploads.map((u) => [u.path, u.fields.step ?? null]),
        [
          ['/auth/send-document', '1'],
          ['/auth/send-image', null],
          ['/auth/send-statement', null],
        ],
      );
      assertLoopbackOnly(traffic);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
