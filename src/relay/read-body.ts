/**
 * Reads a body as UTF-8 text with a byte limit enforced while streaming: reading stops
 * (and the stream is cancelled) as soon as the limit is passed, whatever Content-Length said.
 */

export type BodyText =
  | { ok: true; text: string }
  | { ok: false; reason: 'too_large' | 'not_utf8' | 'aborted'; error?: unknown };

interface HasBody {
  body: ReadableStream<Uint8Array> | null;
  headers: Headers;
}

export async function readBodyText(message: HasBody, maxBytes: number): Promise<BodyText> {
  const declared = message.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    await message.body?.cancel().catch(() => {});
    return { ok: false, reason: 'too_large' };
  }
  if (!message.body) return { ok: true, text: '' };
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: 'too_large' };
      }
      chunks.push(value);
    }
  } catch (error) {
    return { ok: false, reason: 'aborted', error };
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: 'not_utf8' };
  }
}

/** True for `application/json` with no parameter but an optional UTF-8 charset. */
export function isJsonContentType(value: string | null): boolean {
  if (value === null) return false;
  const [type, ...params] = value.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((param) => param === '' || /^charset="?utf-8"?$/.test(param));
}

export type JsonObject =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; status: 400 | 413 | 415; reason: 'content_type' | 'too_large' | 'aborted' | 'invalid_json' };

/** The request's body as a JSON object, or why it is refused. */
export async function readJsonObject(request: Request, maxBytes: number): Promise<JsonObject> {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    await request.body?.cancel().catch(() => {});
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
