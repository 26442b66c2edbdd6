/**
 * Reads a binary body with a byte limit enforced while streaming: a declared Content-Length
 * over the limit is refused before a byte is read, and a body that grows past the limit is
 * cancelled there. The bytes are kept as a Blob, which `new Request(..., { body })` takes as is.
 */
import { declaredTooLarge } from '../read-body.js';

export type BodyBlob = { ok: true; blob: Blob } | { ok: false; reason: 'too_large' | 'aborted' };

export async function readBlob(body: ReadableStream<Uint8Array> | null, contentLength: string | null, maxBytes: number): Promise<BodyBlob> {
  if (declaredTooLarge(contentLength, maxBytes)) {
    await body?.cancel().catch(() => {});
    return { ok: false, reason: 'too_large' };
  }
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  if (!body) return { ok: true, blob: new Blob(chunks) };
  const reader = body.getReader();
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
      chunks.push(value as Uint8Array<ArrayBuffer>);
    }
  } catch {
    return { ok: false, reason: 'aborted' };
  }
  return { ok: true, blob: new Blob(chunks) };
}
