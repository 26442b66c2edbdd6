/**
 * A local Deriv-compatible WebSocket server (the `ws` package, loopback only) for `npm start`,
 * the end-to-end tests and the benchmarks. It answers like Deriv's `/websockets/v3`:
 * - `{"residence_list":1}` with the recorded reply's countries (only the `query` fields when
 *   `query` names some), `msg_type:"residence_list"`, `echo_req`, and `req_id` when one was sent;
 * - `{"ping":1}` with `{"ping":"pong","msg_type":"ping","echo_req":...}`;
 * - anything else with an error reply (`UnrecognisedRequest`, `InputValidationFailed`, `BadRequest`),
 *   and every call with `InvalidAppID` when the connection's `app_id` is not accepted;
 * - and, like Deriv, it closes a connection after two minutes without a message.
 * Country names are not localised: `l` is recorded (and logged), the recorded English list is sent.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

/** The real recorded `residence_list` reply the server sends by default. */
export const RECORDED_REPLY_PATH = new URL('../../test/fixtures/residence_list.json', import.meta.url);

export type DerivCountry = Record<string, unknown> & { text: string; value: string };

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
  /** Default `/websockets/v3`; other paths are refused during the handshake. */
  path?: string;
  /** The list `residence_list` answers with. Default: the recorded reply. */
  countries?: readonly DerivCountry[];
  /** `app_id`s accepted; others get `InvalidAppID`. Default: any whole number. */
  appIds?: readonly string[];
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
  /** Parsed frames the client sent (the first 100). */
  readonly received: unknown[];
  readonly socket: WebSocket;
}

export interface FakeDerivServer {
  /** `ws://host:port/websockets/v3`: what the element's `ws-url` takes. */
  readonly url: string;
  readonly port: number;
  /** Every connection so far, oldest first. */
  readonly connections: readonly DerivConnection[];
  /** Calls answered so far, by kind: `residence_list`, `ping`, `error`. */
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

/** What kind of call a request frame is: Deriv routes on the first known key. */
function callOf(frame: Record<string, unknown>): string | undefined {
  if ('residence_list' in frame) return 'residence_list';
  if ('ping' in frame) return 'ping';
  return Object.keys(frame).find((key) => key !== 'req_id' && key !== 'passthrough');
}

/** Only the fields `query` names, as Deriv does when a request names them. */
function project(countries: readonly DerivCountry[], query: unknown): readonly DerivCountry[] {
  if (!Array.isArray(query) || query.length === 0) return countries;
  const wanted = query.filter((field): field is string => typeof field === 'string');
  return countries.map((country) => Object.fromEntries(wanted.filter((f) => f in country).map((f) => [f, country[f]])) as DerivCountry);
}

export async function startFakeDeriv(options: FakeDerivOptions = {}): Promise<FakeDerivServer> {
  const { host = '127.0.0.1', port = 0, path = '/websockets/v3', replyDelayMs = 0, idleTimeoutMs = 120_000 } = options;
  const countries = options.countries ?? recordedCountries();
  const log = options.log ?? (() => {});
  const acceptsApp = (appId: string | null): boolean =>
    appId !== null && (options.appIds ? options.appIds.includes(appId) : /^[1-9]\d{0,9}$/.test(appId));

  const connections: DerivConnection[] = [];
  const answered = { residence_list: 0, ping: 0, error: 0 };
  const arrivals: Array<() => void> = [];

  const wss = new WebSocketServer({ host, port, path, maxPayload: MAX_FRAME_BYTES });
  await new Promise<void>((resolve, reject) => {
    wss.once('error', reject);
    wss.once('listening', () => {
      wss.off('error', reject);
      resolve();
    });
  });
  const address = wss.address() as AddressInfo;
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

    const send = (frame: object) => {
      const write = () => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
      };
      if (replyDelayMs > 0) setTimeout(write, replyDelayMs);
      else write();
    };
    const sendError = (echo: unknown, msgType: string, code: string, message: string, reqId?: unknown) => {
      answered.error++;
      log(`connection #${conn.id}: ${msgType} → error ${code}`);
      send({ echo_req: echo, error: { code, message }, msg_type: msgType, ...(reqId !== undefined ? { req_id: reqId } : {}) });
    };

    socket.on('message', (data: RawData, isBinary: boolean) => {
      touch();
      let frame: unknown;
      try {
        frame = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        frame = undefined;
      }
      if (conn.received.length < MAX_FRAMES_KEPT) conn.received.push(frame);
      if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
        return sendError({}, 'error', 'BadRequest', 'The request is not a JSON object.');
      }
      const request = frame as Record<string, unknown>;
      const reqId = request.req_id;
      const call = callOf(request) ?? 'error';
      if (reqId !== undefined && !Number.isInteger(reqId)) {
        return sendError(request, call, 'InputValidationFailed', 'Input validation failed: req_id');
      }
      if (!acceptsApp(conn.appId)) return sendError(request, call, 'InvalidAppID', 'Your app_id is invalid.', reqId);
      const echoed = reqId !== undefined ? { req_id: reqId } : {};
      if (call === 'ping' && request.ping === 1) {
        answered.ping++;
        log(`connection #${conn.id}: ping → pong`);
        return send({ echo_req: request, msg_type: 'ping', ping: 'pong', ...echoed });
      }
      if (call === 'residence_list' && request.residence_list === 1) {
        answered.residence_list++;
        log(`connection #${conn.id}: residence_list${reqId !== undefined ? ` (req_id ${String(reqId)})` : ''} → ${countries.length} countries`);
        return send({ echo_req: request, msg_type: 'residence_list', residence_list: project(countries, request.query), ...echoed });
      }
      if (call === 'ping' || call === 'residence_list') {
        return sendError(request, call, 'InputValidationFailed', `Input validation failed: ${call}`, reqId);
      }
      return sendError(request, 'error', 'UnrecognisedRequest', 'Unrecognised request.', reqId);
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
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
  return server;
}
