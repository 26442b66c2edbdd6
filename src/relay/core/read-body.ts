/**
 * Reads a body with a byte limit enforced while streaming: a declared Content-Length over the
 * limit is refused before a byte is read, and a body that grows past the limit is cancelled
 * there. One loop gathers the bytes; a JSON body is them as strict UTF-8, an upload them as a Blob.
 */

type Refusal = { ok: false; reason: 'too_large' | 'aborted'; error?: unknown };
export type BodyBlob = { ok: true; blob: Blob } | Refusal;
export type BodyText = { ok: true; text: string } | Refusal | { ok: false; reason: 'not_utf8' };
type BodyBytes = { ok: true; chunks: Uint8Array<ArrayBuffer>[]; size: number } | Refusal;

/** What a Request and a Response share that reading needs. */
export interface HasBody {
  body: ReadableStream<Uint8Array> | null;
  headers: Headers;
}

// Without `stream: true` a decoder keeps no state between calls, so one serves every body.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A declared Content-Length past the limit: refused before reading a byte. */
export const declaredTooLarge = (contentLength: string | null | undefined, maxBytes: number): boolean =>
  contentLength != null && Number(contentLength) > maxBytes;

/** A body's chunks one by one; `stop` when the rest will not be read. */
export interface BodyChunks {
  next(): Promise<IteratorResult<Uint8Array>>;
  stop(): Promise<void>;
}

/**
 * A message may hand its chunks straight from their source (the Node adapter's Request reads its
 * message: a web stream over it cost more than the relay's whole check of a form, measured).
 */
export const BODY_CHUNKS = Symbol('kyc-relay.body-chunks');

interface MaybeChunked extends HasBody {
  [BODY_CHUNKS]?: () => BodyChunks | null;
}

/** A web stream's chunks (a class: nothing else is made per body). */
class StreamChunks implements BodyChunks {
  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  next(): Promise<IteratorResult<Uint8Array>> {
    return this.reader.read() as Promise<IteratorResult<Uint8Array>>;
  }

  async stop(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }
}

function chunksOf(message: MaybeChunked): BodyChunks | null {
  const own = message[BODY_CHUNKS];
  if (own) return own.call(message);
  return message.body ? new StreamChunks(message.body.getReader()) : null;
}

async function readBytes(message: HasBody, maxBytes: number): Promise<BodyBytes> {
  if (declaredTooLarge(message.headers.get('content-length'), maxBytes)) {
    await discardBody(message);
    return { ok: false, reason: 'too_large' };
  }
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const source = chunksOf(message);
  if (!source) return { ok: true, chunks, size: 0 };
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await source.next();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await source.stop();
        return { ok: false, reason: 'too_large' };
      }
      chunks.push(value as Uint8Array<ArrayBuffer>);
    }
  } catch (error) {
    return { ok: false, reason: 'aborted', error };
  }
  return { ok: true, chunks, size };
}

/** The body's bytes as a Blob (which `new Request(..., { body })` takes as is). */
export async function readBlob(message: HasBody, maxBytes: number): Promise<BodyBlob> {
  const bytes = await readBytes(message, maxBytes);
  return bytes.ok ? { ok: true, blob: new Blob(bytes.chunks) } : bytes;
}

/** The body as strict UTF-8 text. */
export async function readBodyText(message: HasBody, maxBytes: number): Promise<BodyText> {
  const bytes = await readBytes(message, maxBytes);
  if (!bytes.ok) return bytes;
  // Small bodies come in one chunk: decoded where it lies.
  const whole = bytes.chunks.length === 1 ? bytes.chunks[0]! : concat(bytes.chunks, bytes.size);
  try {
    return { ok: true, text: UTF8.decode(whole) };
  } catch {
    return { ok: false, reason: 'not_utf8' };
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** The body will not be read. */
export async function discardBody(message: HasBody): Promise<void> {
  await chunksOf(message)?.stop();
}

/** True for `application/json` with no parameter but an optional UTF-8 charset. */
export function isJsonContentType(value: string | null): boolean {
  if (value === null) return false;
  // What browsers and the element send: no parsing needed.
  if (value === 'application/json') return true;
  const [type, ...params] = value.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((param) => param === '' || /^charset="?utf-8"?$/.test(param));
}

export type JsonObject =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; status: 400 | 413 | 415; reason: 'content_type' | 'too_large' | 'aborted' | 'invalid_json' };

/** The request's body as a JSON object, or why it is refused. */
export async function readJsonObject(request: HasBody, maxBytes: number): Promise<JsonObject> {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    await discardBody(request);
    return { ok: false, status: 415, reason: 'content_type' };
  }
  const text = await readBodyText(request, maxBytes);
  if (!text.ok) {
    if (text.reason === 'too_large') return { ok: false, status: 413, reason: 'too_large' };
    return { ok: false, status: 400, reason: text.reason === 'aborted' ? 'aborted' : 'invalid_json' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text.text);
  } catch {
    return { ok: false, status: 400, reason: 'invalid_json' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, status: 400, reason: 'invalid_json' };
  return { ok: true, value: value as Record<string, unknown> };
}
