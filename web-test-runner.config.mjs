// Browser tests: real headless Debian Chromium, TypeScript through esbuild, msw's worker served at "/".
import { readFile } from 'node:fs/promises';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const mswWorker = new URL('./node_modules/msw/lib/mockServiceWorker.js', import.meta.url);

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: a test page in a background tab loses focus events and animation frames.
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  middleware: [
    async (ctx, next) => {
      if (ctx.path !== '/mockServiceWorker.js') return next();
      ctx.type = 'application/javascript';
      ctx.body = await readFile(mswWorker, 'utf8');
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-dev-shm-usage',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--disable-sync',
          '--disable-quic',
        ],
      },
    }),
  ],
};
