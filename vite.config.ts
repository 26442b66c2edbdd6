/**
 * `vite build`: the script-tag bundle, one self-contained file per format (lit and zod inlined).
 * `vite build --mode node`: the package entries (element, relay, bin, schema, React and Vue) as plain
 * ES modules with lit, zod, redis and react left as imports, so bundlers share them and Node resolves
 * lit's server build.
 */
import { defineConfig } from 'vite';

const browser = defineConfig({
  build: {
    target: 'es2021',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: true,
    lib: {
      entry: 'src/index.ts',
      name: 'KycSignup',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'kyc-signup.js' : 'kyc-signup.iife.js'),
    },
    // Library mode leaves ES output unminified by default; this is a script-tag bundle, so minify it.
    rolldownOptions: { output: { minify: true } },
  },
});

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
        'relay/bin': 'src/relay/bin.ts',
        schema: 'src/schema.ts',
        react: 'src/react.ts',
        'react-jsx': 'src/types/react-jsx.ts',
        vue: 'src/types/vue.ts',
      },
      external: [/^node:/, /^lit/, /^@lit\//, /^zod/, /^redis/, /^react/],
      output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});

export default defineConfig(({ mode }) => (mode === 'node' ? node : browser));
