/**
 * The relay's access log: one entry per request, built only from fixed fields (never a
 * body, a header value, a key, a token, an email or a phone number).
 */

export interface RelayLogEntry {
  /** ISO 8601 time the request arrived. */
  time: string;
  /** Also sent to the client as `X-Request-Id`, to match a complaint to a line. */
  requestId: string;
  method: string;
  /** The route's path, or `(other)`: unknown paths are attacker-chosen text. */
  path: string;
  status: number;
  durationMs: number;
  /** A fixed reason for the operator, e.g. `upstream-error-key`, `rate-limited`. */
  note?: string;
}

export type RelayLogger = (entry: RelayLogEntry) => void;

/** The default: one JSON line on stdout; problems the operator must act on go to stderr. */
export const jsonLineLogger: RelayLogger = (entry) => {
  const line = JSON.stringify(entry);
  if (entry.status >= 500) console.error(line);
  else console.log(line);
};

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE']);

export const logMethod = (method: string): string => (KNOWN_METHODS.has(method) ? method : '(other)');
