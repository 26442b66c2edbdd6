/**
 * One WebSocket connection to Deriv: connect timeout, ping loop, and replies matched to
 * requests by `req_id` and `msg_type`, each with its own time limit. It never reconnects by
 * itself: any end the owner did not ask for is reported once through `dropped`, and the owner decides.
 */
import { frameSchema, type DerivFrame } from './residence-list.js';

export interface SocketTiming {
  /** ms from `new WebSocket` to `open` before giving up. */
  connectTimeout: number;
  /** ms a request (a ping too) may go unanswered before the connection is dropped. */
  requestTimeout: number;
}

export interface SocketListener {
  opened(): void;
  /** A well-formed frame that answers one of our pending requests (pongs are handled here). */
  replied(frame: DerivFrame): void;
  /** The connection ended without `close()`: refused, timed out, closed or refused by the server (a failure code, deriv-failure.ts). */
  dropped(code: string): void;
}

interface Pending {
  msgType: string;
  timer: ReturnType<typeof setTimeout>;
}

export class DerivSocket {
  private readonly __ws: WebSocket;
  private readonly __pending = new Map<number, Pending>();
  private __connectTimer: ReturnType<typeof setTimeout> | undefined;
  private __pingTimer: ReturnType<typeof setInterval> | undefined;
  private __nextReqId = 1;
  private __opened = false;

  /** Throws (SyntaxError) when the browser refuses the URL outright. `pingInterval` is in ms. */
  constructor(
    url: string,
    private readonly __pingInterval: number,
    private readonly __timing: SocketTiming,
    private readonly __listener: SocketListener,
  ) {
    this.__ws = new WebSocket(url);
    this.__ws.onopen = () => this.__onOpen();
    this.__ws.onmessage = (event) => this.__onMessage(event.data);
    // A refused connection fires `error` then `close`; `close` alone is enough to act on.
    this.__ws.onclose = () => this.__drop(this.__opened ? 'ConnectionClosed' : 'ConnectFailed');
    this.__connectTimer = setTimeout(() => this.__drop('ConnectTimeout'), __timing.connectTimeout);
  }

  /**
   * Sends `body` with a fresh, increasing `req_id`; its reply is the frame with that
   * `req_id` and `msgType`. Only valid once opened.
   */
  request(msgType: string, body: object): void {
    const reqId = this.__nextReqId++;
    // A silent server is as bad as a dead one: drop the connection so the owner retries afresh.
    const timer = setTimeout(() => this.__drop('RequestTimeout'), this.__timing.requestTimeout);
    this.__pending.set(reqId, { msgType, timer });
    this.__ws.send(JSON.stringify({ ...body, req_id: reqId }));
  }

  /**
   * Closes the socket and clears every timer; no listener call follows, as nothing is left that
   * could make one (a cleared timer never fires, even when due). Idempotent.
   */
  close(): void {
    clearTimeout(this.__connectTimer);
    clearInterval(this.__pingTimer);
    for (const { timer } of this.__pending.values()) clearTimeout(timer);
    this.__pending.clear();
    this.__ws.onopen = this.__ws.onmessage = this.__ws.onclose = null;
    // A socket already closing or closed ignores this (the WebSocket standard's close()).
    this.__ws.close(1000);
  }

  private __drop(code: string): void {
    this.close();
    this.__listener.dropped(code);
  }

  private __onOpen(): void {
    clearTimeout(this.__connectTimer);
    this.__opened = true;
    // Keeps the connection alive, and a pong that does not come in time reveals a dead one.
    this.__pingTimer = setInterval(() => this.request('ping', { ping: 1 }), this.__pingInterval);
    this.__listener.opened();
  }

  /** Anything that is not a well-formed answer to a pending request is ignored, never thrown. */
  private __onMessage(data: unknown): void {
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
    if (reqId === undefined) return error ? this.__drop(error.code) : undefined;
    const request = this.__pending.get(reqId);
    // Unknown req_id or another msg_type: a stray or late reply, not ours.
    if (!request || request.msgType !== msgType) return;
    clearTimeout(request.timer);
    this.__pending.delete(reqId);
    if (msgType !== 'ping') this.__listener.replied(parsed.data);
  }
}
