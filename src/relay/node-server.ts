/**
 * A thin Node `http` adapter: IncomingMessage → Request (the body streamed, not buffered),
 * Response → ServerResponse, and `startRelayServer` to listen with a relay.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRelay, type RelayContext, type RelayHandler } from './create-relay.js';
import { listen } from './listen.js';
import type { RelayOptions } from './options.js';
import { failure, refuse, toResponse } from './answer.js';
import { forwardedFor, proxyHops } from './client-ip.js';

export interface NodeListenerOptions {
  /** Believe `X-Forwarded-Proto` for the request's URL (set it as for the relay). */
  trustProxy?: boolean | number;
}

const BODYLESS = new Set(['GET', 'HEAD']);

/** Streams the request body on demand, remembering whether it was read to the end. */
function bodyStream(req: IncomingMessage, state: { abandoned: boolean }): ReadableStream<Uint8Array> {
  const iterator = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    cancel() {
      // Not read to the end: the socket cannot carry another request.
      state.abandoned = true;
    },
  });
}

export function toRequest(req: IncomingMessage, options: NodeListenerOptions = {}, state = { abandoned: false }): Request {
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const forwardedProto = forwardedFor(headerValue(req.headers['x-forwarded-proto']), proxyHops(options.trustProxy));
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : encrypted ? 'https' : 'http';
  const host = req.headers.host ?? 'localhost';
  // Express mounts rewrite req.url; the original keeps the full path.
  const target = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  let url: URL;
  try {
    url = new URL(target, `${proto}://${host}`);
  } catch {
    url = new URL(target.startsWith('/') ? target : '/', `${proto}://localhost`);
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (!BODYLESS.has(method)) {
    init.body = bodyStream(req, state);
    init.duplex = 'half';
  }
  return new Request(url, init);
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(',') : value;
}

/** Writes a relay answer. Relay bodies are small JSON, so they are sent whole, with a length. */
async function writeResponse(response: Response, res: ServerResponse, closeAfter: boolean): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  if (closeAfter) headers.connection = 'close';
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  if (body) headers['content-length'] = String(body.byteLength);
  res.writeHead(response.status, headers);
  res.end(body);
}

/** The handler's answer; a request fetch cannot represent, or a throwing handler, still gets one. */
async function answer(
  handler: RelayHandler,
  req: IncomingMessage,
  options: NodeListenerOptions,
  state: { abandoned: boolean },
  context: RelayContext,
): Promise<Response> {
  let request: Request;
  try {
    request = toRequest(req, options, state);
  } catch {
    // Methods that fetch forbids (TRACE, TRACK) and other unrepresentable requests.
    return toResponse(refuse(400, 'malformed'), {});
  }
  try {
    return await handler(request, context);
  } catch {
    return toResponse(failure(500, 'relay:error'), {});
  }
}

/** A Node request listener around a web-standard handler (also usable as Express middleware). */
export function createNodeListener(handler: RelayHandler, options: NodeListenerOptions = {}) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const state = { abandoned: false };
    const context: RelayContext = req.socket.remoteAddress ? { clientIp: req.socket.remoteAddress } : {};
    void (async () => {
      const response = await answer(handler, req, options, state, context);
      // An unread body (refused early, or too large) is not drained: close the connection.
      const closeAfter = state.abandoned || !req.complete;
      try {
        await writeResponse(response, res, closeAfter);
      } catch {
        res.destroy();
      }
    })();
  };
}

export interface RelayServerOptions extends RelayOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 8787; 0 picks a free port. */
  port?: number;
}

export interface RelayServer {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  address: AddressInfo;
  server: Server;
  /** Stops accepting, lets answers in flight finish (up to `graceMs`, default 5 s), then closes. */
  close(graceMs?: number): Promise<void>;
}

export async function startRelayServer(options: RelayServerOptions = {}): Promise<RelayServer> {
  const { host = '127.0.0.1', port = 8787, ...relayOptions } = options;
  const handler = createRelay(relayOptions);
  const server = createServer(createNodeListener(handler, { trustProxy: relayOptions.trustProxy ?? false }));
  // Slow clients must not hold sockets: headers in 10 s, a whole (small) request in 30 s.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  const { address, url } = await listen(server, port, host);
  return {
    url,
    address,
    server,
    close: (graceMs = 5_000) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
