/**
 * The Node `http` adapter, and `startRelayServer` to listen with a relay. A handler made by
 * `createRelay` is served by its core straight from the Node message and answered with one
 * `writeHead` + `end` (no Request, Headers, streams or Response per request: they were most
 * of the relay's own cost); any other web handler goes through `toRequest` and its Response.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { coreOf, createRelay, type RelayHandler } from './create-relay.js';
import type { RelayCore } from './core.js';
import { listen } from './listen.js';
import type { RelayOptions } from './options.js';
import { failure, refuse, toReply, type Reply, type RequestReason } from './answer.js';
import { NodeRequest, requestHeaders, requestUrl, type BodyState } from './node-request.js';
import { proxyHops } from './client-ip.js';

export interface NodeListenerOptions {
  /** Believe `X-Forwarded-Proto` for the request's URL (set it as for the relay). */
  trustProxy?: boolean | number;
}

const BODYLESS = new Set(['GET', 'HEAD']);

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

/** A reply's headers as sent: its length (relay bodies are small JSON, sent whole) and whether the connection closes. */
function headersToSend(reply: Reply, closeAfter: boolean): Record<string, string> {
  // A fresh object per reply: extended in place.
  const headers = reply.headers;
  if (reply.body !== null) headers['Content-Length'] = String(Buffer.byteLength(reply.body));
  if (closeAfter) headers.Connection = 'close';
  return headers;
}

/** Writes a relay reply. */
function writeReply(reply: Reply, res: ServerResponse, closeAfter: boolean): void {
  res.writeHead(reply.status, headersToSend(reply, closeAfter)).end(reply.body ?? undefined);
}

/** A relay reply as raw HTTP, for a socket the server has no response object for; the connection closes after it. */
function rawReply(reply: Reply): string {
  const head = Object.entries(headersToSend(reply, true)).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status]}\r\n${head.join('')}\r\n${reply.body ?? ''}`;
}

/** What the server could not read as a request, by Node's error code: answered by the relay, not by Node. */
function unreadableAnswer(code: string | undefined): [number, RequestReason, string] {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'timeout', 'client-too-slow'];
  if (code === 'HPE_HEADER_OVERFLOW') return [431, 'too_large', 'headers-too-large'];
  return [400, 'malformed', 'unparseable-request'];
}

// The client reset the connection, or closed its side mid-request (the core answers a request it is reading).
const CLIENT_GONE = new Set(['ECONNRESET', 'HPE_INVALID_EOF_STATE']);

/**
 * A `clientError` listener: Node's own answer would carry neither the relay's headers nor a log
 * line. A connection with nobody to answer, or already answering, is just closed (as Node does).
 */
function answerUnreadable(core: RelayCore) {
  return (error: NodeJS.ErrnoException, socket: Duplex): void => {
    if (!socket.writable || (socket as Duplex & { bytesWritten?: number }).bytesWritten || CLIENT_GONE.has(error.code ?? '')) {
      socket.destroy();
      return;
    }
    const [status, reason, note] = unreadableAnswer(error.code);
    socket.end(rawReply(core.unreadable(status, reason, note)), () => socket.destroy());
  };
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
  hops: number,
  state: BodyState,
): Promise<Reply | Response> {
  // The relay's own core answers every request itself, headers and log line included.
  if (core) return core(new NodeRequest(req, hops, state));
  let call: () => Promise<Response>;
  try {
    const request = toRequest(req, options, state);
    const context = req.socket.remoteAddress ? { clientIp: req.socket.remoteAddress } : {};
    call = () => handler(request, context);
  } catch {
    // Methods that fetch forbids (TRACE, TRACK) and other requests no Request can carry.
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
  const hops = proxyHops(options.trustProxy);
  return (req: IncomingMessage, res: ServerResponse): void => {
    const state: BodyState = { abandoned: false };
    void (async () => {
      const reply = await answer(handler, core, req, options, hops, state);
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
  /** A client must send its headers within this. Default 10 000. */
  headersTimeoutMs?: number;
  /** And its whole (small) request within this. Default 30 000. */
  requestTimeoutMs?: number;
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
  const { host = '127.0.0.1', port = 8787, headersTimeoutMs = 10_000, requestTimeoutMs = 30_000, ...relayOptions } = options;
  const handler = createRelay(relayOptions);
  // Slow clients must not hold sockets. Node checks these limits only every
  // `connectionsCheckingInterval` (30 s by default): check often enough that they hold within a tenth.
  const server = createServer(
    { headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.max(10, Math.min(headersTimeoutMs, requestTimeoutMs) / 10) },
    createNodeListener(handler, { trustProxy: relayOptions.trustProxy ?? false }),
  );
  server.on('clientError', answerUnreadable(coreOf(handler)!));
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
