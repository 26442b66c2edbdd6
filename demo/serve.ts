/**
 * `npm start`: the demo page, the relay (sandbox unless BASISID_API_KEY is set) and a local
 * Deriv WebSocket (unless DERIV_WS_URL is set), in this one process. Ctrl-C stops it all.
 *
 *   PORT=5173  DERIV_WS_URL=wss://ws.derivws.com/websockets/v3  DERIV_APP_ID=1089
 *   BASISID_API_KEY=...  (and the relay's KYC_ALLOWED_ORIGINS, BASISID_URL, KYC_TIMEOUT_MS, KYC_RATE_LIMIT, ...)
 */
import { ConfigError } from '../src/relay/index.js';
import { startDemo, type DemoLog } from './server.js';

const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const TAGS = { demo: 36, relay: 35, deriv: 33 } as const;

const log: DemoLog = (source, line) => {
  const time = new Date().toTimeString().slice(0, 8);
  const tag = `[${source}]`.padEnd(7);
  console.log(`${time} ${colour ? `\x1b[${TAGS[source]}m${tag}\x1b[0m` : tag} ${line}`);
};

function port(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 5173;
  const value = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!(value >= 0 && value <= 65_535)) {
    console.error(`npm start: PORT=${JSON.stringify(raw)} must be a whole number from 0 to 65535`);
    process.exit(1);
  }
  return value;
}

async function main(): Promise<void> {
  const demo = await startDemo({ port: port(process.env.PORT), log }).catch((error: unknown) => {
    console.error(`npm start: ${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}`);
    process.exit(1);
  });
  log('deriv', demo.deriv ? `local Deriv server on ${demo.derivUrl} (recorded country list)` : `live Deriv: ${demo.derivUrl}`);
  log(
    'relay',
    `${demo.relayMode === 'sandbox' ? 'sandbox: answers come from the built-in BASIS ID simulator' : `live BASIS ID at ${demo.relayMode}`}` +
      `; rate limit ${demo.rateLimit} per client (KYC_RATE_LIMIT)`,
  );
  log('demo', `open ${demo.url}  (Ctrl-C to stop)`);
  log('demo', `your own page: ws-url="${demo.derivUrl}" backend-url="${demo.backendUrl}"`);
  log(
    'demo',
    demo.allowedOrigins.length
      ? `the relay answers pages on ${demo.allowedOrigins.join(', ')} (KYC_ALLOWED_ORIGINS)`
      : "a page on another origin needs it in KYC_ALLOWED_ORIGINS, e.g. KYC_ALLOWED_ORIGINS=http://localhost:8000 npm start",
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      log('demo', 'stopping now');
      process.exit(1);
    }
    stopping = true;
    // Vite also stops itself on SIGTERM and would exit 143: a requested stop is a clean exit.
    process.exitCode = 0;
    log('demo', `${signal}: stopping`);
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
