/**
 * dist/ for the bench and the soak (built when missing or older than its sources), and
 * in-memory variant builds of the script-tag bundle with the project's own vite config,
 * for measuring what a change to the sources would save without touching them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { LEAN, scriptTagBuild, type LeanSteps } from '../../vite.config.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST_FILES = ['dist/kyc-signup.js', 'dist/kyc-signup.iife.js'] as const;

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Why dist/ must be (re)built, or null when it is up to date. */
export function distStale(): string | null {
  const outputs = [...DIST_FILES, ...DIST_FILES.map((f) => `${f}.map`), 'dist/relay/index.js'].map((f) => join(ROOT, f));
  const missing = outputs.find((f) => !existsSync(f));
  if (missing) return `${missing.slice(ROOT.length)} is missing`;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const inputs = ['src', 'vite.config.ts', 'package.json'].map((f) => join(ROOT, f));
  const newer = inputs.find((f) => newestMtime(f) > built);
  return newer ? `${newer.slice(ROOT.length)} changed since the last build` : null;
}

/** Runs `npm run build` when dist/ is missing or stale. */
export function ensureDist(log: (line: string) => void = (line) => console.error(line)): void {
  const why = distStale();
  if (!why) return;
  log(`building dist/ (${why}) ...`);
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed (${result.status}):\n${result.stdout}`);
}

export interface BuiltBundle {
  code: string;
  map: { sources: string[]; sourcesContent?: (string | null)[]; mappings: string };
}

/** Rewrites a module's source before it is compiled: `id` is the absolute path. */
export type Rewrite = (id: string, code: string) => string | null;

/**
 * Builds the ES script-tag bundle in memory with the project's script-tag build (with some of its
 * lean steps off, to measure each) plus `rewrites`, optionally from another entry (a virtual
 * module given as source).
 */
export async function buildBundle(
  rewrites: readonly Rewrite[] = [],
  entrySource?: string,
  steps: LeanSteps = LEAN,
): Promise<BuiltBundle> {
  const { build } = await import('vite');
  const config = scriptTagBuild(steps);
  const lib = config.build?.lib;
  if (!lib) throw new Error('vite.config.ts has no build.lib: the bench expects the script-tag bundle there');
  // A file that does not exist: this plugin answers for it (vite resolves lib entries as paths).
  const ENTRY = join(ROOT, 'bench', '.probe-entry.ts');
  const plugin: Plugin = {
    name: 'bench-variant',
    enforce: 'pre',
    resolveId: (id) => (entrySource !== undefined && id.endsWith('.probe-entry.ts') ? ENTRY : null),
    load: (id) => (id === ENTRY ? (entrySource ?? '') : null),
    transform(code, id) {
      if (id.includes('node_modules') || id === ENTRY) return null;
      let out: string | null = null;
      for (const rewrite of rewrites) out = rewrite(id, out ?? code) ?? out;
      return out === null ? null : { code: out, map: null };
    },
  };
  const output = await build({
    ...config,
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    plugins: [plugin, ...(config.plugins ?? [])],
    build: {
      ...config.build,
      write: false,
      sourcemap: true,
      lib: { ...lib, ...(entrySource !== undefined ? { entry: ENTRY } : {}), formats: ['es'] },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as Array<{
    output: Array<{ type: string; fileName: string; isEntry?: boolean; code?: string; map?: unknown }>;
  }>;
  // The entry: what a page loads first (chunks loaded on demand are measured apart).
  const chunk = outputs.flatMap((o) => o.output).find((c) => c.type === 'chunk' && c.isEntry && c.code !== undefined);
  if (!chunk?.code || !chunk.map) throw new Error('the variant build produced no chunk with a source map');
  return { code: chunk.code, map: chunk.map as BuiltBundle['map'] };
}
