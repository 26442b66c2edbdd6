/**
 * A scriptable Deriv WebSocket for browser tests, on msw's `ws.link()`.
 * msw patches the global WebSocket, so the controller's native `new WebSocket(url)` lands here.
 * What it answers by default is the same protocol the demo's `ws` server speaks.
 */
import { ws, type WebSocketHandlerConnection } from 'msw';
import { setupWorker } from 'msw/browser';
import {
  DerivProtocol,
  derivCountries,
  errorReply,
  parseFrame,
  type DerivCountry,
  type Outcome,
} from '../../../demo/services/deriv-protocol.js';

export const WS_URL = 'wss://deriv.test/websockets/v3';

type Client = WebSocketHandlerConnection['client'];
// Frames are whatever the controller sent: tests inspect them freely.
type Frame = any;

export interface FakeConnection {
  readonly client: Client;
  readonly url: URL;
  readonly openedAt: number;
  /** Frames the controller sent, JSON-parsed. */
  readonly received: Frame[];
  closedAt: number | undefined;
  send(frame: unknown): void;
}

export interface Script {
  /** Called as each connection arrives (index from 0), after Deriv's own opening (none for a valid app_id). */
  connect?(conn: FakeConnection, index: number): void;
  /** Called for each frame the controller sends. Default: answer like Deriv. */
  message?(conn: FakeConnection, frame: Frame, index: number): void;
}

export interface FakeDeriv {
  /** What it answers by default; `protocol.rateLimited = true` makes it answer `RateLimit`. */
  readonly protocol: DerivProtocol;
  readonly connections: FakeConnection[];
  /** Connections neither side has closed yet. */
  openCount(): number;
  /** Every frame received on every connection. */
  allReceived(): Frame[];
}

const worker = setupWorker();
let started: Promise<unknown> | undefined;

/** Starts msw once per test file (each file runs in its own page). */
export function startMocking(): Promise<unknown> {
  started ??= untilClaimed().then(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
  return started;
}

/**
 * msw reloads a page that its worker does not control yet while a registration exists, and wtr
 * then reports the file as interrupted. That happens when another test page (wtr runs two at
 * once) has just registered the worker: wait for the worker to claim this page first.
 */
async function untilClaimed(): Promise<void> {
  const { serviceWorker } = navigator;
  if (!serviceWorker || serviceWorker.controller) return;
  if ((await serviceWorker.getRegistrations()).length === 0) return;
  await new Promise<void>((resolve) => {
    serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true });
    setTimeout(resolve, 3000);
  });
}

export function resetMocking(): void {
  worker.resetHandlers();
}

let fixture: { residence_list: Frame[] } | undefined;

/** The real recorded `residence_list` reply (249 countries). */
export async function recordedReply(): Promise<{ residence_list: Frame[] }> {
  fixture ??= await (await fetch('/test/fixtures/residence_list.json')).json();
  return structuredClone(fixture!);
}

let served: ((lang: string) => readonly DerivCountry[]) | undefined;

/** Sends what the protocol decided: its frames, then a close if it asks for one. */
function carryOut(conn: FakeConnection, { frames, close }: Outcome): void {
  if (conn.closedAt !== undefined) return;
  for (const frame of frames) conn.send(frame);
  // msw delivers a send in a microtask and drops it once the socket closes: close after it.
  if (close) queueMicrotask(() => conn.client.close(1000));
}

/** Deriv's answer to `frame` with `list` as the country list (whatever the connection's `l`). */
export function answerLikeDeriv(conn: FakeConnection, frame: Frame, list: unknown[]): void {
  const protocol = new DerivProtocol({ countries: () => list as DerivCountry[] });
  carryOut(conn, protocol.answer(conn.url.searchParams, JSON.stringify(frame)));
}

/** Answers `frame` with a Deriv error reply for the same request. */
export function answerError(conn: FakeConnection, frame: Frame, code: string): void {
  conn.send(errorReply(frame, code, `Deriv says ${code}`));
}

/**
 * Keeps the socket in CONNECTING forever, like a server that never completes the handshake.
 * msw opens a mocked socket in a microtask unless its readyState moved on; we move it to CLOSING
 * for that microtask, then put it back, so only the controller's own timeout can end it.
 */
export function neverOpen(conn: FakeConnection): void {
  const socket = (conn.client as unknown as { socket: { readyState: number } }).socket;
  socket.readyState = WebSocket.CLOSING;
  setTimeout(() => (socket.readyState = WebSocket.CONNECTING));
}

/** The `residence_list` requests a connection received. */
export const requests = (conn: FakeConnection): Frame[] => conn.received.filter((frame) => frame?.residence_list === 1);

/** Ends a connection before it opens, as a refused or failed handshake does. */
export const refuse = (conn: FakeConnection): void => conn.client.close(1006);

/** Installs a fake Deriv endpoint at WS_URL for the current test. */
export async function serve(script: Script = {}): Promise<FakeDeriv> {
  served ??= derivCountries((await recordedReply()).residence_list);
  const protocol = new DerivProtocol({ countries: served });
  const connections: FakeConnection[] = [];
  const link = ws.link(WS_URL);
  useHandlers(
    link.addEventListener('connection', ({ client }) => {
      const index = connections.length;
      const conn: FakeConnection = {
        client,
        url: new URL(client.url),
        openedAt: performance.now(),
        received: [],
        closedAt: undefined,
        send: (frame) => client.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
      };
      connections.push(conn);
      client.addEventListener('close', () => (conn.closedAt ??= performance.now()));
      client.addEventListener('message', (event) => {
        const text = typeof event.data === 'string' ? event.data : null;
        conn.received.push(parseFrame(text) ?? event.data);
        if (script.message) script.message(conn, conn.received.at(-1), index);
        else carryOut(conn, protocol.answer(conn.url.searchParams, text));
      });
      // msw opens the socket in a microtask: what Deriv says on opening goes after that.
      const opening = protocol.open(conn.url.searchParams);
      setTimeout(() => carryOut(conn, opening));
      script.connect?.(conn, index);
    }),
  );
  return {
    protocol,
    connections,
    openCount: () => connections.filter((c) => c.closedAt === undefined).length,
    allReceived: () => connections.flatMap((c) => c.received),
  };
}

/** Adds request handlers (e.g. the relay's HTTP answers) to the shared worker for the current test. */
export function useHandlers(...handlers: Parameters<typeof worker.use>): void {
  worker.use(...handlers);
}
