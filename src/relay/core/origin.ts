/**
 * The origin check and CORS. Browsers always send `Origin` on a cross-origin POST and
 * cannot forge it, so an exact match against the configured list decides; requests
 * without `Origin` come from servers or tools and are served like any other.
 */

export type OriginVerdict =
  /** No `Origin`: not a browser's cross-origin call. */
  | { kind: 'none' }
  /** The relay's own origin: no CORS headers needed. */
  | { kind: 'same' }
  /** Listed in `allowedOrigins`: answered with CORS headers for exactly this origin. */
  | { kind: 'allowed'; origin: string }
  | { kind: 'denied' };

const ORIGIN = /^https?:\/\/[^/?#\s]+$/;

/** Checks an `allowedOrigins` entry: `scheme://host[:port]` exactly as browsers send it. */
export function assertOrigin(entry: string): string {
  let parsed: URL | undefined;
  try {
    parsed = ORIGIN.test(entry) ? new URL(entry) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.origin !== entry) {
    throw new TypeError(
      `allowed origin ${JSON.stringify(entry)} is not an origin: write it as scheme://host[:port] ` +
        'in lower case, without a path or trailing slash (e.g. https://shop.example)',
    );
  }
  return entry;
}

/** `ownOrigin`: `scheme://host[:port]` the request was addressed to. */
export function judgeOrigin(headers: Headers, ownOrigin: string, allowed: ReadonlySet<string>): OriginVerdict {
  const origin = headers.get('origin');
  if (origin === null) return { kind: 'none' };
  if (allowed.has(origin)) return { kind: 'allowed', origin };
  // Behind a proxy the URL we see may differ from the page's; the browser's own
  // (unforgeable) Sec-Fetch-Site then still tells a same-origin call apart.
  if (origin === ownOrigin || headers.get('sec-fetch-site') === 'same-origin') {
    return { kind: 'same' };
  }
  return { kind: 'denied' };
}

const PREFLIGHT_MAX_AGE = '600';

/** CORS headers for any answer to an allowed cross-origin caller. */
export function corsHeaders(verdict: OriginVerdict): Record<string, string> {
  if (verdict.kind !== 'allowed') return {};
  return {
    'Access-Control-Allow-Origin': verdict.origin,
    'Access-Control-Expose-Headers': 'Retry-After, X-Request-Id',
  };
}

/**
 * Extra headers of a preflight answer: `methods` as in `Allow`, and the request headers the
 * route reads (`Content-Type`, and `Authorization` for the session of the steps).
 */
export function preflightHeaders(verdict: OriginVerdict, methods: string, requestHeaders: string): Record<string, string> {
  if (verdict.kind !== 'allowed') return {};
  return {
    'Access-Control-Allow-Methods': methods,
    'Access-Control-Allow-Headers': requestHeaders,
    'Access-Control-Max-Age': PREFLIGHT_MAX_AGE,
  };
}
