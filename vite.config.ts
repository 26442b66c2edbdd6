/**
 * `vite build`: the script-tag ES module (lit and zod inlined; what not every page needs in chunks
 * beside it, loaded on demand); `vite build --mode iife`: the same as one self-contained classic
 * script. Both built lean the way Lit advises for production: html`` and css`` text minified, then terser
 * with private members (`__name`) mangled, and no dev-mode code (the `production` export
 * condition, vite's default for builds).
 * `vite build --mode node`: the package entries (element, relay, bin, schema, React and Vue) as plain
 * ES modules with lit, zod, redis and react left as imports, so bundlers share them and Node resolves
 * lit's server build.
 */
import { minifyHTMLLiterals } from 'minify-literals';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

/** The steps of the lean build; the bench turns each off in turn to show what it saves. */
export interface LeanSteps {
  /** Whitespace and comments out of html`` and css`` templates. */
  templates: boolean;
  /** terser (two passes) instead of vite's default minifier. */
  terser: boolean;
  /** Properties named `__x` (private by this project's convention) renamed by terser. */
  mangleMembers: boolean;
}

export const LEAN: Readonly<LeanSteps> = { templates: true, terser: true, mangleMembers: true };

/** Minifies the static text of html`` and css`` templates in our sources. */
function minifyTemplates(): Plugin {
  return {
    name: 'kyc-minify-templates',
    async transform(code, id) {
      if (id.includes('/node_modules/') || !/\.ts$/.test(id) || !/\b(html|css)`/.test(code)) return null;
      const result = await minifyHTMLLiterals(code, { fileName: id });
      // minify-literals types its map loosely (a string `version`); it is a v3 source map.
      return result && { code: result.code, map: result.map?.toString() ?? null };
    },
  };
}

export function scriptTagBuild(steps: LeanSteps = LEAN, format: 'es' | 'iife' = 'es'): UserConfig {
  return {
    plugins: steps.templates ? [minifyTemplates()] : [],
    build: {
      target: 'es2021',
      outDir: 'dist',
      // The ES build runs first and starts dist/ afresh.
      emptyOutDir: format === 'es',
      sourcemap: true,
      minify: steps.terser ? 'terser' : true,
      terserOptions: {
        module: true,
        ecma: 2020,
        compress: { passes: 2 },
        ...(steps.mangleMembers ? { mangle: { properties: { regex: /^__(?!zod)/ } } } : {}),
      },
      lib: {
        entry: 'src/index.ts',
        name: 'KycSignup',
        formats: [format],
        fileName: (format) => (format === 'es' ? 'kyc-signup.js' : 'kyc-signup.iife.js'),
      },
      // Library mode leaves ES output unminified by default; this is a script-tag bundle, so minify it.
      // A classic script cannot load chunks: the IIFE inlines everything.
      rolldownOptions: {
        // What the entry and the steps chunk share (lit, zod) stays in the entry, which then exports
        // it to the chunk: the entry alone still renders the form, with no common chunk to fetch.
        preserveEntrySignatures: 'allow-extension',
        output: { minify: !steps.terser, ...(format === 'iife' ? { codeSplitting: false } : { chunkFileNames: 'kyc-[name]-[hash].js' }) },
      },
    },
  };
}

const node = defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    ssr: true,
    minify: false,
    rollupOptions: {
      input: {
        index: 'src/index.ts',
        'relay/index': 'src/relay/index.ts',
        'relay/bin': 'src/relay/node/bin.ts',
        schema: 'src/schema-entry.ts',
        react: 'src/react.ts',
        'react-jsx': 'src/types/react-jsx.ts',
        vue: 'src/types/vue.ts',
      },
      external: [/^node:/, /^lit/, /^@lit\//, /^zod/, /^redis/, /^react/],
      output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});

export default defineConfig(({ mode }) => (mode === 'node' ? node : scriptTagBuild(LEAN, mode === 'iife' ? 'iife' : 'es')));
