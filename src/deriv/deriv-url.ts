/**
 * Where the Deriv socket connects: `wsUrl` plus `app_id` and Deriv's language code `l`
 * (`resolveLanguage` gives it: `EN`, `ZH_CN`, ...). Keeps the query parameters `wsUrl` already has;
 * resolves a relative URL against the page and maps http(s) to ws(s). Throws a TypeError for a URL
 * that cannot be parsed.
 */
export function derivSocketUrl(wsUrl: string, appId: string, l: string): string {
  const url = new URL(wsUrl, globalThis.location?.href);
  // http: to ws:, https: to wss:.
  url.protocol = url.protocol.replace(/^http/, 'ws');
  url.searchParams.set('app_id', appId);
  url.searchParams.set('l', l);
  return url.href;
}
