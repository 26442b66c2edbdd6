/**
 * A local Deriv-compatible WebSocket server (the `ws` package, loopback only) for `npm start`,
 * the end-to-end tests, the benchmarks and the soak. What it answers is `deriv-protocol.ts`,
 * shared with the browser tests' fake; this file is the transport: connections, the idle close
 * Deriv does after two minutes without a message, latency, logging and the tests' handles.
 */
import { readFileSync } from 'node:fs';
import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { listen } from '../../src/relay/node/listen.js';
import { DerivProtocol, derivCountries, parseFrame, type DerivCountry, type DerivFrame, type Outcome } from './deriv-protocol.js';

/** The real recorded `residence_list` reply, the source of the server's data. */
export const RECORDED_REPLY_PATH = new URL('../../test/fixtures/residence_list.json', import.meta.url);

/** The countries of the recorded reply (249), read once per call: callers may change their copy. */
export function recordedCountries(): DerivCountry[] {
  const reply = JSON.parse(readFileSync(RECORDED_REPLY_PATH, 'utf8')) as { residence_list: DerivCountry[] };
  return reply.residence_list;
}

export interface FakeDerivOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /**
   * A listening HTTP server to serve on instead of a port of its own (the demo: vite's server):
   * only its upgrades at `path` are taken, every other request stays that server's.
   */
  server?: Server;
  /** Default `/websockets/v3`; other paths are refused during the handshake (left alone on a given `server`). */
  path?: string;
  /** `app_id`s accepted; others get the unsolicited `InvalidAppID` and a close. Default: any whole number. */
  appIds?: readonly string[];
  /** The countries, before localising and the newer tax ID placement. Default: the recorded reply. */
  countries?: readonly DerivCountry[];
  /** Milliseconds before each answer (latency for benchmarks). Default 0. */
  replyDelayMs?: number;
  /** Close a connection after this long without a message from the client, as Deriv does. Default 120 000; 0: never. */
  idleTimeoutMs?: number;
  /** One readable line per event (never frames' contents beyond their type). Default: silent. */
  log?: (line: string) => void;
}

/** One client connection, as the server saw it. */
export interface DerivConnection {
  /** 1, 2, ... in order of arrival. */
  readonly id: number;
  /** The request URL, e.g. `/websockets/v3?app_id=1089&l=EN`. */
  readonly url: URL;
  readonly appId: string | null;
  readonly lang: string | null;
  readonly openedAt: number;
  closedAt: number | undefined;
  /** Close code the server saw (1006 after `drop()`). */
  closeCode: number | undefined;
  /** Parsed frames the client sent (the first 100; null for one that is not a JSON object). */
  readonly received: unknown[];
  readonly socket: WebSocket;
}

export interface FakeDerivServer {
  /** `ws://host:port/websockets/v3`: what the element's `ws-url` takes. */
  readonly url: string;
  readonly port: number;
  /** What it answers; `protocol.rateLimited = true` makes it answer `RateLimit`. */
  readonly protocol: DerivProtocol;
  /** Every connection so far, oldest first. */
  readonly connections: readonly DerivConnection[];
  /** Frames sent so far, by kind: `residence_list`, `ping`, `error`. */
  readonly answered: Readonly<Record<'residence_list' | 'ping' | 'error', number>>;
  /** Connections not closed yet. */
  openConnections(): DerivConnection[];
  /** Resolves with the `count`-th connection (1-based) once it has arrived. */
  waitForConnection(count: number, timeoutMs?: number): Promise<DerivConnection>;
  /** Cuts every open connection without a close frame, like a network loss. Returns how many. */
  drop(): number;
  /** Stops listening and cuts every connection. */
  close(): Promise<void>;
}

const MAX_FRAMES_KEPT = 100;
const MAX_FRAME_BYTES = 64 * 1024;

/** A frame's kind, for the counts. */
const kindOf = (frame: DerivFrame): 'residence_list' | 'ping' | 'error' =>
  frame.error ? 'error' : frame.msg_type === 'ping' ? 'ping' : 'residence_list';

/** One log line for a frame sent: the call, its req_id and the outcome, never the contents. */
function describe(frame: DerivFrame): string {
  const call = `${String(frame.msg_type)}${frame.req_id !== undefined ? ` (req_id ${String(frame.req_id)})` : ''}`;
  if (frame.error) return `${call} → error ${String((frame.error as DerivFrame).code)}`;
  return Array.isArray(frame.residence_list) ? `${call} → ${frame.residence_list.length} countries` : `${call} → pong`;
}

export async function startFakeDeriv(options: FakeDerivOptions = {}): Promise<FakeDerivServer> {
  const { host = '127.0.0.1', port = 0, path = '/websockets/v3', replyDelayMs = 0, idleTimeoutMs = 120_000 } = options;
  const log = options.log ?? (() => {});
  const protocol = new DerivProtocol({ countries: derivCountries(options.countries ?? recordedCountries()), appIds: options.appIds });

  const connections: DerivConnection[] = [];
  const answered = { residence_list: 0, ping: 0, error: 0 };
  const arrivals: Array<() => void> = [];

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const own = options.server === undefined;
  // Its own server answers plain HTTP as `ws` does: 426, a WebSocket is expected here.
  const http = options.server ?? createServer((_, res) => res.writeHead(426, { 'Content-Type': 'text/plain' }).end(STATUS_CODES[426]));
  const onUpgrade = (request: IncomingMessage, socket: Socket, head: Buffer) => {
    if ((request.url ?? '/').split('?')[0] === path) {
      wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
    } else if (own) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    }
  };
  http.on('upgrade', onUpgrade);
  const address = own ? (await listen(http, port, host)).address : (http.address() as AddressInfo | null);
  if (!address) throw new Error('fake Deriv: the given server is not listening');
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  wss.on('connection', (socket, request) => {
    const url = new URL(request.url ?? '/', `ws://${request.headers.host ?? 'localhost'}`);
    const conn: DerivConnection = {
      id: connections.length + 1,
      url,
      appId: url.searchParams.get('app_id'),
      lang: url.searchParams.get('l'),
      openedAt: Date.now(),
      closedAt: undefined,
      closeCode: undefined,
      received: [],
      socket,
    };
    connections.push(conn);
    arrivals.splice(0).forEach((wake) => wake());
    log(`connection #${conn.id} opened (app_id=${conn.appId ?? '-'}, l=${conn.lang ?? '-'})`);

    let idle: ReturnType<typeof setTimeout> | undefined;
    const touch = () => {
      clearTimeout(idle);
      if (idleTimeoutMs > 0) {
        idle = setTimeout(() => {
          log(`connection #${conn.id}: no message for ${idleTimeoutMs / 1000} s, closing it (as Deriv does)`);
          socket.close(1000, 'inactivity');
        }, idleTimeoutMs);
        idle.unref();
      }
    };
    touch();

    const carryOut = ({ frames, close }: Outcome) => {
      const write = () => {
        if (socket.readyState !== socket.OPEN) return;
        for (const frame of frames) {
          answered[kindOf(frame)]++;
          log(`connection #${conn.id}: ${describe(frame)}`);
          socket.send(JSON.stringify(frame));
        }
        if (close) socket.close(1000);
      };
      if (replyDelayMs > 0) setTimeout(write, replyDelayMs);
      else write();
    };
    carryOut(protocol.open(url.searchParams));

    socket.on('message', (data: RawData, isBinary: boolean) => {
      touch();
      const text = isBinary ? null : data.toString();
      if (conn.received.length < MAX_FRAMES_KEPT) conn.received.push(parseFrame(text));
      carryOut(protocol.answer(url.searchParams, text));
    });
    socket.on('close', (code) => {
      clearTimeout(idle);
      conn.closedAt = Date.now();
      conn.closeCode = code;
      log(`connection #${conn.id} closed (${code})`);
    });
    socket.on('error', () => {
      // A reset or an oversized frame: `close` follows and is logged there.
    });
  });

  const server: FakeDerivServer = {
    url: `ws://${shownHost}:${address.port}${path}`,
    port: address.port,
    protocol,
    connections,
    answered,
    openConnections: () => connections.filter((conn) => conn.closedAt === undefined),
    waitForConnection(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const conn = connections[count - 1];
          if (!conn) return void arrivals.push(check);
          clearTimeout(timer);
          resolve(conn);
        };
        const timer = setTimeout(() => {
          arrivals.splice(arrivals.indexOf(check) >>> 0, 1);
          reject(new Error(`fake Deriv: connection #${count} did not arrive in ${timeoutMs} ms (${connections.length} so far)`));
        }, timeoutMs);
        check();
      });
    },
    drop() {
      const open = server.openConnections();
      for (const conn of open) {
        log(`connection #${conn.id}: dropping it (no close frame)`);
        conn.socket.terminate();
      }
      return open.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.off('upgrade', onUpgrade);
        for (const client of wss.clients) client.terminate();
        wss.close(() => (own ? http.close(() => resolve()) : resolve()));
      }),
  };
  return server;
}
