/**
 * Bundle figures: sizes of the built script-tag bundles, what their bytes are made of (read off
 * the source maps), what each zod feature costs, and variant builds that measure concrete cuts
 * (the sources are never changed: variants rewrite modules in memory while building).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { LEAN, type LeanSteps } from '../vite.config.js';
import { buildBundle, DIST_FILES, ROOT, type BuiltBundle, type Rewrite } from './lib/build.js';
import { declarationsByLine, spans, type SourceMap } from './lib/sourcemap.js';
import { kb, pct, table, verdict } from './lib/stats.js';

export const GOAL_GZIP = 20 * 1024;

const gzip = (text: string): number => gzipSync(Buffer.from(text), { level: 9 }).length;
const brotli = (text: string): number =>
  brotliCompressSync(Buffer.from(text), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const bytes = (text: string): number => Buffer.byteLength(text);

export interface FileSize {
  file: string;
  /** What the file is for a page: the first load, a chunk loaded on demand, or the classic script. */
  role: string;
  min: number;
  gzip: number;
  brotli: number;
}

export interface Part {
  name: string;
  min: number;
  /** gzip of this part's bytes alone (parts do not add up to the whole: gzip shares context). */
  gzip: number;
}

export interface Variant {
  name: string;
  change: string;
  min: number;
  gzip: number;
  /** gzip bytes more (+) or fewer (−) than the in-memory baseline build of the current sources. */
  delta: number;
}

export interface BundleReport {
  files: FileSize[];
  parts: Part[];
  bySource: Part[];
  zodByDeclaration: Part[];
  zodFeatures: Array<{ feature: string; min: number; gzip: number }>;
  variants: Variant[];
}

/** Which part of the product a source file is. */
function category(source: string): string {
  if (source === '(unmapped)') return 'unmapped (bundler glue)';
  if (/node_modules\/(lit|lit-html|lit-element|@lit)\//.test(source)) return 'lit';
  if (/node_modules\/zod\//.test(source)) return 'zod';
  if (/src\/i18n\/(?!index)/.test(source)) return 'ours: i18n tables';
  if (/src\/kyc-signup\.styles\.ts$/.test(source)) return 'ours: CSS';
  return 'ours: the rest';
}

/** What the chunks that are not a language table hold, by the name vite gives them. */
const CHUNK_ROLES: Record<string, string> = { tin: 'tax ID checker', steps: 'verification steps' };

const shortName = (source: string): string => source.replace(/^(\.\.\/)+/, '').replace(/^node_modules\//, '');

/** Splits a bundle's bytes by source file, by category and (for zod) by top-level declaration. */
export function attribute(bundle: BuiltBundle): { parts: Part[]; bySource: Part[]; zodByDeclaration: Part[] } {
  const map = bundle.map as SourceMap;
  const bySource = new Map<string, string[]>();
  const zod = new Map<string, string[]>();
  const declarations = new Map<number, string[]>();
  const push = (into: Map<string, string[]>, key: string, text: string) => (into.get(key) ?? into.set(key, []).get(key)!).push(text);
  for (const span of spans(bundle.code, map)) {
    const text = bundle.code.slice(span.start, span.end);
    const source = span.source < 0 ? '(unmapped)' : map.sources[span.source]!;
    push(bySource, source, text);
    if (span.source >= 0 && source.includes('node_modules/zod/')) {
      let names = declarations.get(span.source);
      if (!names) declarations.set(span.source, (names = declarationsByLine(map.sourcesContent?.[span.source] ?? '')));
      push(zod, `${source.split('/').pop()}: ${names[span.line] ?? '?'}`, text);
    }
  }
  const toParts = (groups: Map<string, string[]>, name: (key: string) => string = (k) => k): Part[] =>
    [...groups]
      .map(([key, texts]) => ({ name: name(key), min: bytes(texts.join('')), gzip: gzip(texts.join('')) }))
      .sort((a, b) => b.min - a.min);
  const byCategory = new Map<string, string[]>();
  for (const [source, texts] of bySource) push(byCategory, category(source), texts.join(''));
  return { parts: toParts(byCategory), bySource: toParts(bySource, shortName), zodByDeclaration: toParts(zod) };
}

// ---- zod features, each built alone on top of the smallest schema ----

const ZOD_FEATURES: Record<string, string> = {
  'object + string (base)': '',
  optional: 'z.optional(z.string())',
  nullable: 'z.nullable(z.string())',
  literal: 'z.literal([0, 1])',
  union: 'z.union([z.string(), z.number()])',
  record: 'z.record(z.string(), z.string())',
  catch: "z.catch(z.string(), '')",
  array: 'z.array(z.string())',
  number: 'z.number()',
  email: 'z.string().check(z.email())',
  regex: 'z.string().check(z.regex(/a/))',
  'minLength + maxLength': 'z.string().check(z.minLength(1), z.maxLength(2))',
  'trim + toUpperCase + overwrite': 'z.string().check(z.trim(), z.toUpperCase(), z.overwrite((v) => v))',
  refine: 'z.string().check(z.refine((v) => v !== ""))',
  superRefine: 'z.string().check(z.superRefine(() => {}))',
  'all of the above together': '',
};

async function zodFeatures(): Promise<BundleReport['zodFeatures']> {
  const used = Object.values(ZOD_FEATURES).filter(Boolean);
  const probe = (members: string[]) =>
    `import * as z from 'zod/mini'; z.config({ jitless: true });
     export const s = z.object({ a: z.string()${members.map((m, i) => `, m${i}: ${m}`).join('')} });
     export const check = (x) => s.safeParse(x).success;`;
  const out: BundleReport['zodFeatures'] = [];
  for (const [feature, member] of Object.entries(ZOD_FEATURES)) {
    const built = await buildBundle([], probe(feature.startsWith('all') ? used : member ? [member] : []));
    out.push({ feature, min: bytes(built.code), gzip: gzip(built.code) });
  }
  return out;
}

// ---- variants: module rewrites ----

const file = (path: string): string => join(ROOT, path);

/**
 * Every on-demand `import()` of the element's sources made to fail: the entry without what it
 * carries for its chunks. rolldown keeps each module shared with a chunk in the entry, with every
 * export the chunk uses (zod's schemas module is one module), so this shows what the chunks cost
 * the first load.
 */
const withoutChunks: Rewrite = (id, code) =>
  id.includes('/src/') && !id.includes('/src/relay/') && /\bimport\(/.test(code)
    ? code.replace(/\bimport\((['"])[^'"]+\1\)/g, 'Promise.reject(new Error())')
    : null;

export async function measureBundle(options: { variants?: boolean } = {}): Promise<BundleReport> {
  // Chunks beside the bundle, loaded on demand (language tables are named kyc-<lang>-<hash>.js).
  const chunks = readdirSync(file('dist'))
    .filter((name) => /^kyc-(?!signup\.)[\w-]+\.js$/.test(name))
    .sort()
    .map((name) => `dist/${name}`);
  const roleOf = (path: string): string =>
    path === DIST_FILES[0]
      ? 'first load (ES module, English)'
      : path === DIST_FILES[1]
        ? 'classic script, everything inside'
        : `on demand: ${/kyc-([a-z]{2})-/.exec(path)?.[1] ?? CHUNK_ROLES[/kyc-([a-z]+)-/.exec(path)?.[1] ?? ''] ?? path.slice(9, -3)}`;
  const files = [DIST_FILES[0], ...chunks, DIST_FILES[1]].map((path) => {
    const code = readFileSync(file(path), 'utf8');
    return { file: path.replace(/-[\w-]{8}\.js$/, '-*.js'), role: roleOf(path), min: bytes(code), gzip: gzip(code), brotli: brotli(code) };
  });
  const es = { code: readFileSync(file(DIST_FILES[0]), 'utf8'), map: JSON.parse(readFileSync(file(`${DIST_FILES[0]}.map`), 'utf8')) };
  const { parts, bySource, zodByDeclaration } = attribute(es);
  const report: BundleReport = { files, parts, bySource, zodByDeclaration, zodFeatures: [], variants: [] };
  if (options.variants === false) return report;

  report.zodFeatures = await zodFeatures();
  const without = (step: keyof LeanSteps): LeanSteps => ({ ...LEAN, [step]: false });
  const definitions: Array<{ name: string; change: string; rewrites?: Rewrite[]; steps?: LeanSteps }> = [
    { name: 'baseline', change: 'the current sources and build (what dist/ holds)' },
    // The lean build's steps, each turned off alone: what that step saves.
    { name: 'no template minification', change: 'html`` and css`` text left as written', steps: without('templates') },
    { name: 'no terser', change: "vite's default minifier instead of terser (2 passes)", steps: without('terser') },
    { name: 'no member mangling', change: 'private `__name` members keep their names', steps: without('mangleMembers') },
    { name: 'none of the lean steps', change: 'the build before this work: default minifier, templates as written', steps: { templates: false, terser: false, mangleMembers: false } },
    // What the on-demand chunks cost the first load (a guard against the entry carrying their parts).
    { name: 'no chunks', change: 'every on-demand import() fails: what the entry carries only for its chunks (steps, tax ID checker, languages)', rewrites: [withoutChunks] },
  ];
  let baseline = NaN;
  for (const { name, change, rewrites = [], steps } of definitions) {
    const built = await buildBundle(rewrites, undefined, steps);
    const size = gzip(built.code);
    if (name === 'baseline') baseline = size;
    report.variants.push({
      name,
      change,
      min: bytes(built.code),
      gzip: size,
      delta: size - baseline,
    });
  }
  return report;
}

export function printBundle(report: BundleReport): string {
  const total = report.parts.reduce((a, p) => a + p.min, 0);
  const lines: string[] = [];
  lines.push('Bundle size (minified; gzip -9 and brotli 11 via node:zlib). The goal is for the first load');
  lines.push(
    table(
      ['file', 'what', 'min', 'gzip', 'brotli', 'goal', 'met?'],
      report.files.map((f, i) => [
        f.file,
        f.role,
        kb(f.min),
        kb(f.gzip),
        kb(f.brotli),
        i === 0 ? `≤ ${kb(GOAL_GZIP)} gzip` : '–',
        i === 0 ? verdict(f.gzip <= GOAL_GZIP) : '–',
      ]),
    ),
  );
  lines.push('', 'What dist/kyc-signup.js is made of (bytes attributed through its source map)');
  lines.push(table(['part', 'min', 'share', 'gzip alone'], report.parts.map((p) => [p.name, kb(p.min), pct(p.min, total), kb(p.gzip)])));
  lines.push('', 'Top contributors (source files)');
  lines.push(table(['source', 'min', 'share', 'gzip alone'], report.bySource.slice(0, 14).map((p) => [p.name, kb(p.min), pct(p.min, total), kb(p.gzip)])));
  lines.push('', 'Top zod declarations');
  lines.push(table(['zod module: declaration', 'min', 'gzip alone'], report.zodByDeclaration.slice(0, 8).map((p) => [p.name, kb(p.min), kb(p.gzip)])));
  if (report.zodFeatures.length) {
    const base = report.zodFeatures[0]!;
    lines.push('', 'What each zod/mini feature adds (each built alone on z.object({a: z.string()}) + safeParse, jitless)');
    lines.push(
      table(
        ['feature', 'min', 'gzip', '+min', '+gzip'],
        report.zodFeatures.map((f, i) => [
          f.feature,
          kb(f.min),
          kb(f.gzip),
          i === 0 ? '–' : `+${kb(f.min - base.min)}`,
          i === 0 ? '–' : `+${kb(f.gzip - base.gzip)}`,
        ]),
      ),
    );
  }
  if (report.variants.length) {
    lines.push('', 'Build steps and cuts measured (ES bundle built in memory with vite.config.ts; the sources are not changed). A step turned off shows +what it saves; a cut not made shows −what it would save');
    lines.push(
      table(
        ['variant', 'min', 'gzip', 'gzip vs baseline', 'goal ≤ 20 KB'],
        report.variants.map((v) => [
          v.name,
          kb(v.min),
          kb(v.gzip),
          v.name === 'baseline' ? '–' : `${v.delta >= 0 ? '+' : '−'}${kb(Math.abs(v.delta))}`,
          verdict(v.gzip <= GOAL_GZIP),
        ]),
      ),
    );
    lines.push(...report.variants.map((v) => `  ${v.name}: ${v.change}`));
  }
  return lines.join('\n');
}

// `node --import tsx bench/bundle.ts`: this section alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { ensureDist } = await import('./lib/build.js');
  ensureDist();
  console.log(printBundle(await measureBundle()));
}
