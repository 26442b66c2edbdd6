/**
 * The packed package as a new user's project meets it: `npm pack`, unpacked into a temporary
 * project's node_modules beside only the dependencies it declares and the consumer's own
 * (React 19, Vue 3, @lit/react, Angular, Node's types). Then strict type checks with skipLibCheck off
 * (plain TS and React TSX with TypeScript 7, a Vue SFC with vue-tsc, an Angular component with
 * ngc and strict templates), the `kyc-signup/react`
 * component rendered by React in Chromium through a sandbox signup, and the relay bin without
 * the optional `redis`.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { startFakeDeriv } from '../../demo/services/fake-deriv.js';
import { createRelay, DEFAULT_PATH } from '../../src/relay/index.js';
import { launchChromium } from './helpers/browser.js';
import { fillForm, PERSON, submitButton } from './helpers/form.js';
import { startPageServer } from './helpers/page-server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sources = join(root, 'test/consumers');
const rootModules = join(root, 'node_modules');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** What the consumer installs besides kyc-signup. */
const CONSUMER_DEPS = [
  ...['react', 'react-dom', '@types/react', '@types/react-dom', '@lit/react', 'vue', '@types/node'],
  ...['@angular/core', '@angular/common', '@angular/platform-browser'],
];

let project: string;

const manifest = (name: string) => JSON.parse(readFileSync(join(rootModules, name, 'package.json'), 'utf8'));

/** The names a package needs installed: its dependencies and required peers, transitively (those hoisted to the root). */
function closure(names: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !existsSync(join(rootModules, name, 'package.json'))) return;
    seen.add(name);
    const { dependencies = {}, peerDependencies = {}, peerDependenciesMeta = {} } = manifest(name);
    const peers = Object.keys(peerDependencies).filter((peer) => !peerDependenciesMeta[peer]?.optional);
    for (const dep of [...Object.keys(dependencies), ...peers]) visit(dep);
  };
  names.forEach(visit);
  return seen;
}

before(() => {
  project = mkdtempSync(join(tmpdir(), 'kyc-consumer-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project], { cwd: root, encoding: 'utf8' }),
  )[0];
  const target = join(project, 'node_modules/kyc-signup');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', join(project, packed.filename), '-C', target, '--strip-components=1']);
  for (const name of closure([...Object.keys(pkg.dependencies), ...CONSUMER_DEPS])) {
    mkdirSync(dirname(join(project, 'node_modules', name)), { recursive: true });
    symlinkSync(join(rootModules, name), join(project, 'node_modules', name), 'dir');
  }
  cpSync(sources, project, { recursive: true, filter: (path) => !path.includes('node_modules') });
});

after(() => rmSync(project, { recursive: true, force: true }));

const compile = (command: string, args: string[]): SpawnSyncReturns<string> =>
  spawnSync(process.execPath, [command, ...args], { cwd: project, encoding: 'utf8' });

function typecheck(command: string, args: string[]): void {
  const run = compile(command, args);
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
}

test('the installed package holds no devDependency and names its optional peers', () => {
  const installed = join(project, 'node_modules');
  assert.ok(!existsSync(join(installed, '@deriv/api-types')), 'no @deriv/api-types for the types to lean on');
  assert.ok(!existsSync(join(installed, 'redis')), 'redis is not installed for a front-end user');
  const packed = JSON.parse(readFileSync(join(installed, 'kyc-signup/package.json'), 'utf8'));
  assert.deepEqual(Object.keys(packed.dependencies).sort(), ['lit', 'zod']);
  assert.equal(packed.optionalDependencies, undefined);
  for (const peer of ['redis', 'react', '@lit/react']) {
    assert.ok(packed.peerDependencies[peer], peer);
    assert.equal(packed.peerDependenciesMeta[peer]?.optional, true, `${peer} is optional`);
  }
});

test('strict TypeScript, React TSX and a server compile against the published types with skipLibCheck off', () => {
  const tsc = join(rootModules, 'typescript/bin/tsc');
  typecheck(tsc, ['-p', 'tsconfig.json']);
  typecheck(tsc, ['-p', 'tsconfig.server.json']);
});

test('a Vue SFC type-checks with vue-tsc against kyc-signup/vue', () => {
  // vue-tsc runs on TypeScript's JavaScript API (TypeScript 6, in test/consumers); TypeScript 7 has none.
  const runner = join(project, 'vue-tsc.cjs');
  const tscPath = join(sources, 'node_modules/typescript/lib/tsc.js');
  writeFileSync(runner, `require(${JSON.stringify(join(rootModules, 'vue-tsc'))}).run(${JSON.stringify(tscPath)});\n`);
  typecheck(runner, ['-p', 'tsconfig.vue.json']);
});

test('an Angular standalone component uses <kyc-signup> through CUSTOM_ELEMENTS_SCHEMA, compiled by ngc with strict templates', () => {
  // ngc, like vue-tsc, runs on TypeScript 6 (test/consumers): Angular wants TypeScript >=6.0 <6.1.
  const compilerCli = join(sources, 'node_modules/@angular/compiler-cli');
  const ngc = join(compilerCli, JSON.parse(readFileSync(join(compilerCli, 'package.json'), 'utf8')).bin.ngc);
  typecheck(ngc, ['-p', 'tsconfig.angular.json']);
  const emitted = readFileSync(join(project, 'out-angular/angular-signup.js'), 'utf8');
  assert.match(emitted, /ɵɵattribute\("backend-url", ctx\.backendUrl\)/);
  assert.match(emitted, /ɵɵdomListener\("verified", function [\w$]+\(\$event\) \{ return ctx\.onVerified\(\$event\); \}\)/);

  // The checks are real: a handler of the wrong type, and the element without the schema, are refused.
  const wrong = compile(ngc, ['-p', 'tsconfig.angular-mistakes.json']);
  const output = stripVTControlCharacters(`${wrong.stdout}${wrong.stderr}`);
  assert.equal(wrong.status, 1, output);
  assert.match(output, /angular-mistakes\.ts:\d+:\d+ - error TS2345: Argument of type 'CustomEvent<VerifiedDetail>' is not assignable to parameter of type 'number'/);
  assert.match(output, /angular-mistakes\.ts:\d+:\d+ - error NG8001: 'kyc-signup' is not a known element/);
});

test('the relay bin without the optional redis says to install it', () => {
  const bin = join(project, 'node_modules/kyc-signup', pkg.bin['kyc-relay']);
  const env = { ...process.env, KYC_SANDBOX: '1', KYC_REDIS_URL: 'redis://127.0.0.1:1', PORT: '0' };
  const run = spawnSync(process.execPath, [bin], { cwd: project, env, encoding: 'utf8', timeout: 10_000 });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /npm install redis/);
});

test('kyc-signup/react rendered by React 19 in Chromium calls onVerified after a sandbox signup', async () => {
  const output = await build({
    root: project,
    logLevel: 'warn',
    configFile: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      lib: { entry: join(project, 'render-react.ts'), formats: ['es'], fileName: 'app' },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : []));
  const app = chunks.find((chunk) => chunk.type === 'chunk' && chunk.isEntry);
  assert.ok(app && app.type === 'chunk');
  assert.doesNotMatch(app.code, /@deriv|redis/, 'the page bundle pulls in neither devDependencies nor server code');

  let browser: Browser | undefined;
  const deriv = await startFakeDeriv();
  const config = JSON.stringify({ backendUrl: DEFAULT_PATH, wsUrl: deriv.url });
  const site = await startPageServer({
    pages: {
      '/': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>React</title>
<script>window.kycConfig = ${config};</script></head>
<body><div id="root"></div><script type="module">${app.code.replace(/<\/script/gi, '<\\/script')}</script></body></html>`,
    },
    relays: { [DEFAULT_PATH]: createRelay({ sandbox: true, logger: () => {} }) },
  });
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(site.origin);
    await page.locator('kyc-signup [name="country_residence"] option[value="de"]').waitFor({ state: 'attached' });
    // Properties, not attributes: React never turned them into `minage` or "[object Object]".
    const element = await page.evaluate(() => {
      const el = document.querySelector('kyc-signup') as HTMLElement & { minAge?: number; values?: object };
      return { attributes: el.getAttributeNames(), minAge: el.minAge, values: el.values };
    });
    assert.deepEqual(element, { attributes: [], minAge: 18, values: { first_name: 'Anna' } });
    await fillForm(page, PERSON);
    await submitButton(page).click();
    const verified = () => (window as unknown as { verifiedDetails: Record<string, string>[] }).verifiedDetails;
    await page.waitForFunction(() => (window as unknown as { verifiedDetails: unknown[] }).verifiedDetails.length > 0, undefined, {
      timeout: 10_000,
    });
    const [detail] = await page.evaluate(verified);
    assert.deepEqual(Object.keys(detail!).sort(), ['userHash', 'userId']);
    assert.ok(detail!.userHash && detail!.userId);
    assert.deepEqual(problems, []);
  } finally {
    await browser?.close();
    await site.close();
    await deriv.close();
  }
});
