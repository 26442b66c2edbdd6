/** A fake BASIS ID base-check on loopback (for the Node server and bin tests), and a JSON POST as a client. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { BASIS_OK } from './relay.js';

export type Mode = 'ok' | 'slow' | 'http500' | 'reset' | 'redirect' | 'html' | 'malformed' | 'stall-body';

/** A fake BASIS ID: its behaviour is `mode`; it records what it received. */
export class FakeUpstream {
  mode: Mode = 'ok';
  received: { path: string; contentType: string | undefined; body: Record<string, unknown> }[] = [];
  server: Server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start() {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop() {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    let text = '';
    for await (const chunk of req) text += chunk;
    this.received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: JSON.parse(text || '{}') });
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(body);
    };
    switch (this.mode) {
      case 'ok':
        return send(200, 'application/json', JSON.stringify(BASIS_OK));
      case 'slow':
        return; // never answers
      case 'http500':
        return send(500, 'application/json', '{"status":"error"}');
      case 'reset':
        return req.socket.destroy();
      case 'redirect':
        res.writeHead(302, { Location: '/elsewhere' });
        return res.end();
      case 'html':
        return send(200, 'text/html', '<!doctype html><title>502 Bad Gateway</title>');
      case 'malformed':
        return send(200, 'application/json', '{"status":"ok","user_hash":"ab');
      case 'stall-body':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.write('{"status":"ok",');
    }
  }
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text || 'null') as Record<string, unknown> };
}
