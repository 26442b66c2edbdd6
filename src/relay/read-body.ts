/**
 * Reads a body as UTF-8 text with a byte limit enforced while streaming: reading stops
 * (and the stream is cancelled) as soon as the limit is passed, whatever Content-Length said.
 * `BodyChunks` is the limit and the decoding; web streams (here) and Node messages
 * (node-request.ts) only feed it.
 */

export type BodyText =
  | { ok: true; text: string }
  | { ok: false; reason: 'too_large' | 'not_utf8' | 'aborted'; error?: unknown };

// Without `stream: true` a decoder keeps no state between calls, so one serves every body.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A declared Content-Length past the limit: refused before reading a byte. */
export const declaredTooLarge = (contentLength: string | null | undefined, maxBytes: number): boolean =>
  contentLength != null && Number(contentLength) > maxBytes;

/** A body's chunks, gathered up to a byte limit. */
export class BodyChunks {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;
  private readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /** False once the limit is passed: the caller stops reading. */
  add(chunk: Uint8Array): boolean {
    this.size += chunk.byteLength;
    if (this.size > this.maxBytes) return false;
    this.chunks.push(chunk);
    return true;
  }

  /** Everything gathered, as strict UTF-8. */
  text(): BodyText {
    // Small bodies come in one chunk: decoded where it lies.
    const bytes = this.chunks.length === 1 ? this.chunks[0]! : concat(this.chunks, this.size);
    try {
      return { ok: true, text: UTF8.decode(bytes) };
    } catch {
      return { ok: false, reason: 'not_utf8' };
    }
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

interface HasBody {
  body: ReadableStream<Uint8Array> | null;
  headers: Headers;
}

export async function readBodyText(message: HasBody, maxBytes: number): Promise<BodyText> {
  if (declaredTooLarge(message.headers.get('content-length'), maxBytes)) {
    await message.body?.cancel().catch(() => {});
    return { ok: false, reason: 'too_large' };
  }
  if (!message.body) return { ok: true, text: '' };
  const reader = message.body.getReader();
  const chunks = new BodyChunks(maxBytes);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!chunks.add(value)) {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: 'too_large' };
      }
    }
  } catch (error) {
    return { ok: false, reason: 'aborted', error };
  }
  return chunks.text();
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

/** A request body as the relay sees it, whichever server delivered it. */
export interface BodySource {
  header(name: string): string | null;
  /** The body as text, read no further than `maxBytes` (a declared Content-Length is checked first). */
  text(maxBytes: number): Promise<BodyText>;
  /** The body will not be read. */
  discard(): Promise<void>;
}

export type JsonObject =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; status: 400 | 413 | 415; reason: 'content_type' | 'too_large' | 'aborted' | 'invalid_json' };

/** The request's body as a JSON object, or why it is refused. */
export async function readJsonObject(source: BodySource, maxBytes: number): Promise<JsonObject> {
  if (!isJsonContentType(source.header('content-type'))) {
    await source.discard();
    return { ok: false, status: 415, reason: 'content_type' };
  }
  const text = await source.text(maxBytes);
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
