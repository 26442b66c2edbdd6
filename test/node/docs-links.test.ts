/**
 * README.md and docs/*.md work from a clone and from the npm page (which resolves relative
 * links against package.json's `repository`): every relative link and image names a file
 * in this repository, and nothing points outside it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Markdown `[text](target)` / `![alt](target)` and HTML `src=` / `href=` targets, code spans and blocks left out. */
function targets(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const found = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  found.push(...[...prose.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]!));
  return found;
}

const isRelative = (target: string) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#') && !target.startsWith('//');

test('the pages have links to check, and the README points at the reference', () => {
  assert.ok(pages.includes('docs/reference.md'));
  assert.ok(targets(readFileSync(join(root, 'README.md'), 'utf8')).includes('docs/reference.md'));
});

for (const page of pages) {
  test(`${page}: every relative link and image is a file in the repository`, () => {
    const text = readFileSync(join(root, page), 'utf8');
    assert.doesNotMatch(text, /\.\.\/shared\b/, 'no reference to a folder outside the repository');
    for (const target of targets(text).filter(isRelative)) {
      const path = resolve(root, dirname(page), decodeURI(target.split('#')[0]!));
      const inside = relative(root, path);
      assert.ok(inside && !inside.startsWith('..'), `${target} stays inside the repository`);
      assert.ok(!/^(node_modules|dist)\b/.test(inside), `${target} is a repository file, not a build or install output`);
      assert.ok(existsSync(path), `${target} exists`);
    }
  });
}

test('package.json names the repository the npm page resolves relative links against', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(pkg.repository.url, 'git+https://github.com/kyc-signup/kyc-signup.git');
  assert.equal(pkg.homepage, 'https://github.com/kyc-signup/kyc-signup#readme');
  assert.equal(pkg.bugs.url, 'https://github.com/kyc-signup/kyc-signup/issues');
});
