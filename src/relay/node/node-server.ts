/**
 * The Node `http` adapter, and `startRelayServer` to listen with a relay. Every handler is given
 * a web Request built only as far as it is read (node-request.ts); the relay's own answers are
 * written with one `writeHead` + `end` (no Headers, stream or Response per request), any other
 * Response is read and written whole. An answer given while the body still comes is followed by a
 * lingering close.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { finished, type Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { errorAnswer, refuse, serializeAnswer, type RequestReason } from '../core/answer.js';
import { answerResponse, serializedOf } from '../core/answer-response.js';
import { proxyHops } from '../core/client-ip.js';
import type { RelayHandler } from '../core/create-relay.js';
import type { RelayOptions } from '../core/options.js';
import { createRelayCore, UNREPRESENTABLE, type RelayContext, type RelayCore } from '../core/relay-core.js';
import { listen } from './listen.js';
import { toRequest, type BodyState, type NodeListenerOptions } from './node-request.js';

export { toRequest, type NodeListenerOptions };


/** An answer as written: the relay's own serialized, any other Response read whole (Set-Cookie may repeat). */
interface Outgoing {
  status: number;
  headers: Record<string, string | string[]>;
  body: string | Buffer | null;
}

/** An answer's headers as sent: its length (bodies are sent whole) and whether the connection closes. */
function headersToSend(answer: Outgoing, closeAfter: boolean): Outgoing['headers'] {
  const headers = { ...answer.headers };
  if (answer.body !== null) headers['Content-Length'] = String(Buffer.byteLength(answer.body));
  if (closeAfter) headers.Connection = 'close';
  return headers;
}

/** An answer as raw HTTP, for a socket written without Node's response object; the connection closes after it. */
function rawAnswer(answer: Outgoing, withBody = true): Buffer {
  const head = Object.entries(headersToSend(answer, true)).flatMap(([name, value]) => [value].flat().map((item) => `${name}: ${item}\r\n`));
  const start = `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\n${head.join('')}\r\n`;
  return Buffer.concat([Buffer.from(start, 'latin1'), withBody && answer.body !== null ? Buffer.from(answer.body) : Buffer.alloc(0)]);
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
    socket.end(rawAnswer(core.unreadable(status, reason, note)), () => socket.destroy());
  };
}

/** An unread body (refused early, or too large) is not read by the relay: the connection closes after the answer. */
const closing = (req: IncomingMessage, state: BodyState): boolean => state.abandoned || !req.complete;

// What the client may still send after an early answer, read and dropped before closing: enough for
// the bytes in flight when it came and a body somewhat past the limit from a client that reads only
// once it has sent everything, yet far from the rest of an unbounded body. 2 s covers a client
// that is slow to be scheduled; past either bound the connection closes anyway.
const LINGER_BYTES = 8 * 1024 * 1024;
const LINGER_MS = 2_000;

/**
 * Answers a request whose body is still coming, then closes the way nginx does (lingering
 * close): FIN after the answer, then what the client still sends is read and dropped, never
 * kept, until its body or connection ends or a bound is reached. Closing at once with unread
 * bytes makes the kernel reset the connection, and the reset can make the client's kernel drop
 * the answer before the client reads it. Node closes at once after a `Connection: close`
 * answer, so this one is written on the socket itself; the unfinished response then just closes with it.
 */
function answerThenLinger(req: IncomingMessage, answer: Buffer): void {
  const socket = req.socket;
  socket.end(answer);
  const close = () => socket.destroy();
  const deadline = setTimeout(close, LINGER_MS);
  socket.once('close', () => clearTimeout(deadline));
  let left = LINGER_BYTES;
  req.on('readable', () => {
    for (let chunk: Buffer | null; (chunk = req.read() as Buffer | null) !== null; ) if ((left -= chunk.byteLength) <= 0) return close();
  });
  finished(req, close);
}

/** Any Response other than the relay's own, read whole. */
async function readWhole(response: Response): Promise<Outgoing> {
  const headers: Outgoing['headers'] = {};
  response.headers.forEach((value, name) => {
    // Whether the connection stays is the server's to say, and so is the length of a body it sends.
    if (name !== 'connection' && !(name === 'content-length' && response.body)) headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return { status: response.status, headers, body: response.body ? Buffer.from(await response.arrayBuffer()) : null };
}

/** Writes a Response with one `writeHead` + `end`, or on the socket before a lingering close when the body is still coming. */
async function writeResponse(response: Response, res: ServerResponse, req: IncomingMessage, state: BodyState): Promise<void> {
  const answer = serializedOf(response) ?? (await readWhole(response));
  if (closing(req, state)) answerThenLinger(req, rawAnswer(answer, req.method !== 'HEAD'));
  else res.writeHead(answer.status, headersToSend(answer, false)).end(answer.body ?? undefined);
}

/** What the adapter knows of a message beyond its Request (a class: nothing else is made per request). */
class NodeContext implements RelayContext {
  readonly clientIp: string | undefined;
  readonly #socket: IncomingMessage['socket'];

  constructor(req: IncomingMessage) {
    this.#socket = req.socket;
    this.clientIp = req.socket.remoteAddress || undefined;
  }

  /** The peer is known to have gone: its socket is closed, or it was reset before we could name it. */
  clientGone(): boolean {
    // A TCP socket (it has a local address) whose peer cannot be named was reset by that peer.
    return this.#socket.destroyed || (!this.#socket.remoteAddress && this.#socket.localAddress !== undefined);
  }
}

/** A Node request listener around a web-standard handler (also usable as Express middleware). */
export function createNodeListener(handler: RelayHandler, options: NodeListenerOptions = {}) {
  // A bad trustProxy is refused when the listener is made, not on the first request.
  proxyHops(options.trustProxy);
  return (req: IncomingMessage, res: ServerResponse): void => {
    const state: BodyState = { abandoned: false };
    const context = new NodeContext(req);
    void (async () => {
      let response: Response;
      try {
        response = await handler(toRequest(req, options, state), context);
      } catch {
        // A method fetch forbids (TRACE, TRACK) fails only when a real Request is built from it.
        const answer = UNREPRESENTABLE.has(req.method ?? '') ? refuse(400, 'malformed') : errorAnswer(500, 'relay:error');
        response = answerResponse(serializeAnswer(answer, {}));
      }
      try {
        await writeResponse(response, res, req, state);
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
  /** And its whole request within this. Default 30 000. */
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
  const core = createRelayCore(relayOptions);
  // Slow clients must not hold sockets. Node checks these limits only every
  // `connectionsCheckingInterval` (30 s by default): check often enough that they hold within a tenth.
  const server = createServer(
    { headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.max(10, Math.min(headersTimeoutMs, requestTimeoutMs) / 10) },
    createNodeListener(core.handle, { trustProxy: relayOptions.trustProxy ?? false }),
  );
  server.on('clientError', answerUnreadable(core));
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
