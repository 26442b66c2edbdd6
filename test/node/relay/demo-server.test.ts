/** The demo's relay enforces the rules its page shows: one configuration feeds both. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, type Demo } from '../../../demo/server.js';
import { VALID } from '../helpers/relay.js';

describe('demo: page and relay agree', () => {
  let demo: Demo;
  before(async () => {
    demo = await startDemo({ port: 0, env: { KYC_REQUIRED_FIELDS: 'city' } });
  });
  after(() => demo?.close());

  const check = async (form: Record<string, string>) => {
    const response = await fetch(new URL('/api/kyc/base-check', demo.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(form) });
    return { status: response.status, body: (await response.json()) as { errors?: string[] } };
  };

  it('the page`s element states min-age 18 and the configured required fields', async () => {
    const html = await (await fetch(demo.url)).text();
    assert.match(html, /<kyc-signup [^>]*min-age="18"/);
    assert.match(html, /<kyc-signup [^>]*required-fields="city"/);
  });

  it('its relay refuses a hand-made request from a child, or without a required field', async () => {
    const child = await check({ ...VALID, birthday_year: String(new Date().getFullYear() - 12), city: 'Berlin' });
    assert.deepEqual([child.status, child.body.errors], [422, ['too_young:birthday_year']]);
    const cityless = await check(VALID);
    assert.deepEqual([cityless.status, cityless.body.errors], [422, ['empty:city']]);
  });

  it('every relay route is served on the demo`s origin: a verified sandbox person`s session opens the steps', async () => {
    const verified = await fetch(new URL('/api/kyc/base-check', demo.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...VALID, city: 'Berlin' }) });
    const { session } = (await verified.json()) as { session: string };
    const status = await fetch(new URL('/api/kyc/status', demo.url), { headers: { Authorization: `Bearer ${session}` } });
    assert.deepEqual(await status.json(), { status: 'ok', verdict: 'pending', reasons: [] });
    for (const route of ['document', 'selfie', 'address-proof']) {
      const refused = await fetch(new URL(`/api/kyc/${route}`, demo.url), { method: 'POST', body: new FormData() });
      assert.deepEqual([route, refused.status, await refused.json()], [route, 401, { status: 'error', errors: ['request:session'] }]);
    }
    // The sandbox takes its own signed callbacks; a forged one is refused.
    const forged = await fetch(new URL('/api/kyc/callback', demo.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"user_hash":"x","signature":"y"}' });
    assert.equal(forged.status, 401);
  });
});
