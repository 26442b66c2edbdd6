/** Where the Deriv socket connects: `wsUrl` plus `app_id` and Deriv's language code `l`. */

/** Deriv's `l` from a BCP 47 tag: `zh-cn` → `ZH_CN`, `zh-tw` → `ZH_TW`, `pt-BR` → `PT`, `` → `EN`. */
export function derivLanguage(lang: string): string {
  const tag = lang.trim().toLowerCase().replace(/_/g, '-');
  if (!tag) return 'EN';
  // Chinese is the one language Deriv splits by script/region.
  if (tag === 'zh' || tag.startsWith('zh-')) return /^zh-(tw|hk|mo|hant)/.test(tag) ? 'ZH_TW' : 'ZH_CN';
  return tag.split('-')[0]!.toUpperCase();
}

/**
 * The socket URL. Keeps the query parameters `wsUrl` already has; resolves a relative URL
 * against the page and maps http(s) to ws(s). Throws a TypeError for a URL that cannot be parsed.
 */
export function derivSocketUrl(wsUrl: string, appId: string, lang: string): string {
  const url = new URL(wsUrl, globalThis.location?.href);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  url.searchParams.set('app_id', appId);
  url.searchParams.set('l', derivLanguage(lang));
  return url.href;
}
