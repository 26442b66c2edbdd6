/**
 * A fake BASIS ID on loopback (`node:http`), for the end-to-end tests, benchmarks and soak: the
 * relay is pointed at it with `upstreamUrl`, so the real HTTP path is used.
 * `POST /auth/base-check` records what it received (key included: it stands in for BASIS ID) and
 * can be told to answer ok, `user:exists`, `empty:<field>`, `error:key`, HTTP 500, garbage, or slowly.
 * The steps after it (`send-document`, `send-image`, `send-statement`) record the multipart they
 * receive and answer like BASIS ID; `sendCallback` then posts the verdict to the relay's callback
 * URL, signed with SECRET2 as BASIS ID signs it: approved, or declined for the last name `declined`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { BASIS_REQUIRED_FIELDS } from '../../src/form/fields.js';
import { listen } from '../../src/relay/node/listen.js';

export const BASE_CHECK_PATH = '/auth/base-check';
/** BASIS ID's step calls, by path. */
export const STEP_PATHS = ['/auth/send-document', '/auth/send-image', '/auth/send-statement'] as const;
export type StepPath = (typeof STEP_PATHS)[number];

/**
 * - `ok`: BASIS ID's success (new hash, id and tokens each time), after checking the key and
 *   the always-required fields like BASIS ID (`empty:<field>`);
 * - `user-exists`: `{"status":"bad","errors":["user:exists"]}`;
 * - `bad-key`: `{"status":"bad","errors":["error:key"]}` whatever the key;
 * - `http-500`: HTTP 500 with an HTML body;
 * - `garbage`: HTTP 200 with a body that is not JSON.
 */
export type BasisMode = 'ok' | 'user-exists' | 'bad-key' | 'http-500' | 'garbage';

export interface FakeBasisOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** The key BASIS ID accepts; any other gets `error:key`. Default: any key. */
  key?: string;
  /** Default `ok`. */
  mode?: BasisMode;
  /** Milliseconds before answering (`slow`). Default 0. */
  delayMs?: number;
  /** Calls kept in `calls` (older ones are dropped; `count` still counts them). Default 1000. */
  keep?: number;
  /** One readable line per call (method, status, mode: never the body). Default: silent. */
  log?: (line: string) => void;
  /** Where BASIS ID's cabinet points its verdict callbacks, and the SECRET2 that signs them. */
  callback?: CallbackTarget;
}

export interface CallbackTarget {
  url: string;
  secret2: string;
}

/** One step upload as BASIS ID received it. */
export interface StepUpload {
  path: StepPath;
  /** The text fields (`user_hash`, `check_id`, `step`). */
  fields: Record<string, string>;
  /** The `file` part; null when none came. */
  file: { name: string; type: string; bytes: Uint8Array } | null;
  status: number;
}

/** A callback as sent, and how the relay answered it. */
export interface SentCallback {
  body: Record<string, string>;
  status: number;
  text: string;
}

export interface BasisCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body as received. */
  raw: string;
  /** The parsed JSON body, or null when it was not a JSON object. */
  body: Record<string, unknown> | null;
  receivedAt: number;
}

/** What a success answer carried: the browser must never see the tokens. */
export interface BasisIssued {
  user_hash: string;
  user_id: number;
  api_access_token: string;
  api_refresh_token: string;
  blockchain_read_token: string;
}

export interface FakeBasisServer {
  /** `http://host:port/auth/base-check`: the relay's `upstreamUrl`. */
  readonly url: string;
  readonly port: number;
  /** The latest calls (see `keep`), oldest first. */
  readonly calls: readonly BasisCall[];
  /** Every success answer's hash, id and tokens (see `keep`). */
  readonly issued: readonly BasisIssued[];
  /** Calls received since start or `reset()`. */
  readonly count: number;
  /** Step uploads received (see `keep`), oldest first. */
  readonly uploads: readonly StepUpload[];
  /** Where `sendCallback` posts; settable once the relay's URL is known. */
  callback: CallbackTarget | undefined;
  /**
   * BASIS ID's verdict callback for a user it issued: status 10 (approved), or 11 with
   * `black_list` when the last name is `declined` (any case). Sending it twice is a replay.
   */
  sendCallback(userHash: string): Promise<SentCallback>;
  mode: BasisMode;
  delayMs: number;
  /** Sets the answer mode (and the delay, default 0) for the calls that follow. */
  answer(mode: BasisMode, delayMs?: number): void;
  /** Forgets calls and issued answers; back to `ok` without delay. */
  reset(): void;
  /** Stops listening and cuts every connection (answers still waiting are abandoned). */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
/** A step's multipart: the relay sends at most 10 MiB. */
const MAX_UPLOAD_BYTES = 11 * 1024 * 1024;
const APPROVED = '10';
const DECLINED = '11';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

const token = (bytes: number) => randomBytes(bytes).toString('hex');

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startFakeBasis(options: FakeBasisOptions = {}): Promise<FakeBasisServer> {
  const { host = '127.0.0.1', port = 0, keep = 1_000 } = options;
  const log = options.log ?? (() => {});
  const calls: BasisCall[] = [];
  const issued: BasisIssued[] = [];
  const uploads: StepUpload[] = [];
  /** The last name of each issued user (for the verdict), by hash. */
  const lastNames = new Map<string, string>();
  const sockets = new Set<Socket>();
  const waits = new Set<ReturnType<typeof setTimeout>>();
  let count = 0;
  let nextUserId = 500_000;
  const remember = <T>(list: T[], item: T) => {
    list.push(item);
    if (list.length > keep) list.splice(0, list.length - keep);
  };

  function verdict(body: Record<string, unknown> | null): { status: number; text: string; type?: string } {
    const json = (value: unknown) => ({ status: 200, text: JSON.stringify(value) });
    switch (fake.mode) {
      case 'http-500':
        return { status: 500, text: '<html><body>Internal Server Error</body></html>', type: 'text/html' };
      case 'garbage':
        return { status: 200, text: 'this is not JSON', type: 'text/plain' };
      case 'bad-key':
        return json({ status: 'bad', errors: ['error:key'] });
      case 'user-exists':
        return json({ status: 'bad', errors: ['user:exists'] });
      case 'ok':
        break;
    }
    if (!body) return { status: 400, text: JSON.stringify({ status: 'bad', errors: ['error:request'] }) };
    if (options.key !== undefined && body.key !== options.key) return json({ status: 'bad', errors: ['error:key'] });
    const missing = BASIS_REQUIRED_FIELDS.filter((field) => body[field] === undefined || body[field] === '').map((f) => `empty:${f}`);
    // Like BASIS ID, a single error comes as a string.
    if (missing.length) return json({ status: 'bad', errors: missing.length === 1 ? missing[0] : missing });
    const answer: BasisIssued = {
      user_hash: token(16),
      user_id: nextUserId++,
      api_access_token: `acc_${token(20)}`,
      api_refresh_token: `ref_${token(20)}`,
      blockchain_read_token: `bc_${token(20)}`,
    };
    remember(issued, answer);
    lastNames.set(answer.user_hash, String(body.last_name));
    // As many as `issued` keeps: the oldest first out.
    if (lastNames.size > keep) lastNames.delete(lastNames.keys().next().value!);
    return json({ status: 'ok', ...answer });
  }

  /** A step upload: 404 for a user it did not issue, 400 for no file or a document without its side. */
  async function receiveStep(path: StepPath, contentType: string, raw: Buffer): Promise<{ status: number; text: string }> {
    const upload: StepUpload = { path, fields: {}, file: null, status: 400 };
    try {
      const form = await new Response(new Uint8Array(raw), { headers: { 'Content-Type': contentType } }).formData();
      for (const [name, value] of form) {
        if (typeof value === 'string') upload.fields[name] = value;
        else if (name === 'file') upload.file = { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
      }
    } catch {
      // Not multipart: recorded with no fields, answered 400.
    }
    const known = issued.find((user) => user.user_hash === upload.fields.user_hash);
    const sideOk = path !== '/auth/send-document' || upload.fields.step === '1' || upload.fields.step === '2';
    if (!known || String(known.user_id) !== upload.fields.check_id) upload.status = 404;
    else if (upload.file?.bytes.length && sideOk) upload.status = 200;
    remember(uploads, upload);
    log(`POST ${path} → ${upload.status}`);
    const text = upload.status === 200 ? { status: 'ok', file: `/uploads/${token(8)}` } : { status: 'error' };
    return { status: upload.status, text: JSON.stringify(text) };
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const stepPath = STEP_PATHS.find((known) => known === path);
    if (path !== BASE_CHECK_PATH && !stepPath) return send(res, 404, JSON.stringify({ status: 'error' }));
    if (req.method !== 'POST') return send(res, 405, JSON.stringify({ status: 'error' }));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > (stepPath ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES)) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (stepPath) {
        void receiveStep(stepPath, req.headers['content-type'] ?? '', Buffer.concat(chunks)).then(({ status, text }) => {
          if (!res.destroyed) send(res, status, text);
        });
        return;
      }
      count++;
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> | null = null;
      try {
        const parsed: unknown = JSON.parse(raw);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
      } catch {
        body = null;
      }
      remember(calls, { method: req.method ?? 'POST', path, headers: req.headers, raw, body, receivedAt: Date.now() });
      const mode = fake.mode;
      const reply = () => {
        const { status, text, type } = verdict(body);
        log(`POST ${BASE_CHECK_PATH} → ${status} (${mode}${fake.delayMs ? `, after ${fake.delayMs} ms` : ''})`);
        if (!res.destroyed) send(res, status, text, type);
      };
      if (fake.delayMs <= 0) return reply();
      const wait = setTimeout(() => {
        waits.delete(wait);
        reply();
      }, fake.delayMs);
      waits.add(wait);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const { address, url } = await listen(server, port, host);

  const fake: FakeBasisServer = {
    url: `${url}${BASE_CHECK_PATH}`,
    port: address.port,
    calls,
    issued,
    get count() {
      return count;
    },
    uploads,
    callback: options.callback,
    async sendCallback(userHash) {
      const target = fake.callback;
      const user = issued.find((candidate) => candidate.user_hash === userHash);
      if (!target || !user) throw new Error('fake BASIS ID: no callback URL, or a user it did not issue');
      const declined = lastNames.get(userHash)?.trim().toLowerCase() === 'declined';
      const fields = {
        user_id: String(user.user_id),
        user_hash: userHash,
        status: declined ? DECLINED : APPROVED,
        autocheck_bad_reasons: declined ? 'black_list' : '',
      };
      // The contract's formula, computed here on its own: sha256_hex(SECRET2 + user_id + user_hash + status + reasons).
      const signature = sha256Hex(target.secret2 + fields.user_id + fields.user_hash + fields.status + fields.autocheck_bad_reasons);
      const body = { ...fields, signature };
      const response = await fetch(target.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const sent: SentCallback = { body, status: response.status, text: await response.text() };
      log(`callback to the relay → ${sent.status}`);
      return sent;
    },
    mode: options.mode ?? 'ok',
    delayMs: options.delayMs ?? 0,
    answer(mode, delayMs = 0) {
      fake.mode = mode;
      fake.delayMs = delayMs;
    },
    reset() {
      calls.length = 0;
      issued.length = 0;
      uploads.length = 0;
      lastNames.clear();
      count = 0;
      fake.answer('ok');
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const wait of waits) clearTimeout(wait);
        waits.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
  return fake;
}
