/**
 * One WebSocket connection to Deriv: connect timeout, ping loop, and replies matched to
 * requests by `req_id` and `msg_type`, each with its own time limit. It never reconnects by
 * itself: any end the owner did not ask for is reported once through `dropped`, and the owner decides.
 */
import { derivFailure, type DerivFailure } from './deriv-failure.js';
import { frameSchema, type DerivFrame } from './residence-list.js';

export interface SocketTiming {
  /** ms from `new WebSocket` to `open` before giving up. */
  connectTimeout: number;
  /** ms a request (a ping too) may go unanswered before the connection is dropped. */
  requestTimeout: number;
}

export type DerivReply = DerivFrame & { req_id: number; msg_type: string };

export interface SocketListener {
  opened(): void;
  /** A well-formed frame that answers one of our pending requests (pongs are handled here). */
  replied(frame: DerivReply): void;
  /** The connection ended without `close()`: refused, timed out, closed or refused by the server. */
  dropped(why: DerivFailure): void;
}

interface Pending {
  msgType: string;
  timer: ReturnType<typeof setTimeout>;
}

export class DerivSocket {
  private readonly ws: WebSocket;
  private readonly pending = new Map<number, Pending>();
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private nextReqId = 1;
  private opened = false;
  private closed = false;

  /** Throws (SyntaxError) when the browser refuses the URL outright. `pingInterval` is in ms. */
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
    this.ws.onclose = () => this.drop(derivFailure(this.opened ? 'ConnectionClosed' : 'ConnectFailed'));
    this.connectTimer = setTimeout(() => this.drop(derivFailure('ConnectTimeout')), timing.connectTimeout);
  }

  /**
   * Sends `build(reqId)` with a fresh, increasing `req_id`; its reply is the frame with that
   * `req_id` and `msgType`. Only valid once opened.
   */
  request(msgType: string, build: (reqId: number) => object): number {
    const reqId = this.nextReqId++;
    // A silent server is as bad as a dead one: drop the connection so the owner retries afresh.
    const timer = setTimeout(() => this.drop(derivFailure('RequestTimeout')), this.timing.requestTimeout);
    this.pending.set(reqId, { msgType, timer });
    this.ws.send(JSON.stringify(build(reqId)));
    return reqId;
  }

  /** Closes the socket and clears every timer; no listener call follows. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.connectTimer);
    clearInterval(this.pingTimer);
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.ws.onopen = this.ws.onmessage = this.ws.onclose = null;
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
  }

  private drop(why: DerivFailure): void {
    if (this.closed) return;
    this.close();
    this.listener.dropped(why);
  }

  private onOpen(): void {
    clearTimeout(this.connectTimer);
    this.opened = true;
    // Keeps the connection alive, and a pong that does not come in time reveals a dead one.
    this.pingTimer = setInterval(() => this.request('ping', (reqId) => ({ ping: 1, req_id: reqId })), this.pingInterval);
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
    const { req_id: reqId, msg_type: msgType, error } = parsed.data;
    // Every request we send carries a req_id, so an error without one concerns the whole
    // connection (an unsolicited InvalidAppID before the server closes, for one).
    if (reqId === undefined) return error ? this.drop(derivFailure(error.code)) : undefined;
    const request = this.pending.get(reqId);
    // Unknown req_id or another msg_type: a stray or late reply, not ours.
    if (!request || request.msgType !== msgType) return;
    clearTimeout(request.timer);
    this.pending.delete(reqId);
    if (msgType !== 'ping') this.listener.replied({ ...parsed.data, req_id: reqId, msg_type: msgType });
  }
}
