/**
 * A Node `IncomingMessage` read for the relay: its URL and headers, and `NodeRequest`, the
 * message as the core's `RelayRequest` read straight from Node (headers looked up in
 * `req.headers`, the body gathered with the limit enforced as chunks arrive, a web Request
 * built only if the `clientIp` option asks for one).
 */
import type { IncomingMessage } from 'node:http';
import { forwardedFor } from './client-ip.js';
import type { RelayRequest } from './core.js';
import { BodyChunks, declaredTooLarge, type BodyText } from './read-body.js';

/** Whether a message's body was left unread: its socket cannot carry another request then. */
export interface BodyState {
  abandoned: boolean;
}

/** A Node header as one value, repeated ones joined as `Headers.get` joins them. */
export function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The URL the client asked for; `X-Forwarded-Proto` is believed only from `hops` trusted proxies. */
export function requestUrl(req: IncomingMessage, hops: number): URL {
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const forwardedProto = forwardedFor(headerValue(req.headers['x-forwarded-proto']), hops);
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : encrypted ? 'https' : 'http';
  const host = req.headers.host ?? 'localhost';
  const path = target(req);
  try {
    return new URL(path, `${proto}://${host}`);
  } catch {
    return new URL(path.startsWith('/') ? path : '/', `${proto}://localhost`);
  }
}

// Express mounts rewrite req.url; the original keeps the full path.
const target = (req: IncomingMessage): string => (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';

// A path the URL parser would return as it is: no dot segments, escapes, backslashes or
// characters it encodes, and not `//` (which would name a host).
const PLAIN_PATH = /^\/(?!\/)[\w\-~!$&'()*+,;=:@/]*$/;

/** `new URL(target).pathname` without parsing a URL, for the plain paths real clients send; else undefined. */
export function plainPathname(target: string): string | undefined {
  const query = target.indexOf('?');
  const path = query === -1 ? target : target.slice(0, query);
  return PLAIN_PATH.test(path) ? path : undefined;
}

export function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/**
 * The message as the relay's core reads it. A class, not closures: nothing is built per request
 * beyond this object, and the URL only when the path is not plain or the origin check needs it.
 */
export class NodeRequest implements RelayRequest {
  readonly method: string;
  readonly pathname: string;
  readonly clientIp: string | undefined;
  private readonly req: IncomingMessage;
  private readonly hops: number;
  private readonly state: BodyState;
  private url: URL | undefined;

  constructor(req: IncomingMessage, hops: number, state: BodyState) {
    this.req = req;
    this.hops = hops;
    this.state = state;
    this.method = req.method ?? 'GET';
    this.clientIp = req.socket.remoteAddress || undefined;
    this.pathname = plainPathname(target(req)) ?? this.fullUrl().pathname;
  }

  clientGone(): boolean {
    const socket = this.req.socket;
    // A TCP socket (it has a local address) whose peer cannot be named was reset by that peer.
    return socket.destroyed || (this.clientIp === undefined && socket.localAddress !== undefined);
  }

  header(name: string): string | null {
    return headerValue(this.req.headers[name]);
  }

  ownOrigin(): string {
    return this.fullUrl().origin;
  }

  text(maxBytes: number): Promise<BodyText> {
    return readNodeBody(this.req, maxBytes, this.state);
  }

  async discard(): Promise<void> {
    this.state.abandoned = true;
  }

  toRequest(): Request {
    return new Request(this.fullUrl(), { method: this.method, headers: requestHeaders(this.req) });
  }

  private fullUrl(): URL {
    return (this.url ??= requestUrl(this.req, this.hops));
  }
}

const TOO_LARGE: BodyText = { ok: false, reason: 'too_large' };

/** The body, read as it arrives; past `maxBytes` reading stops and the body is abandoned. */
function readNodeBody(req: IncomingMessage, maxBytes: number, state: BodyState): Promise<BodyText> {
  if (declaredTooLarge(headerValue(req.headers['content-length']), maxBytes)) {
    state.abandoned = true;
    return Promise.resolve(TOO_LARGE);
  }
  const chunks = new BodyChunks(maxBytes);
  // Read already (by middleware in front): nothing more will come, as a web stream would say.
  if (req.readableEnded) return Promise.resolve(chunks.text());
  if (req.destroyed) return Promise.resolve({ ok: false, reason: 'aborted' });
  return new Promise((resolve) => {
    const settle = (result: BodyText) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      if (chunks.add(chunk)) return;
      req.pause();
      state.abandoned = true;
      settle(TOO_LARGE);
    };
    const onEnd = () => settle(chunks.text());
    const onError = (error: unknown) => settle({ ok: false, reason: 'aborted', error });
    // Closed before its end: the client went away.
    const onClose = () => settle({ ok: false, reason: 'aborted' });
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
