/**
 * Sends one multipart upload to the relay with XMLHttpRequest: unlike fetch, it reports upload
 * progress. Resolves with the answer (status null: no answer came); never rejects.
 */

export interface SendResult {
  status: number | null;
  body: unknown;
  aborted: boolean;
}

/** An upload of a few MB on a slow mobile link can take a while; past this it counts as a network failure. */
export const UPLOAD_TIMEOUT_MS = 120_000;

export function sendFile(
  url: string,
  session: string,
  form: FormData,
  onProgress: (loaded: number, total: number) => void,
  signal: AbortSignal,
): Promise<SendResult> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    const done = (result: SendResult) => {
      signal.removeEventListener('abort', abort);
      resolve(result);
    };
    const abort = () => xhr.abort();
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${session}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.timeout = UPLOAD_TIMEOUT_MS;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: the status alone decides.
      }
      done({ status: xhr.status, body, aborted: false });
    };
    xhr.onerror = xhr.ontimeout = () => done({ status: null, body: null, aborted: false });
    xhr.onabort = () => done({ status: null, body: null, aborted: true });
    if (signal.aborted) return done({ status: null, body: null, aborted: true });
    signal.addEventListener('abort', abort);
    xhr.send(form);
  });
}
