/**
 * The journey routes under load, on loopback: the real relay (Node adapter) in front of the fake
 * BASIS ID, driven by concurrent people for a fixed time. Each runs base-check, uploads a document,
 * a selfie and a pdf with its session, gets BASIS ID's signed callback delivered (then a replay
 * and a forged one), and reads `status`. Every answer is checked against the contract: a request
 * without an answer (timeout, reset) is lost, an answer the contract does not give is outside it.
 */
import { readFileSync } from 'node:fs';
import { startFakeBasis } from '../demo/services/fake-basis.js';
import { startRelayServer } from '../src/relay/index.js';
import { PERSON_PAYLOAD } from '../test/e2e/helpers/form.js';

const KEY = 'soak-basis-key';
const SECRET2 = 'soak-secret2-0123456789';
const CLIENT_TIMEOUT_MS = 5_000;
const PHOTO = readFileSync(new URL('../test/fixtures/files/photo.jpg', import.meta.url));
const STATEMENT = readFileSync(new URL('../test/fixtures/files/statement.pdf', import.meta.url));

/** What a journey request is, and the one answer the contract gives it here. */
const EXPECTED = {
  'base-check': 200,
  document: 200,
  selfie: 200,
  'address-proof': 200,
  callback: 200,
  'callback replay': 200,
  'callback forged': 401,
  status: 200,
} as const;
type Kind = keyof typeof EXPECTED;

export interface JourneySoakReport {
  seconds: number;
  people: number;
  journeys: number;
  byKind: Record<Kind, { sent: number; answered: number; lost: number; outside: number }>;
  /** The first few answers outside the contract. */
  examples: string[];
  /** Callbacks the relay logged as replays (each replay sent must be one). */
  replaysLogged: number;
}

export async function soakJourney(seconds: number, log: (line: string) => void, people = 8): Promise<JourneySoakReport> {
  const basis = await startFakeBasis({ key: KEY, keep: 10_000 });
  let replaysLogged = 0;
  const relay = await startRelayServer({
    apiKey: KEY,
    upstreamUrl: basis.url,
    secret2: SECRET2,
    port: 0,
    // One loopback address for everyone: base-check's per-IP limit is not what this soak measures.
    rateLimiter: false,
    logger: (entry) => {
      if (entry.note === 'callback-replay') replaysLogged++;
    },
  });
  basis.callback = { url: `${relay.url}/api/kyc/callback`, secret2: SECRET2 };
  const byKind = Object.fromEntries(Object.keys(EXPECTED).map((k) => [k, { sent: 0, answered: 0, lost: 0, outside: 0 }])) as JourneySoakReport['byKind'];
  const examples: string[] = [];
  let journeys = 0;

  /** Counts one request: answered with the expected status and body, outside the contract, or lost. */
  async function check(kind: Kind, send: () => Promise<{ status: number; body: string }>, bodyOk: (body: string) => boolean): Promise<string | null> {
    const counts = byKind[kind];
    counts.sent++;
    try {
      const { status, body } = await send();
      counts.answered++;
      if (status === EXPECTED[kind] && bodyOk(body)) return body;
      counts.outside++;
      if (examples.length < 10) examples.push(`${kind}: HTTP ${status} ${body.slice(0, 120)}`);
    } catch (error) {
      counts.lost++;
      if (examples.length < 10) examples.push(`${kind}: lost (${(error as Error).message})`);
    }
    return null;
  }

  const call = async (path: string, init: RequestInit) => {
    const response = await fetch(`${relay.url}${path}`, { ...init, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
    return { status: response.status, body: await response.text() };
  };
  const json = (body: string) => {
    try {
      return JSON.parse(body) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  const isOk = (body: string) => json(body).status === 'ok';

  async function journey(n: number): Promise<void> {
    const person = { ...PERSON_PAYLOAD, email: `soak${n}@example.com` };
    const signed = await check('base-check', () => call('/api/kyc/base-check', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(person) }), (b) => typeof json(b).session === 'string');
    if (!signed) return;
    const { session, userHash } = json(signed) as { session: string; userHash: string };
    const auth = { Authorization: `Bearer ${session}` };
    const upload = (kind: 'document' | 'selfie' | 'address-proof', file: Buffer, type: string, fields: Record<string, string> = {}) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append('file', new Blob([new Uint8Array(file)], { type }), 'file');
      return check(kind, () => call(`/api/kyc/${kind}`, { method: 'POST', headers: auth, body: form }), (b) => b === '{"status":"ok"}');
    };
    await upload('document', PHOTO, 'image/jpeg', { side: '1', type: 'passport' });
    await upload('selfie', PHOTO, 'image/jpeg');
    await upload('address-proof', STATEMENT, 'application/pdf');
    const delivered = (kind: Kind) => check(kind, async () => {
      const sent = await basis.sendCallback(userHash);
      return { status: sent.status, body: sent.text };
    }, (b) => b === 'OK');
    await delivered('callback');
    await delivered('callback replay');
    const forged = { user_id: '1', user_hash: userHash, status: '11', autocheck_bad_reasons: '', signature: '0'.repeat(64) };
    await check('callback forged', () => call('/api/kyc/callback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(forged) }), (b) => json(b).status === 'error');
    await check('status', () => call('/api/kyc/status', { headers: auth }), (b) => isOk(b) && json(b).verdict === 'approved');
    journeys++;
  }

  const end = performance.now() + seconds * 1000;
  let next = 0;
  log(`journey: ${people} people through base-check, three uploads, callbacks and status for ${seconds} s`);
  try {
    await Promise.all(
      Array.from({ length: people }, async () => {
        while (performance.now() < end) await journey(next++);
      }),
    );
  } finally {
    await Promise.all([relay.close(1_000), basis.close()]);
  }
  return { seconds, people, journeys, byKind, examples, replaysLogged };
}
