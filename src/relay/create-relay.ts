/**
 * `createRelay(options)`: the web-standard handler that checks a browser's form, adds the
 * secret BASIS ID key server side and forwards it, answering with the contract's table.
 * The work is the relay's core (core.ts); this is its Request → Response face.
 */
import { toResponse } from './answer.js';
import { createRelayCore, type RelayCore, type RelayRequest } from './core.js';
import type { RelayOptions } from './options.js';
import { readBodyText } from './read-body.js';

/** What a server adapter knows beyond the `Request`. */
export interface RelayContext {
  /** The peer's address (the Node adapter passes the socket's). */
  clientIp?: string;
}

export type RelayHandler = (request: Request, context?: RelayContext) => Promise<Response>;

// The core behind each handler, so the Node adapter can skip Request and Response for it.
const cores = new WeakMap<RelayHandler, RelayCore>();

/** The core of a handler made by `createRelay`; undefined for any other handler. */
export const coreOf = (handler: RelayHandler): RelayCore | undefined => cores.get(handler);

export function createRelay(options: RelayOptions): RelayHandler {
  const core = createRelayCore(options);
  const handler: RelayHandler = async (request, context) => toResponse(await core(fromRequest(request, context)));
  cores.set(handler, core);
  return handler;
}

/** A web Request as the core reads it. */
function fromRequest(request: Request, context: RelayContext | undefined): RelayRequest {
  // A Request's url is always absolute.
  const url = new URL(request.url);
  return {
    method: request.method,
    pathname: url.pathname,
    clientIp: context?.clientIp,
    // Servers that serve web Requests abort this signal when the client disconnects.
    clientGone: () => request.signal.aborted,
    header: (name) => request.headers.get(name),
    ownOrigin: () => url.origin,
    text: (maxBytes) => readBodyText(request, maxBytes),
    discard: async () => {
      await request.body?.cancel().catch(() => {});
    },
    toRequest: () => request,
  };
}
