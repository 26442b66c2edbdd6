/**
 * What `npm run build` ships, checked as a user of the package meets it: the files, the
 * Custom Elements Manifest, the `exports` map, a server-side import, and the `kyc-relay` bin.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const file = (path: string) => new URL(path.replace(/^\.\//, ''), root);

test('the script-tag bundles are single minified files with lit and zod inlined', () => {
  for (const name of ['dist/kyc-signup.js', 'dist/kyc-signup.iife.js']) {
    const code = readFileSync(file(name), 'utf8');
    assert.doesNotMatch(code, /^\s*import\s/m, `${name} imports nothing`);
    assert.doesNotMatch(code, /from\s*["'](lit|zod)/, `${name} inlines lit and zod`);
    assert.match(code, /customElements\.define\(/, `${name} registers the element`);
    // Template literals keep their newlines; everything else is on long lines.
    assert.ok(code.length / code.split('\n').length > 150, `${name} is minified`);
    assert.doesNotMatch(code, /^\/\/ (node_modules|src)\//m, `${name} has no per-module comments`);
    assert.ok(gzipSync(code).length > 5_000, `${name} is the real bundle`);
  }
});

test('every export in package.json points at a built file', () => {
  for (const [entry, target] of Object.entries(pkg.exports as Record<string, string | Record<string, string>>)) {
    for (const path of typeof target === 'string' ? [target] : Object.values(target)) {
      assert.ok(existsSync(file(path)), `${entry} → ${path}`);
    }
  }
  assert.ok(existsSync(file(pkg.bin['kyc-relay'])), 'the kyc-relay bin');
  assert.ok(existsSync(file(pkg.customElements)), 'the manifest named by customElements');
});

test('custom-elements.json describes the public contract', () => {
  const manifest = JSON.parse(readFileSync(file(pkg.customElements), 'utf8'));
  const element = manifest.modules
    .flatMap((m: { declarations?: unknown[] }) => m.declarations ?? [])
    .find((d: { tagName?: string }) => d.tagName === 'kyc-signup');
  assert.ok(element, 'the element is declared with its tag name');
  const names = (list: { name: string }[] | undefined) => (list ?? []).map((item) => item.name).sort();
  assert.deepEqual(names(element.attributes), [
    'app-id',
    'backend-url',
    'fields',
    'lang',
    'min-age',
    'ping-interval',
    'required-fields',
    'residence',
    'steps',
    'ws-url',
  ]);
  assert.deepEqual(names(element.events), [
    'countries-error',
    'countries-loaded',
    'country-change',
    'step-change',
    'upload-complete',
    'verification-failed',
    'verification-status',
    'verified',
  ]);
  assert.deepEqual(names(element.cssParts), [
    'alert',
    'dropzone',
    'error',
    'field',
    'form',
    'input',
    'label',
    'preview',
    'progress',
    'step',
    'submit',
  ]);
  const properties = names(element.cssProperties);
  assert.ok(properties.length >= 10 && properties.every((p: string) => p.startsWith('--kyc-')), properties.join());
  const members = names(element.members);
  for (const member of ['backendUrl', 'countries', 'messages', 'steps', 'values']) assert.ok(members.includes(member), member);
  assert.ok(!members.some((m: string) => m.startsWith('_')), 'no internal state in the public API');
});

test('the package entries import on a server without a DOM', () => {
  const script = `
    const element = await import('kyc-signup');
    const relay = await import('kyc-signup/relay');
    const schema = await import('kyc-signup/schema');
    console.log(JSON.stringify({
      element: typeof element.KycSignup,
      relay: typeof relay.createRelay,
      schema: schema.checkBaseCheck({}).ok,
      window: typeof window,
    }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout.trim().split('\n').pop()!), {
    element: 'function',
    relay: 'function',
    schema: false,
    window: 'undefined',
  });
});

test('the built kyc-relay bin refuses to start without a key', () => {
  const env = { ...process.env, BASISID_API_KEY: '', KYC_SANDBOX: '' };
  const run = spawnSync(process.execPath, [pkg.bin['kyc-relay']], { cwd: root, env, encoding: 'utf8', timeout: 10_000 });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /BASISID_API_KEY/);
});

test('declarations type the element and its events for TypeScript users', () => {
  const index = readFileSync(file(pkg.types), 'utf8');
  assert.match(index, /KycSignup/);
  const events = readFileSync(file('dist/types/events.d.ts'), 'utf8');
  assert.match(events, /interface HTMLElementEventMap extends KycSignupEventMap/);
  const element = readFileSync(file('dist/types/element/kyc-signup.d.ts'), 'utf8');
  assert.match(element, /'kyc-signup': KycSignup/);
});
