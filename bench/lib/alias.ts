/**
 * `node --import tsx --import ./bench/lib/alias.ts ...` with `BENCH_ALIASES` set to a JSON object
 * `{ "<specifier or path suffix>": "<file URL>" }`: swaps modules while a test suite runs, so a
 * bundle variant's replacement module can be checked against the project's own tests.
 */
import { register } from 'node:module';

const HOOK = `
let aliases = {};
export function initialize(data) { aliases = data; }
export async function resolve(specifier, context, next) {
  if (aliases[specifier]) return next(aliases[specifier], context);
  const resolved = await next(specifier, context);
  for (const [suffix, url] of Object.entries(aliases)) {
    if (suffix.startsWith('/') && resolved.url.replace(/\\.js$/, '.ts').endsWith(suffix)) return next(url, context);
  }
  return resolved;
}`;

register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { data: JSON.parse(process.env.BENCH_ALIASES ?? '{}') });
