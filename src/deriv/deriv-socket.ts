/**
 * One WebSocket connection to Deriv: connect timeout, ping loop, and replies matched to
 * requests by `req_id`, each with its own time limit. It never reconnects by itself: any
 * end the owner did not ask for is reported once through `dropped`, and the owner decides.
 */
import { failure, type Failure } from './failures.js';
import { frameSchema, type DerivFrame } from './residence-list.js';

export interface SocketTiming {
  /** ms from `new WebSocket` to `open` before giving up. */
  connectTimeout: number;
  /** ms a request may go unanswered before the connection is dropped. */
  requestTimeout: number;
}

export type Reply = DerivFrame & { req_id: number };

export interface SocketListener {
  opened(): void;
  /** A well-formed frame that answers one of our pending requests. */
  replied(frame: Reply): void;
  /** The connection ended without `close()`: refused, timed out, or closed by the server. */
  dropped(why: Failure): void;
}

const PING = JSON.stringify({ ping: 1 });

export class DerivSocket {
  private readonly ws: WebSocket;
  private readonly pending = new Map<number, ReturnType<typeof setTimeout>>();
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private nextReqId = 1;
  private opened = false;
  private closed = false;

  /** Throws (SyntaxError) when the browser refuses the URL outright. */
  constructor(
    url: string,
    private readonly pingInterval: number,
    private readonly timing: SocketTiming,
    private readonly listener: SocketListener,
  ) {
    this.ws = new WebSocket(url);
    this.ws.onopen = () => this.onOpen();
    this.ws.onmessage = (event) => this.onMessage(event.data);
    // A refused connection fires `error` then `close`; `close` alone is enough to act on.
    this.ws.onclose = () => this.drop(failure(this.opened ? 'ConnectionClosed' : 'ConnectFailed'));
    this.connectTimer = setTimeout(() => this.drop(failure('ConnectTimeout')), timing.connectTimeout);
  }

  /** Sends `build(reqId)` with a fresh, increasing `req_id`. Only valid once opened. */
  request(build: (reqId: number) => object): number {
    const reqId = this.nextReqId++;
    // A silent server is as bad as a dead one: drop the connection so the owner retries afresh.
    this.pending.set(reqId, setTimeout(() => this.drop(failure('RequestTimeout')), this.timing.requestTimeout));
    this.ws.send(JSON.stringify(build(reqId)));
    return reqId;
  }

  /** Closes the socket and clears every timer; no listener call follows. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.connectTimer);
    clearInterval(this.pingTimer);
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.ws.onopen = this.ws.onmessage = this.ws.onclose = null;
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
  }

  private drop(why: Failure): void {
    if (this.closed) return;
    this.close();
    this.listener.dropped(why);
  }

  private onOpen(): void {
    clearTimeout(this.connectTimer);
    this.opened = true;
    // Deriv closes a connection after two minutes without traffic.
    if (this.pingInterval > 0) this.pingTimer = setInterval(() => this.ws.send(PING), this.pingInterval);
    this.listener.opened();
  }

  /** Anything that is not a well-formed answer to a pending request is ignored, never thrown. */
  private onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = frameSchema.safeParse(json);
    if (!parsed.success) return;
    const reqId = parsed.data.req_id;
    // No req_id: a pong. Unknown req_id: a stray or late reply.
    if (reqId === undefined || !this.pending.has(reqId)) return;
    clearTimeout(this.pending.get(reqId));
    this.pending.delete(reqId);
    this.listener.replied({ ...parsed.data, req_id: reqId });
  }
}
