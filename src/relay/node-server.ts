/**
 * The Node `http` adapter, and `startRelayServer` to listen with a relay. A handler made by
 * `createRelay` is served by its core straight from the Node message and answered with one
 * `writeHead` + `end` (no Request, Headers, streams or Response per request: they were most
 * of the relay's own cost); any other web handler goes through `toRequest` and its Response.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { coreOf, createRelay, type RelayHandler } from './create-relay.js';
import type { RelayCore } from './core.js';
import { listen } from './listen.js';
import type { RelayOptions } from './options.js';
import { failure, refuse, toReply, type Reply } from './answer.js';
import { NodeRequest, requestHeaders, requestUrl, type BodyState } from './node-request.js';
import { proxyHops } from './client-ip.js';

export interface NodeListenerOptions {
  /** Believe `X-Forwarded-Proto` for the request's URL (set it as for the relay). */
  trustProxy?: boolean | number;
}

const BODYLESS = new Set(['GET', 'HEAD']);
// Methods fetch forbids: no Request can carry them, so the core's direct path refuses them too.
const UNREPRESENTABLE = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** Streams the request body on demand, remembering whether it was read to the end. */
function bodyStream(req: IncomingMessage, state: BodyState): ReadableStream<Uint8Array> {
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

export function toRequest(req: IncomingMessage, options: NodeListenerOptions = {}, state: BodyState = { abandoned: false }): Request {
  const url = requestUrl(req, proxyHops(options.trustProxy));
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers: requestHeaders(req) };
  if (!BODYLESS.has(method)) {
    init.body = bodyStream(req, state);
    init.duplex = 'half';
  }
  return new Request(url, init);
}

/** Writes a relay reply. Relay bodies are small JSON, so they are sent whole, with a length. */
function writeReply(reply: Reply, res: ServerResponse, closeAfter: boolean): void {
  // A fresh object per reply: extended in place.
  const headers = reply.headers;
  if (reply.body !== null) headers['Content-Length'] = String(Buffer.byteLength(reply.body));
  if (closeAfter) headers.Connection = 'close';
  res.writeHead(reply.status, headers).end(reply.body ?? undefined);
}

/** Writes another handler's Response, whole. */
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

/** The answer to one request: a request no handler can be given, or a throwing handler, still gets one. */
async function answer(
  handler: RelayHandler,
  core: RelayCore | undefined,
  req: IncomingMessage,
  options: NodeListenerOptions,
  state: BodyState,
): Promise<Reply | Response> {
  let call: () => Promise<Reply | Response>;
  try {
    if (core) {
      if (UNREPRESENTABLE.has(req.method ?? '')) return toReply(refuse(400, 'malformed'), {});
      const request = new NodeRequest(req, options.trustProxy, state);
      call = () => core(request);
    } else {
      const request = toRequest(req, options, state);
      const context = req.socket.remoteAddress ? { clientIp: req.socket.remoteAddress } : {};
      call = () => handler(request, context);
    }
  } catch {
    // Methods that fetch forbids (TRACE, TRACK) and other unrepresentable requests.
    return toReply(refuse(400, 'malformed'), {});
  }
  try {
    return await call();
  } catch {
    return toReply(failure(500, 'relay:error'), {});
  }
}

/** A Node request listener around a web-standard handler (also usable as Express middleware). */
export function createNodeListener(handler: RelayHandler, options: NodeListenerOptions = {}) {
  const core = coreOf(handler);
  return (req: IncomingMessage, res: ServerResponse): void => {
    const state: BodyState = { abandoned: false };
    void (async () => {
      const reply = await answer(handler, core, req, options, state);
      // An unread body (refused early, or too large) is not drained: close the connection.
      const closeAfter = state.abandoned || !req.complete;
      try {
        if (reply instanceof Response) await writeResponse(reply, res, closeAfter);
        else writeReply(reply, res, closeAfter);
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
