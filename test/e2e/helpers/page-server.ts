/**
 * A tiny static `node:http` server on loopback for plain integration pages: the pages given,
 * the built `dist/` files, and (optionally) relays mounted at their routes on the same
 * origin, through the relay's Node adapter, as the recommended deployment does.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createNodeListener, HEALTH_PATH, type RelayHandler } from '../../../src/relay/index.js';
import { listen } from '../../../src/relay/node/listen.js';
import { escapeAttr } from '../../../demo/services/escape-attr.js';

export const DIST = new URL('../../../dist/', import.meta.url);

export interface PageServerOptions {
  /** Path → HTML. */
  pages: Record<string, string>;
  /** Relays on this origin, by the path each serves (`createRelay`'s `path`); the first also answers `/healthz`. */
  relays?: Record<string, RelayHandler>;
  /** The `Content-Security-Policy` of the pages, given this server's origin. */
  csp?: (origin: string) => string;
  /** How dist/ files are served: as a CDN would (CORS), some missing, some slow. */
  dist?: DistServing;
}

export interface DistServing {
  /** Adds `Access-Control-Allow-Origin: *`, which module scripts from another origin need. */
  cors?: boolean;
  /** Files answered 404 (matched against the file name). */
  missing?: RegExp;
  /** Milliseconds before a file is sent. */
  delayMs?: (file: string) => number;
}

export interface PageServer {
  /** `http://127.0.0.1:port` */
  origin: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Length': String(Buffer.byteLength(body)), 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const relays = new Map(Object.entries(options.relays ?? {}).map(([path, handler]) => [path, createNodeListener(handler)]));
  const health = relays.values().next().value;
  const sockets = new Set<Socket>();
  let origin = '';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const relay = relays.get(path) ?? (path === HEALTH_PATH ? health : undefined);
    if (relay) return relay(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    const page = options.pages[path];
    if (page !== undefined) {
      const csp: Record<string, string> = options.csp ? { 'Content-Security-Policy': options.csp(origin) } : {};
      return send(res, 200, page, { 'Content-Type': 'text/html; charset=utf-8', ...csp });
    }
    // Only the files directly in dist/ (no traversal: one path segment of safe characters).
    const file = /^\/dist\/([\w.-]+)$/.exec(path)?.[1];
    const type = file && TYPES[file.slice(file.lastIndexOf('.'))];
    if (!file || !type) return send(res, 404, 'not found');
    const dist = options.dist ?? {};
    if (dist.missing?.test(file)) return send(res, 404, 'not found');
    const headers: Record<string, string> = { 'Content-Type': type, ...(dist.cors ? { 'Access-Control-Allow-Origin': '*' } : {}) };
    setTimeout(() => {
      readFile(new URL(file, DIST)).then(
        (body) => send(res, 200, body, headers),
        () => send(res, 404, 'not found'),
      );
    }, dist.delayMs?.(file) ?? 0);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  origin = (await listen(server, 0, '127.0.0.1')).url;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

export interface ElementPageOptions {
  /** `module`: dist/kyc-signup.js as an ES module; `classic`: dist/kyc-signup.iife.js from a plain script tag. */
  script: 'module' | 'classic';
  /** The element's attributes. */
  attributes: Record<string, string>;
  lang?: string;
  /** Where dist/ is served from (a CDN's origin); default: the page's own. */
  distOrigin?: string;
}


/** A plain integrator's page: the script tag of the README and the element, nothing else. */
export function elementPage({ script, attributes, lang = 'en', distOrigin = '' }: ElementPageOptions): string {
  const tag =
    script === 'module'
      ? `<script type="module" src="${distOrigin}/dist/kyc-signup.js"></script>`
      : `<script src="${distOrigin}/dist/kyc-signup.iife.js"></script>`;
  const attrs = Object.entries(attributes)
    .map(([name, value]) => `${name}="${escapeAttr(value)}"`)
    .join(' ');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign up</title>
<link rel="icon" href="data:,">
${tag}
</head>
<body>
<main>
<h1>Sign up</h1>
<kyc-signup ${attrs}></kyc-signup>
</main>
</body>
</html>
`;
}

/** The contract's strict policy; `connect` adds the Deriv socket and any relay on another origin, `scripts` a CDN. */
export function strictCsp(connect: readonly string[], scripts: readonly string[] = []): string {
  return [
    "default-src 'none'",
    `script-src 'self' ${scripts.join(' ')}`.trim(),
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${connect.join(' ')}`,
    "base-uri 'none'",
    "form-action 'self'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
  ].join('; ');
}
