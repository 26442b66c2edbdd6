/**
 * A Node `IncomingMessage` as a web `Request` built only as far as it is read (the way
 * `@hono/node-server` does): method, url and headers come straight from the message, the
 * relay's body reader takes the message's own chunks (any other reader gets a web stream over
 * them), and a real Request is made only for the members nobody reads on the relay's path
 * (signal, clone, ...). Building a Request, its Headers and streams
 * for every message was most of the relay's own cost per request on Node.
 */
import type { IncomingMessage } from 'node:http';
import { forwardedFor, proxyHops } from '../core/client-ip.js';
import { forwardToReal } from '../core/lazy-web.js';
import { BODY_CHUNKS, type BodyChunks } from '../core/read-body.js';

/** Whether a message's body was left unread: its socket cannot carry another request then. */
export interface BodyState {
  abandoned: boolean;
}

/** A Node header as one value, repeated ones joined as `Headers.get` joins them. */
export function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

// Express mounts rewrite req.url; the original keeps the full path.
const target = (req: IncomingMessage): string => (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';

// A host the URL parser keeps as it is: lower-case names whose last label is not a number (those
// are IPv4 to it), or a dotted quad in its usual form, with a port not starting with 0.
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const PLAIN_HOST = new RegExp(
  `^(?:(?:(?!xn--)[a-z\\d](?:[a-z\\d-]*[a-z\\d])?\\.)*(?!xn--)[a-z](?:[a-z\\d-]*[a-z\\d])?|${OCTET}(?:\\.${OCTET}){3})(?::([1-9]\\d{0,4}))?$`,
);
// A target it keeps as it is: no dot segments, escapes, backslashes, quotes or characters it
// encodes, and not `//` (which would name a host).
const PLAIN_TARGET = /^\/(?!\/)[\w\-~!$&()*+,;=:@/]*(?:\?[\w\-~!$&()*+,;=:@/?]*)?$/;
const DEFAULT_PORT: Readonly<Record<string, string>> = { http: '80', https: '443' };

/** `new URL(target, `${proto}://${host}`).href` without parsing, for the plain requests real clients send; else undefined. */
export function plainHref(proto: 'http' | 'https', host: string, target: string): string | undefined {
  const match = PLAIN_HOST.exec(host);
  if (!match || !PLAIN_TARGET.test(target)) return undefined;
  const port = match[1];
  if (port !== undefined && (Number(port) > 65_535 || port === DEFAULT_PORT[proto])) return undefined;
  return `${proto}://${host}${target}`;
}

/** The URL the client asked for, as text; `X-Forwarded-Proto` is believed only from `hops` trusted proxies. */
export function requestHref(req: IncomingMessage, hops: number): string {
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const forwardedProto = forwardedFor(headerValue(req.headers['x-forwarded-proto']), hops);
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : encrypted ? 'https' : 'http';
  const host = req.headers.host ?? 'localhost';
  const path = target(req);
  const plain = plainHref(proto, host, path);
  if (plain !== undefined) return plain;
  try {
    return new URL(path, `${proto}://${host}`).href;
  } catch {
    return new URL(path.startsWith('/') ? path : '/', `${proto}://localhost`).href;
  }
}

/**
 * The message's headers as web Headers: `get` and `has` read Node's parsed headers directly
 * (all the relay asks), any other member a real Headers built once.
 */
class NodeHeaders {
  readonly #req: IncomingMessage;
  #real: Headers | undefined;

  constructor(req: IncomingMessage) {
    this.#req = req;
  }

  get(name: string): string | null {
    return headerValue(this.#req.headers[name.toLowerCase()]);
  }

  has(name: string): boolean {
    return this.#req.headers[name.toLowerCase()] !== undefined;
  }

  static real(self: NodeHeaders): Headers {
    if (self.#real) return self.#real;
    const headers = new Headers();
    for (const [name, value] of Object.entries(self.#req.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    }
    return (self.#real = headers);
  }
}
forwardToReal(NodeHeaders.prototype, Headers, NodeHeaders.real);

const BODYLESS = new Set(['GET', 'HEAD']);

/**
 * The message's chunks, as the relay's body reader takes them. Stopping early leaves the rest
 * unread (and the socket unfit for another request); the message itself is left alone.
 */
class MessageChunks implements BodyChunks {
  readonly #iterator: AsyncIterator<Buffer>;
  readonly #state: BodyState;

  constructor(req: IncomingMessage, state: BodyState) {
    this.#iterator = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    this.#state = state;
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    return this.#iterator.next();
  }

  async stop(): Promise<void> {
    this.#state.abandoned = true;
  }
}

/**
 * The same chunks as a web stream, for any other reader. Pulled only for a waiting read, so the
 * end is told only to a reader that asks for more: one that stops at the last chunk (too large)
 * and cancels still leaves the body.
 */
function bodyStream(chunks: BodyChunks): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      },
      cancel: () => chunks.stop(),
    },
    { highWaterMark: 0 },
  );
}

export class NodeRequest {
  readonly #req: IncomingMessage;
  readonly #hops: number;
  readonly #state: BodyState;
  #url: string | undefined;
  #headers: Headers | undefined;
  #chunks: BodyChunks | undefined;
  #body: ReadableStream<Uint8Array> | null | undefined;
  #real: Request | undefined;

  constructor(req: IncomingMessage, hops: number, state: BodyState) {
    this.#req = req;
    this.#hops = hops;
    this.#state = state;
  }

  get method(): string {
    return this.#req.method ?? 'GET';
  }

  get url(): string {
    return (this.#url ??= requestHref(this.#req, this.#hops));
  }

  get headers(): Headers {
    return (this.#headers ??= new NodeHeaders(this.#req) as unknown as Headers);
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#body === undefined) this.#body = BODYLESS.has(this.method) ? null : bodyStream(this[BODY_CHUNKS]()!);
    return this.#body;
  }

  /** The message's own chunks (one iterator, whichever way the body is read). */
  [BODY_CHUNKS](): BodyChunks | null {
    if (BODYLESS.has(this.method)) return null;
    return (this.#chunks ??= new MessageChunks(this.#req, this.#state));
  }

  /** The real Request behind every other member, built once (on the same headers and body stream). */
  static real(self: NodeRequest): Request {
    const body = self.body;
    return (self.#real ??= new Request(self.url, { method: self.method, headers: self.headers, body, ...(body ? { duplex: 'half' } : {}) } as RequestInit));
  }
}
forwardToReal(NodeRequest.prototype, Request, NodeRequest.real);

export interface NodeListenerOptions {
  /** Believe `X-Forwarded-Proto` for the request's URL (set it as for the relay). */
  trustProxy?: boolean | number;
}

/** A Node message as a web Request, read only as far as it is used. */
export const toRequest = (req: IncomingMessage, options: NodeListenerOptions = {}, state: BodyState = { abandoned: false }): Request =>
  new NodeRequest(req, proxyHops(options.trustProxy), state) as unknown as Request;
