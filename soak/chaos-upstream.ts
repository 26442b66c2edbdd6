/**
 * A BASIS ID stand-in that misbehaves at random, for the soak: each call draws one behaviour,
 * from a proper answer to a reset connection. Loopback only; `close()` cuts everything.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listen } from '../src/relay/node/listen.js';
import { createTimers } from './timers.js';

/** Behaviour → weight, and what the relay must answer for it. */
export const CHAOS = {
  ok: { weight: 28, expect: 200 },
  'bad (user:exists)': { weight: 10, expect: 422 },
  'slow but in time': { weight: 4, expect: 200 },
  'HTTP 500 with HTML': { weight: 10, expect: 502 },
  'connection reset': { weight: 10, expect: 502 },
  'HTML with 200': { weight: 7, expect: 502 },
  'garbage JSON': { weight: 7, expect: 502 },
  'truncated body, then reset': { weight: 4, expect: 502 },
  'redirect (302)': { weight: 4, expect: 502 },
  'bad key (error:key)': { weight: 4, expect: 502 },
  'slower than the relay timeout': { weight: 8, expect: 504 },
  'never answers': { weight: 4, expect: 504 },
} as const;
export type ChaosKind = keyof typeof CHAOS;

export interface ChaosUpstream {
  url: string;
  /** Calls served, by behaviour. */
  served: Record<string, number>;
  close(): Promise<void>;
}

const KINDS = Object.keys(CHAOS) as ChaosKind[];
const TOTAL = KINDS.reduce((a, k) => a + CHAOS[k].weight, 0);

function draw(): ChaosKind {
  let r = Math.random() * TOTAL;
  for (const kind of KINDS) if ((r -= CHAOS[kind].weight) < 0) return kind;
  return 'ok';
}

const okBody = () =>
  JSON.stringify({
    status: 'ok',
    user_hash: randomBytes(8).toString('hex'),
    user_id: 1 + Math.floor(Math.random() * 1e6),
    api_access_token: 'acc',
    api_refresh_token: 'ref',
    blockchain_read_token: 'bc',
  });

function send(res: ServerResponse, status: number, body: string, type = 'application/json', extra: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

/** `slowMs`: how late the "slower than the relay timeout" answers come (set above the relay's timeout). */
export async function startChaosUpstream({ slowMs }: { slowMs: number }): Promise<ChaosUpstream> {
  const served: Record<string, number> = {};
  const sockets = new Set<Socket>();
  const timers = createTimers();
  const later = timers.later;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const kind = draw();
      served[kind] = (served[kind] ?? 0) + 1;
      switch (kind) {
        case 'ok':
          return send(res, 200, okBody());
        case 'bad (user:exists)':
          return send(res, 200, JSON.stringify({ status: 'bad', errors: ['user:exists'] }));
        case 'slow but in time':
          return later(slowMs / 4, () => send(res, 200, okBody()));
        case 'HTTP 500 with HTML':
          return send(res, 500, '<html><body><h1>500 Internal Server Error</h1></body></html>', 'text/html');
        case 'connection reset':
          return void req.socket.resetAndDestroy();
        case 'HTML with 200':
          return send(res, 200, '<!doctype html><title>Maintenance</title><p>Back soon</p>', 'text/html');
        case 'garbage JSON':
          return send(res, 200, '{"status":"ok","user_hash":"ab', 'application/json');
        case 'truncated body, then reset':
          res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '500' });
          res.write('{"status":"ok","user_ha');
          return later(20, () => req.socket.resetAndDestroy());
        case 'redirect (302)':
          return send(res, 302, '', 'text/plain', { Location: 'http://127.0.0.1:9/elsewhere' });
        case 'bad key (error:key)':
          return send(res, 200, JSON.stringify({ status: 'bad', errors: ['error:key'] }));
        case 'slower than the relay timeout':
          return later(slowMs, () => send(res, 200, okBody()));
        case 'never answers':
          return;
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const { url } = await listen(server, 0, '127.0.0.1');
  return {
    url: `${url}/auth/base-check`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
