/**
 * The demo, as a function: vite serving `demo/index.html` (with `/src` compiled on the fly),
 * the relay mounted on the same server under `/api/kyc/` (base-check and the steps), and the local
 * Deriv WebSocket at `/deriv/websockets/v3` on that same port (beside vite's own HMR socket), so a
 * developer's own page can use both at fixed URLs. `npm start` (serve.ts) calls it with the
 * environment; the tests call it too.
 *
 * The relay runs inside vite's own HTTP server as middleware rather than behind vite's proxy:
 * the page then posts to its own origin, exactly as in the recommended production set-up
 * (the relay behind the page's origin), with no CORS and one port to know.
 */
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import {
  createNodeListener,
  createRateLimiter,
  createRelay,
  DEFAULT_PATH,
  HEALTH_PATH,
  readRelayConfig,
  redactUrl,
  relayOptionsOf,
  type RelayLogEntry,
} from '../src/relay/index.js';
import { startFakeDeriv, type FakeDerivServer } from './services/fake-deriv.js';
import { escapeAttr } from './services/escape-attr.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGE = '/demo/index.html';
/** The relay's routes: base-check and its siblings (the steps, status, callback). */
const RELAY_ROUTES = new URL('.', `http://demo.invalid${DEFAULT_PATH}`).pathname;
const DEFAULT_APP_ID = '1089';
export const DEMO_RATE_LIMIT = '30/60';
/** The demo signs up adults only: its page shows this rule and its relay enforces it. */
export const DEMO_MIN_AGE = '18';
/** Where the local Deriv WebSocket answers, on the page's own port. */
export const DERIV_PATH = '/deriv/websockets/v3';

type Env = Record<string, string | undefined>;
/** `source` is `demo`, `relay` or `deriv`. */
export type DemoLog = (source: 'demo' | 'relay' | 'deriv', line: string) => void;

export interface DemoOptions {
  /** Default 5173; 0 picks a free port. A taken port moves to the next free one. */
  port?: number;
  /** Default `127.0.0.1`: the demo is for this machine only. */
  host?: string;
  /** `DERIV_WS_URL`, `DERIV_APP_ID`, `BASISID_API_KEY` and the relay's variables (`KYC_MIN_AGE` defaults to 18 here). Default `process.env`. */
  env?: Env;
  /** Default: silent. */
  log?: DemoLog;
}

export interface Demo {
  /** The page. */
  url: string;
  /** The socket the page uses (the local fake, or the live endpoint). */
  derivUrl: string;
  /** The relay's absolute URL, for a page on another origin. */
  backendUrl: string;
  /** Other origins the relay answers (`KYC_ALLOWED_ORIGINS`). */
  allowedOrigins: readonly string[];
  /** Deriv `app_id` the page uses. */
  appId: string;
  /** The local Deriv server, when the page uses it (not with `DERIV_WS_URL`). */
  deriv: FakeDerivServer | undefined;
  /** `sandbox` (the built-in simulator) or the live upstream URL, as it may be printed. */
  relayMode: string;
  /** The relay's limit per client, e.g. `30 requests per 60 s`, or `off`. */
  rateLimit: string;
  vite: ViteDevServer;
  /** Stops vite, the relay and the local Deriv server. */
  close(): Promise<void>;
}


/** Readable relay log lines: method, path, status, time and the fixed note (the relay never logs PII). */
export function formatRelayEntry(entry: RelayLogEntry): string {
  // The one refusal a developer pointing their own page at the demo meets: say how to lift it.
  const hint = entry.note === 'origin-denied' ? ': a page on another origin; list it in KYC_ALLOWED_ORIGINS' : '';
  return `${entry.method} ${entry.path} → ${entry.status} in ${entry.durationMs} ms${entry.note ? ` (${entry.note}${hint})` : ''}`;
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const env = options.env ?? process.env;
  const log: DemoLog = options.log ?? (() => {});
  const host = options.host ?? '127.0.0.1';

  // The relay's own configuration rules (and messages); without a key it is the sandbox.
  const liveKey = env.BASISID_API_KEY?.trim();
  const config = readRelayConfig({
    ...env,
    KYC_SANDBOX: liveKey ? env.KYC_SANDBOX : '1',
    // Someone trying the demo submits often: a looser limit than the relay's 5 a minute, unless set.
    KYC_RATE_LIMIT: env.KYC_RATE_LIMIT ?? DEMO_RATE_LIMIT,
    KYC_MIN_AGE: env.KYC_MIN_AGE ?? DEMO_MIN_AGE,
  });
  const relay = createRelay({
    ...relayOptionsOf(config),
    rateLimiter: config.rateLimit && createRateLimiter(config.rateLimit),
    logger: (entry) => log('relay', formatRelayEntry(entry)),
  });
  const relayListener = createNodeListener(relay, { trustProxy: config.trustProxy });
  // The element states the rules its relay enforces, from the same configuration.
  const pageRules =
    (config.minAge !== undefined ? ` min-age="${config.minAge}"` : '') +
    (config.requiredFields ? ` required-fields="${config.requiredFields.join(' ')}"` : '');
  const relayMode = config.sandbox ? 'sandbox' : redactUrl(config.upstreamUrl);

  const liveDeriv = env.DERIV_WS_URL?.trim() || undefined;
  const appId = env.DERIV_APP_ID?.trim() || DEFAULT_APP_ID;
  // Known once vite listens: the local server then shares its port.
  let derivUrl = liveDeriv ?? '';

  const plugin: Plugin = {
    name: 'kyc-signup-demo',
    configureServer(server) {
      // Before vite's own middlewares: the relay's routes, and `/` as the demo page.
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        const path = (req.url ?? '/').split('?')[0];
        if (path.startsWith(RELAY_ROUTES) || path === HEALTH_PATH) return relayListener(req, res);
        if (path === '/' || path === '/index.html') {
          req.url = PAGE + (req.url?.slice(path.length) ?? '');
          log('demo', `page requested (${req.method} ${path})`);
        }
        next();
      });
    },
    // The page learns its endpoints only through the element's attributes, as an integrator's would.
    transformIndexHtml(html) {
      return html
        .replace('<kyc-signup', `<kyc-signup ws-url="${escapeAttr(derivUrl)}" app-id="${escapeAttr(appId)}"${pageRules}`)
        .replace('<body', `<body data-deriv="${liveDeriv ? 'live' : 'local'}" data-relay="${config.sandbox ? 'sandbox' : 'live'}"`);
    },
  };

  const vite = await createServer({
    configFile: false,
    envDir: false,
    root: ROOT,
    appType: 'mpa',
    logLevel: 'warn',
    clearScreen: false,
    plugins: [plugin],
    optimizeDeps: { entries: [PAGE.slice(1)] },
    // cors off: vite's default would answer any localhost origin before the relay judges it.
    server: { host, port: options.port ?? 5173, strictPort: false, cors: false },
  });
  await vite.listen();
  const address = vite.httpServer!.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/`;
  const deriv = liveDeriv
    ? undefined
    : await startFakeDeriv({ server: vite.httpServer as Server, path: DERIV_PATH, log: (line) => log('deriv', line) });
  derivUrl = liveDeriv ?? deriv!.url;

  return {
    url,
    derivUrl,
    backendUrl: new URL(DEFAULT_PATH, url).href,
    allowedOrigins: config.allowedOrigins,
    appId,
    deriv,
    relayMode,
    rateLimit: config.rateLimit ? `${config.rateLimit.limit} requests per ${config.rateLimit.windowMs / 1000} s` : 'off',
    vite,
    async close() {
      await deriv?.close();
      await vite.close();
    },
  };
}
